
/**
 * Row shapes of every table. Amounts are integer minor units (`*_minor`), dates are
 * "YYYY-MM-DD" strings, instants are ISO-8601 UTC strings. Every business row carries
 * `organization_id`; stores take it as their first argument.
 */
export interface Database {
  organizations: OrganizationRow;
  users: UserRow;
  sessions: SessionRow;
  api_keys: ApiKeyRow;
  customers: CustomerRow;
  contacts: ContactRow;
  invoices: InvoiceRow;
  credit_notes: CreditNoteRow;
  payments: PaymentRow;
  allocations: AllocationRow;
  imports: ImportRow;
}

export interface OrganizationRow {
  id: string;
  name: string;
  legal_name: string;
  country: string;
  currency: string;
  time_zone: string;
  locale: string;
  registration_id: string | null;
  vat_id: string | null;
  address: string | null;
  /** JSON array of {label, iban, bic}. */
  bank_accounts: string;
  default_terms: string;
  created_at: string;
}

export interface UserRow {
  id: string;
  organization_id: string;
  email: string;
  name: string;
  password_hash: string;
  role: string;
  locale: string;
  created_at: string;
}

export interface SessionRow {
  token_hash: string;
  user_id: string;
  organization_id: string;
  expires_at: string;
  created_at: string;
}

export interface ApiKeyRow {
  id: string;
  organization_id: string;
  name: string;
  key_hash: string;
  /** First characters of the key, shown so a person can tell keys apart. */
  prefix: string;
  role: string;
  created_at: string;
  revoked_at: string | null;
}

export interface CustomerRow {
  id: string;
  organization_id: string;
  external_ref: string;
  name: string;
  registration_id: string | null;
  vat_id: string | null;
  language: string;
  segment: string | null;
  owner_user_id: string | null;
  credit_limit_minor: number | null;
  payment_terms: string | null;
  created_at: string;
  updated_at: string;
}

export interface ContactRow {
  id: string;
  organization_id: string;
  customer_id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  role: string;
  created_at: string;
}

export interface InvoiceRow {
  id: string;
  organization_id: string;
  customer_id: string;
  number: string;
  issue_date: string;
  due_date: string;
  currency: string;
  amount_minor: number;
  payment_terms: string | null;
  source: string;
  created_at: string;
}

export interface CreditNoteRow {
  id: string;
  organization_id: string;
  customer_id: string;
  number: string;
  issue_date: string;
  currency: string;
  amount_minor: number;
  /** The invoice this credit note corrects, when known. */
  invoice_id: string | null;
  source: string;
  created_at: string;
}

export interface PaymentRow {
  id: string;
  organization_id: string;
  customer_id: string;
  /** The payer's or the bank's reference; unique per organization, what makes imports idempotent. */
  reference: string;
  received_on: string;
  currency: string;
  amount_minor: number;
  method: string;
  source: string;
  created_at: string;
}

/**
 * Money moved from a credit (payment or credit note) onto an invoice. A side may be empty
 * when the ledger says an item is settled against something outside Relance (a lettering
 * group of an accounting export whose counterpart predates the file).
 */
export interface AllocationRow {
  id: string;
  organization_id: string;
  invoice_id: string | null;
  payment_id: string | null;
  credit_note_id: string | null;
  amount_minor: number;
  allocated_on: string;
  note: string | null;
  created_at: string;
}

export interface ImportRow {
  id: string;
  organization_id: string;
  kind: string;
  file_name: string;
  sha256: string;
  rows: number;
  created_at: string;
  summary: string;
}

