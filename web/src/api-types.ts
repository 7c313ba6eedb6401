/**
 * The shapes the Relance API sends, as far as the web app reads them. Amounts are decimal
 * strings with their currency; dates are "YYYY-MM-DD".
 */
export interface MoneyJson {
  amount: string;
  currency: string;
}

export type PlainDate = string;

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: string;
  locale: string;
}

export interface SessionOrganization {
  id: string;
  name: string;
  /** A creditor collects its own receivables; an agency works the cases creditors hand to it. */
  kind: 'creditor' | 'agency';
  country: string;
  currency: string;
  time_zone: string;
  locale: string;
}

export interface Session {
  user: SessionUser;
  organization: SessionOrganization;
}

export const AGING_BUCKETS = ['not_due', 'd1_30', 'd31_60', 'd61_90', 'over_90'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export interface AgingLine {
  balance: MoneyJson;
  overdue: MoneyJson;
  unapplied_credit: MoneyJson;
  buckets: Record<AgingBucket, MoneyJson>;
  oldest_due_date: PlainDate | null;
}

export interface CustomerAging extends AgingLine {
  id: string;
  reference: string;
  name: string;
}

export interface AgingReport extends AgingLine {
  organization: { id: string; name: string };
  as_of: PlainDate;
  currency: string;
  dso_days: number | null;
  customers: CustomerAging[];
  /** How many customers have a line; `customers` holds one page of them. */
  customers_total: number;
  other_currencies: string[];
}

export interface OwnerRef {
  id: string;
  name: string;
}

export interface CustomerSummary {
  id: string;
  reference: string;
  name: string;
  segment: string | null;
  language: string;
  owner: OwnerRef | null;
  balance: MoneyJson;
  overdue: MoneyJson;
  oldest_due_date: PlainDate | null;
  credit_limit: MoneyJson | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface Contact {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  role: string;
}

export interface CustomerDetail {
  id: string;
  reference: string;
  name: string;
  registration_id: string | null;
  vat_id: string | null;
  language: string;
  segment: string | null;
  owner: OwnerRef | null;
  credit_limit: MoneyJson | null;
  payment_terms: string | null;
  contacts: Contact[];
  balance: MoneyJson;
  overdue: MoneyJson;
}

export interface OpenItem {
  id: string;
  number: string;
  issue_date: PlainDate;
  due_date: PlainDate;
  days_overdue: number;
  amount: MoneyJson;
  open: MoneyJson;
  /** What the customer quotes with a transfer, as printed (+++010/8068/17183+++ or RF18 5390 0754 7034). */
  payment_reference: string | null;
  /** The invoice's PDF as issued, sent with the reminders; null without one. */
  pdf: { file_name: string; size_bytes: number } | null;
}

export interface StatementLine {
  date: PlainDate;
  kind: string;
  number: string | null;
  description: string | null;
  debit: MoneyJson | null;
  credit: MoneyJson | null;
  balance: MoneyJson;
}

export interface Statement {
  customer: { id: string; reference?: string; name: string };
  from: PlainDate;
  to: PlainDate;
  opening_balance: MoneyJson;
  lines: StatementLine[];
  total_debit?: MoneyJson;
  total_credit?: MoneyJson;
  closing_balance: MoneyJson;
}

export interface OpenItems {
  items: OpenItem[];
  /** Payments and credit notes not yet set against an invoice, one amount per currency. */
  unapplied_credits?: MoneyJson[];
}

export interface UserSummary {
  id: string;
  name: string;
  email: string;
  role: string;
}

export interface ListOf<T> {
  items: T[];
}

/** RFC 9457 problem details, as every API error is sent. */
export interface Problem {
  title?: string;
  detail?: string;
  status?: number;
  code?: string;
  /** Which request fields are wrong, and why. */
  errors?: { field: string; message: string }[];
  /** `detail` in the interface's languages, for the errors the server words in them. */
  localized_detail?: { en: string; fr: string };
}
