/** The shapes of the collection API (scenarios, late fees, collection status, templates, outbox) as the web app reads them. */
import type { MoneyJson, PlainDate } from './api-types.js';

export interface Bilingual {
  fr: string;
  en: string;
}

export interface CustomerLabel {
  id: string;
  reference: string;
  name: string;
}

export interface LateFeeInvoice {
  id: string;
  number: string;
  due_date: PlainDate;
  days_late: number;
  open: MoneyJson;
  interest: MoneyJson | null;
  /** The interest of the late days with a rate on file: what reminders state while a rate is missing. */
  interest_on_file: MoneyJson;
  indemnity: MoneyJson;
}

export interface LateFeeTotals {
  open: MoneyJson;
  interest: MoneyJson | null;
  interest_on_file: MoneyJson;
  indemnity: MoneyJson;
  fees: MoneyJson | null;
  fees_on_file: MoneyJson;
}

export interface CustomerLateFees {
  customer: CustomerLabel;
  as_of: PlainDate;
  law: string;
  claim_interest: boolean;
  claim_indemnity: boolean;
  invoices: LateFeeInvoice[];
  totals: LateFeeTotals[];
  unknown_from: PlainDate | null;
  /** The half-years ("2026-H2") without a rate on file. */
  missing_rates: string[];
}

export interface NextStep {
  kind: 'send' | 'notify_owner' | 'none';
  why: string | null;
  on: PlainDate | null;
  steps: { id: string; channel: string }[];
  reason: Bilingual;
  balance: MoneyJson | null;
}

export interface CustomerCollection {
  as_of: PlainDate;
  scenario: { id: string; name: Bilingual; source: string; reason: Bilingual };
  risk: { level: string | null; reasons: unknown };
  case: { id: string; opened_on: PlainDate } | null;
  next_step: NextStep;
  disputes: { id: string; invoice: { id: string | null; number: string | null }; reason: string; note: string | null; status: string; opened_on: PlainDate }[];
  promises: { id: string; promised_on: PlainDate; grace_days: number; invoice_numbers: string[] | null }[];
  payment_plans: { id: string; status: string; invoice_numbers: string[]; instalments: { due_date: PlainDate; amount: MoneyJson }[] }[];
  holds: { id: string; reason: string; until: PlainDate }[];
}

export interface ScenarioStep {
  id: string;
  name: Bilingual;
  offset_days: number;
  channel: string;
  sender: string;
  requires_approval: boolean;
  states_late_fees: boolean;
  notify_owner_before_days: number;
}

export interface Scenario {
  id: string;
  name: Bilingual;
  description: Bilingual | null;
  source: 'built_in' | 'custom';
  steps: ScenarioStep[];
}

export interface Template {
  id: string;
  template: string;
  language: string;
  partial: boolean;
  formal: boolean;
  /** The built-in text. */
  text: string;
  /** The organization's own text, which its messages use instead; null when it has none. */
  override: { text: string; updated_at: string; updated_by: string | null } | null;
}

export interface ToneHint {
  category: 'vague' | 'apologetic' | 'accusatory' | 'threatening';
  text: string;
  line: number;
  column: number;
  suggestion: string;
  why: Bilingual;
}

export const OUTBOX_STATUSES = ['queued', 'sending', 'sent', 'kept', 'failed', 'unknown', 'cancelled'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export interface OutboxMessage {
  id: string;
  customer: CustomerLabel;
  channel: string;
  status: OutboxStatus;
  needs_attention: boolean;
  /** A queued email waiting for the organization's sender email. */
  held: boolean;
  subject: string;
  attempts: number;
  last_error: string | null;
  sent_at: string | null;
  created_at: string;
  recipient: { name?: string; email?: string; phone?: string; postalAddress?: string };
}

export interface OutboxMessageDetail extends OutboxMessage {
  text: string;
  html: string | null;
}
