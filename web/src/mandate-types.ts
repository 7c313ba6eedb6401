/**
 * The hand-off API as the creditor's web app reads it: a customer's case handed to a partner
 * (an agency on this instance or an outside partner reached by email), with the figures the
 * server computes for it. Amounts are decimal strings with their currency; dates "YYYY-MM-DD".
 */
import type { MoneyJson, PlainDate } from './api-types.js';

export const MANDATE_STATUSES = ['active', 'ended', 'taken_back'] as const;
export type MandateStatus = (typeof MANDATE_STATUSES)[number];

export const MANDATE_ACTING_AS = ['creditor', 'agency'] as const;
export type MandateActingAs = (typeof MANDATE_ACTING_AS)[number];

/** An agency organization on this instance (`GET /api/partners`). */
export interface Partner {
  id: string;
  name: string;
  legal_name: string | null;
  country: string | null;
}

/** One mandate (`GET /api/mandates`, `POST /api/customers/:id/mandates`). */
export interface Mandate {
  id: string;
  customer: { id: string; name: string; external_ref: string };
  partner: { kind: 'agency' | 'outside'; organization_id: string | null; name: string; email: string | null };
  acting_as: MandateActingAs;
  /** "15" or "12.5". */
  fee_percent: string;
  fee_fixed: MoneyJson;
  starts_on: PlainDate;
  ends_on: PlainDate | null;
  status: MandateStatus;
  /** Active and within its dates: the partner works the case and the creditor's scenario waits. */
  live: boolean;
  closed_on: PlainDate | null;
  step_id: string | null;
  overdue_days_at_handoff: number;
  note: string | null;
  handed: MoneyJson;
  recovered: MoneyJson;
  outstanding: MoneyJson;
  fee: MoneyJson;
  recovery_rate_percent: string;
}

/** One thing done on the customer's account since the hand-off, worded by the server in each language. */
export interface MandateActivity {
  /** A day ("2026-03-03") or an instant. */
  on: string;
  kind: string;
  summary: { en: string; fr: string };
  outbox_message_id?: string | null;
}

export interface MandatePayment {
  id: string;
  reference: string;
  received_on: PlainDate;
  amount: MoneyJson;
  recorded_by_partner: boolean;
}

/** `GET /api/mandates/:id`: the mandate with everything done and paid since the hand-off. */
export interface MandateDetail extends Mandate {
  activity: MandateActivity[];
  payments: MandatePayment[];
}

/** The body of `POST /api/customers/:id/mandates`: exactly one of agency_organization_id or partner_email. */
export interface HandOffInput {
  agency_organization_id?: string;
  partner_name?: string;
  partner_email?: string;
  acting_as: MandateActingAs;
  fee_percent: string;
  fee_fixed?: MoneyJson;
  ends_on?: PlainDate | null;
  note?: string | null;
}
