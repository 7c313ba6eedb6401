import type { InvoiceFileRow } from './schema.js';

/** What a customer can ask or say on its page. */
export const DEBTOR_REQUEST_KINDS = ['claim', 'promise', 'plan_request', 'dispute', 'question', 'missing_document', 'contact'] as const;
export type DebtorRequestKind = (typeof DEBTOR_REQUEST_KINDS)[number];

/** `open` waits for a person; the others are settled, by a person or by the creditor's policy. */
export const DEBTOR_REQUEST_STATUSES = ['open', 'accepted', 'rejected', 'answered', 'accepted_automatically'] as const;
export type DebtorRequestStatus = (typeof DEBTOR_REQUEST_STATUSES)[number];

/** One thing a customer asked or said on its page, with the creditor's answer. */
export interface DebtorRequestRow {
  id: string;
  organization_id: string;
  customer_id: string;
  kind: DebtorRequestKind;
  status: DebtorRequestStatus;
  /** JSON of what the customer filled in. */
  payload: string;
  message: string | null;
  subject_id: string | null;
  task_id: string | null;
  answer: string | null;
  answered_by: string | null;
  answered_on: string | null;
  created_on: string;
  created_at: string;
}

/** A file a customer joined to a request (a proof of payment, a disputed delivery note), kept as invoice files are. */
export type DebtorRequestFileRow = Omit<InvoiceFileRow, 'invoice_id'> & { id: string; request_id: string };

/** What a customer may settle alone on its page; the rest waits for a person. */
export interface DebtorRequestPolicyRow {
  organization_id: string;
  promise_max_days: number;
  plan_max_months: number;
  plan_min_instalment_minor: number;
  plan_max_minor: number;
  updated_at: string;
}
