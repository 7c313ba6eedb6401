/** The shapes the customer's actions panel reads from the API. */
import type { MoneyJson, PlainDate } from '../../api-types.js';
import type { CustomerCollection } from '../../collection-types.js';

export interface ExcludedInvoice {
  invoice: { id: string; number: string };
  reason: string;
  excluded_on: PlainDate;
}

/** `GET /api/customers/:id/collection`, with the invoices left out of reminders. */
export interface CollectionForActions extends CustomerCollection {
  excluded_invoices: ExcludedInvoice[];
}

export interface PaymentPlanProposal {
  invoice_numbers: string[];
  total: MoneyJson;
  instalments: { due_date: PlainDate; amount: MoneyJson }[];
}

export interface PreviewedMessage {
  step_id: string;
  channel: string;
  recipient: { name?: string; email?: string; phone?: string; postalAddress?: string } | null;
  sender: { name: string; email?: string; replyTo?: string } | null;
  subject: string | null;
  text: string | null;
  html: string | null;
  attachments: { filename: string; content_type: string; size_bytes: number }[];
  not_before: string | null;
  needs_approval: boolean;
}

/** `GET /api/customers/:id/next-step/preview`. */
export type NextStepPreview =
  | { status: 'nothing_to_remind'; as_of: PlainDate; why: string; next_on: PlainDate | null }
  | { status: 'owner_first'; as_of: PlainDate }
  | { status: 'ready'; as_of: PlainDate; messages: PreviewedMessage[] };

export interface SentNow {
  as_of: PlainDate;
  actions: { step_id: string; channel: string; status: string; not_before: string | null }[];
}

/** A small form of the panel: what it needs to act on the customer, and how it ends. */
export interface ActionFormProps {
  customerPath: string;
  /** Today in the organization's time zone. */
  today: PlainDate;
  /** Called after the API accepted the action, with the sentence to show. */
  onDone(message: string): void;
  onCancel(): void;
}
