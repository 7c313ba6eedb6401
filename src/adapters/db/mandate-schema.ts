/** A creditor collects its own receivables; an agency works the cases creditors hand to it. */
export const ORGANIZATION_KINDS = ['creditor', 'agency'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

/** `active` while the partner works the case; `ended` at its term or by either side; `taken_back` by the creditor. */
export const MANDATE_STATUSES = ['active', 'ended', 'taken_back'] as const;
export type MandateStatus = (typeof MANDATE_STATUSES)[number];

/** In whose name the partner writes to the customer. */
export const MANDATE_ACTING_AS = ['creditor', 'agency'] as const;
export type MandateActingAs = (typeof MANDATE_ACTING_AS)[number];

/**
 * One customer's case handed by a creditor (`organization_id`) to a partner: an agency on this
 * instance (`agency_organization_id`) or an outside partner reached at `partner_email`.
 */
export interface MandateRow {
  id: string;
  organization_id: string;
  customer_id: string;
  agency_organization_id: string | null;
  partner_name: string;
  partner_email: string | null;
  acting_as: MandateActingAs;
  /** Fee on what is recovered, in basis points: 1500 is 15 %. */
  fee_percent_bp: number;
  /** Fee per case whatever is recovered, in minor units of `currency`. */
  fee_fixed_minor: number;
  currency: string;
  starts_on: string;
  /** Last day of the mandate; null when it runs until ended or taken back. */
  ends_on: string | null;
  status: MandateStatus;
  closed_on: string | null;
  closed_by: string | null;
  /** The user who handed the case; null when the scenario's hand-off step did. */
  handed_by: string | null;
  /** The scenario step the case stood at when handed. */
  step_id: string | null;
  balance_at_handoff_minor: number;
  /** Days past due of the oldest overdue invoice on the day of hand-off. */
  overdue_days_at_handoff: number;
  /** JSON array of the ids of the invoices open on the day of hand-off. */
  invoice_ids: string;
  note: string | null;
  created_at: string;
  updated_at: string;
}
