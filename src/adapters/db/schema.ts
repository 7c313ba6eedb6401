import type { ColumnType } from 'kysely';
import type { BankAccountRow, BankLineRow } from './bank-schema.js';
import type { InboundAttachmentRow, InboundMailboxRow, InboundMessageRow } from './inbound-schema.js';
import type { DebtorRequestFileRow, DebtorRequestPolicyRow, DebtorRequestRow } from './debtor-request-schema.js';
import type { PortalLinkPassRow, PortalLinkRow } from './portal-schema.js';
import type { PortalSettingsRow } from './portal-settings-schema.js';
import type { MandateRow, OrganizationKind } from './mandate-schema.js';
import type { AgencyScenarioRow } from './agency-scenario-schema.js';

/**
 * Row shapes of every table. Amounts are integer minor units (`*_minor`), dates are
 * "YYYY-MM-DD" strings, instants are ISO-8601 UTC strings. Every business row carries
 * `organization_id`; stores take it as their first argument.
 */
export interface Database {
  organizations: OrganizationRow & { payment_reference_serial: PaymentReferenceSerial };
  users: UserRow;
  sessions: SessionRow;
  sign_in_failures: SignInFailureRow;
  api_keys: ApiKeyRow;
  customers: CustomerRow & { search_name: CustomerSearchKey; search_identifiers: CustomerSearchKey };
  contacts: ContactRow;
  invoices: InvoiceRow & { open_minor: StoredOpenAmount };
  credit_notes: CreditNoteRow & { unapplied_minor: StoredOpenAmount };
  payments: PaymentRow & { unapplied_minor: StoredOpenAmount };
  allocations: AllocationRow;
  imports: ImportRow;
  late_payment_rates: LatePaymentRateRow;
  late_fee_policies: LateFeePolicyRow;
  collection_settings: CollectionSettingsRow;
  custom_scenarios: CustomScenarioRow;
  scenario_assignment_rules: ScenarioAssignmentRuleRow;
  customer_scenarios: CustomerScenarioRow;
  collection_cases: CollectionCaseRow;
  collection_actions: CollectionActionRow;
  contact_logs: ContactLogRow;
  collection_tasks: CollectionTaskRow;
  disputes: DisputeRow;
  payment_promises: PaymentPromiseRow;
  payment_plans: PaymentPlanRow;
  collection_holds: CollectionHoldRow;
  invoice_reminder_exclusions: InvoiceReminderExclusionRow;
  timeline_events: TimelineEventRow;
  customer_notes: CustomerNoteRow;
  collection_runs: CollectionRunRow;
  outbox_messages: OutboxMessageRow;
  webhook_endpoints: WebhookEndpointRow;
  webhook_deliveries: WebhookDeliveryRow;
  organization_templates: OrganizationTemplateRow;
  invoice_files: InvoiceFileRow;
  channel_settings: ChannelSettingsRow;
  worklist_standings: WorklistStandingRow;
  customer_figures_days: CustomerFiguresDayRow;
  customer_figures: CustomerFiguresRow;
  payment_claims: PaymentClaimRow;
  bank_accounts: BankAccountRow;
  bank_lines: BankLineRow;
  inbound_mailboxes: InboundMailboxRow;
  inbound_messages: InboundMessageRow;
  inbound_attachments: InboundAttachmentRow;
  debtor_requests: DebtorRequestRow;
  debtor_request_files: DebtorRequestFileRow;
  debtor_request_policies: DebtorRequestPolicyRow;
  portal_links: PortalLinkRow;
  portal_link_passes: PortalLinkPassRow;
  portal_settings: PortalSettingsRow;
  mandates: MandateRow;
  agency_scenarios: AgencyScenarioRow;
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
  /** The region whose public holidays apply, as date-holidays names it ("57" for Moselle); null for the whole country. */
  holiday_region: string | null;
  /** How invoices' payment references are written (core/payments/payment-reference.ts); null for the country's default. */
  payment_reference_scheme?: string | null;
  /** creditor (collects its own receivables) or agency (works cases creditors hand to it); 0042-m. */
  kind?: OrganizationKind;
  created_at: string;
}

/** An organization's own mail server and SMS provider; secrets sealed by secret-box.ts, never sent back. */
export interface ChannelSettingsRow {
  organization_id: string;
  smtp_host: string | null;
  smtp_port: number | null;
  /** none | starttls | tls */
  smtp_security: string;
  smtp_user: string | null;
  smtp_password_sealed: string | null;
  smtp_from: string | null;
  sms_provider_url: string | null;
  sms_token_sealed: string | null;
  updated_at: string;
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

/** Failed sign-ins of one account ("account", normalised email) or one client address ("address"). */
export interface SignInFailureRow {
  scope: 'account' | 'address';
  subject: string;
  failures: number;
  last_failure_at: string;
  /** Until when sign-ins are refused, or null while under the free attempts. */
  locked_until: string | null;
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

/**
 * An invoice's open amount, or a payment's or credit note's unapplied credit: the amount minus
 * its allocations, stored and moved in the same transaction as every allocation (migration 0020-o,
 * stores/stored-open-amounts.ts). Optional on insert: the stores fill it in.
 */
export type StoredOpenAmount = ColumnType<number, number | undefined, number>;

/**
 * What a search compares of a customer, computed by the database from its columns and never
 * written: the name and the reference in lower case (migration 0032-s), the VAT and registration
 * numbers in lower case without separators (0031-s).
 */
export type CustomerSearchKey = ColumnType<string, never, never>;

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
  /**
   * What the customer quotes with a transfer, electronic form (12 digits or "RF…"), unique in the
   * organization and never changed once given (migration 0033-p). Left out on insert, the stores
   * give the next one (stores/payment-references.ts).
   */
  payment_reference?: string | null;
}

/** The last serial an organization gave an invoice's payment reference; moved only by stores/payment-references.ts. */
export type PaymentReferenceSerial = ColumnType<number, number | undefined, number>;

/** An invoice's PDF as issued; see migration 0010. */
export interface InvoiceFileRow {
  invoice_id: string;
  organization_id: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  content_base64: string;
  uploaded_at: string;
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
  /** Recorded by the agency working the case under this mandate (0042-m). */
  mandate_id?: string | null;
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


/**
 * One message waiting for, or past, its channel. `recipient`, `sender`, `attachments` and
 * `invoice_ids` are JSON; `message_id` is derived from `id` so a duplicate delivery shows.
 */
export interface OutboxMessageRow {
  id: string;
  organization_id: string;
  action_id: string;
  customer_id: string;
  /** email | sms | letter | registered_letter */
  channel: string;
  message_id: string;
  recipient: string;
  sender: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  attachments: string;
  invoice_ids: string;
  /** queued | sending | sent | kept | failed | unknown | cancelled */
  status: string;
  attempts: number;
  not_before: string;
  next_attempt_at: string;
  last_error: string | null;
  /** permanent | unknown | cancelled | expired_claim: why a person may need to look. */
  failure_kind: string | null;
  provider_message_id: string | null;
  /** The .eml or .pdf written for this message, when one was. */
  document_path: string | null;
  claimed_by: string | null;
  claimed_until: string | null;
  /** Written just before the transport is called: after it, the outcome may be unknown. */
  transport_called_at: string | null;
  sent_at: string | null;
  /** A person held this queued message: when, and who; null when it is not held. */
  held_at: string | null;
  held_by_user_id: string | null;
  /** An answer to a customer's email: the Message-ID it answers and the thread's References (0041-e). */
  in_reply_to?: string | null;
  thread_references?: string | null;
  /** Written by a partner working the case under this mandate (0042-m). */
  mandate_id?: string | null;
  created_at: string;
  updated_at: string;
}

/** How the collection run behaves for one organization; a missing row means the defaults. */
export interface CollectionSettingsRow {
  organization_id: string;
  minimum_balance_minor: number;
  minimum_gap_days: number;
  /** "HH:MM" in the organization's time zone; the end is exclusive. */
  business_hours_start: string;
  business_hours_end: string;
  /** "HH:MM": when `relance serve` runs the day's collection. */
  daily_run_time: string;
  thank_you_enabled: number;
  /** 1: collection emails carry the customer's statement PDF. */
  attach_statement: number;
  default_scenario_id: string;
  sender_name: string | null;
  sender_email: string | null;
  sender_phone: string | null;
  agency_name: string | null;
  agency_email: string | null;
  agency_phone: string | null;
  reply_to: string | null;
  portal_base_url: string | null;
  /** Above this balance (minor units) a debtor-page link asks for a mailed code; null: never. */
  portal_code_above_minor?: number | null;
  handoff_minimum_minor: number | null;
  formal_notice_min_reminders: number | null;
  approval_threshold_minor: number | null;
  rejection_hold_days: number | null;
  /** The agency the hand-off step hands a case to by itself, and its terms (0043-m); null: a person decides. */
  handoff_agency_organization_id?: string | null;
  handoff_acting_as?: string | null;
  handoff_fee_percent_bp?: number | null;
  handoff_fee_fixed_minor?: number | null;
  handoff_term_days?: number | null;
  updated_at: string;
}

/** A scenario written by the organization, stored as the JSON its validation accepts. */
export interface CustomScenarioRow {
  id: string;
  organization_id: string;
  scenario_id: string;
  definition: string;
  created_at: string;
  updated_at: string;
}

/** One ordered assignment rule; `rule` is the JSON of an `AssignmentRule`. */
export interface ScenarioAssignmentRuleRow {
  id: string;
  organization_id: string;
  position: number;
  rule: string;
  created_at: string;
}

/** A scenario chosen by hand for one customer. */
export interface CustomerScenarioRow {
  customer_id: string;
  organization_id: string;
  scenario_id: string;
  set_by: string | null;
  updated_at: string;
}

export interface CollectionCaseRow {
  id: string;
  organization_id: string;
  customer_id: string;
  /** open | closed */
  status: string;
  opened_on: string;
  closed_on: string | null;
  open_customer_id: string | null;
  created_at: string;
}

export interface CollectionActionRow {
  id: string;
  organization_id: string;
  customer_id: string;
  case_id: string | null;
  episode_key: string;
  step_id: string;
  scenario_id: string;
  channel: string;
  /** planned | sent | failed | skipped | cancelled | awaiting_approval | rejected */
  status: string;
  planned_on: string;
  not_before: string | null;
  invoice_numbers: string;
  invoice_ids: string;
  invoice_amounts: string;
  balance_minor: number;
  currency: string;
  reason_en: string;
  reason_fr: string;
  status_note: string | null;
  /** JSON array of invoices the message named as coming due (not overdue yet); null for none. */
  coming_due_numbers: string | null;
  /** A rejected step: the day it may be proposed again. */
  retry_on: string | null;
  created_at: string;
  updated_at: string;
}

/** A contact made outside Relance (a call, an email sent by hand): it counts like the ones Relance makes. */
export interface ContactLogRow {
  id: string;
  organization_id: string;
  customer_id: string;
  occurred_on: string;
  channel: string;
  note: string;
  author_user_id: string | null;
  task_id: string | null;
  created_at: string;
}

export interface CollectionTaskRow {
  id: string;
  organization_id: string;
  customer_id: string;
  case_id: string | null;
  action_id: string | null;
  /** call | approval | handoff | owner_notice | dispute | delivery | debtor_request (asked on the debtor's page) | reply (a debtor's email) */
  kind: string;
  step_id: string | null;
  dedupe_key: string;
  /** open | done | cancelled */
  status: string;
  title_en: string;
  title_fr: string;
  detail: string | null;
  due_on: string;
  assignee_user_id: string | null;
  outcome: string | null;
  created_on: string;
  created_at: string;
  completed_at: string | null;
  /** Which attempt of its chain a call task is: 1, then 2 and 3 for retries after no answer. */
  attempt: number;
  /** A completed call's structured outcome, JSON (see record-call-outcome.ts); null otherwise. */
  call_outcome: string | null;
  /** What the task's step asks for, copied from its action when the task is made (0 without one): the inbox sorts on it. */
  stake_minor: number;
  /** An agency's task on a case it holds under this mandate; the row belongs to the agency (0042-m). */
  mandate_id?: string | null;
}

export interface DisputeRow {
  id: string;
  organization_id: string;
  customer_id: string;
  invoice_id: string;
  /** invoice_error | not_delivered | not_as_agreed | price | other */
  reason: string;
  note: string | null;
  /** open | resolved */
  status: string;
  opened_on: string;
  /** credit_note | partial_write_off | rejected */
  resolution: string | null;
  resolution_note: string | null;
  resolved_on: string | null;
  created_by: string | null;
  created_at: string;
}

export interface PaymentPromiseRow {
  id: string;
  organization_id: string;
  customer_id: string;
  promised_on: string;
  grace_days: number;
  /** JSON array of invoice numbers; null for the whole balance. */
  invoice_numbers: string | null;
  /** What the customer said they would pay, in minor units of `amount_currency`; null when not said. */
  amount_minor: number | null;
  amount_currency: string | null;
  note: string | null;
  created_on: string;
  created_by: string | null;
  created_at: string;
}

export interface PaymentPlanRow {
  id: string;
  organization_id: string;
  customer_id: string;
  invoice_numbers: string;
  instalments: string;
  grace_days: number;
  /** active | cancelled */
  status: string;
  created_on: string;
  created_by: string | null;
  created_at: string;
}

export interface CollectionHoldRow {
  id: string;
  organization_id: string;
  customer_id: string;
  reason: string;
  until: string;
  created_on: string;
  created_by: string | null;
  released_at: string | null;
  created_at: string;
}

/** An invoice left out of reminders by a person, with why; removed when it is included again. */
export interface InvoiceReminderExclusionRow {
  id: string;
  organization_id: string;
  customer_id: string;
  invoice_id: string;
  reason: string;
  excluded_on: string;
  created_by: string | null;
  created_at: string;
}

/** The written record of every exchange and event with one customer. */
export interface TimelineEventRow {
  id: string;
  organization_id: string;
  customer_id: string;
  occurred_on: string;
  kind: string;
  summary_en: string;
  summary_fr: string;
  subject_id: string | null;
  /** What a partner did under this mandate (0042-m). */
  mandate_id?: string | null;
  created_at: string;
}

/** A note a person wrote about a customer; see migration 0018-b. */
export interface CustomerNoteRow {
  id: string;
  organization_id: string;
  customer_id: string;
  text: string;
  written_on: string;
  author_user_id: string | null;
  author_api_key_id: string | null;
  created_at: string;
}

export interface CollectionRunRow {
  organization_id: string;
  run_on: string;
  started_at: string;
  finished_at: string | null;
  summary: string | null;
}

/** A half-year late-payment rate an administrator added for one organization (docs/late-fees.md). */
export interface LatePaymentRateRow {
  id: string;
  organization_id: string;
  /** fr | be | de | eu */
  law: string;
  /** 1 January or 1 July, "YYYY-MM-DD". */
  from_date: string;
  /** Percent per year as a decimal string, kept exact. */
  percent: string;
  source: string;
  /** 1 when the row stands in for the built-in rate of the same half-year. */
  replaces_built_in: number;
  added_by: string;
  created_at: string;
}

/** An organization's late-fee policy; a missing row means the defaults of its country. */
export interface LateFeePolicyRow {
  organization_id: string;
  claim_interest: number;
  claim_indemnity: number;
  /** fr | be | de | eu; null follows the organization's country. */
  law: string | null;
  state_from_step: string;
  updated_by: string | null;
  updated_at: string;
}

/** An integrator's URL; `secret` is kept readable because it signs every delivery. */
export interface WebhookEndpointRow {
  id: string;
  organization_id: string;
  url: string;
  /** JSON array of event types */
  events: string;
  secret: string;
  created_by: string | null;
  created_at: string;
  deleted_at: string | null;
}

export interface WebhookDeliveryRow {
  id: string;
  organization_id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  payload: string;
  /** pending | delivered | failed */
  status: string;
  attempts: number;
  response_code: number | null;
  last_error: string | null;
  next_attempt_at: string;
  delivered_at: string | null;
  created_at: string;
  updated_at: string;
}

/** An organization's own text of a built-in message template, in one language (Liquid source). */
export interface OrganizationTemplateRow {
  id: string;
  organization_id: string;
  /** The built-in template it replaces: `firm-reminder`. */
  template_id: string;
  language: string;
  source: string;
  updated_at: string;
  /** The user who saved it; null when an API key did. */
  updated_by: string | null;
}

/** What a customer owes and how it pays, as the daily run of `as_of` worked it out: what Today ranks by. */
export interface WorklistStandingRow {
  organization_id: string;
  customer_id: string;
  as_of: string;
  computed_at: string;
  risk_level: string;
  invoices_considered: number;
  late_count: number;
  overdue_minor: number;
  currency: string;
  days_late: number;
}

/** The day an organization's customer figures are kept for, and the first due date of each bucket on it. */
export interface CustomerFiguresDayRow {
  organization_id: string;
  as_of: string;
  not_due_from: string;
  d1_30_from: string;
  d31_60_from: string;
  d61_90_from: string;
}

/** One customer's aging figures in one currency, as of its organization's kept day (migration 0030-f). */
export interface CustomerFiguresRow {
  organization_id: string;
  currency: string;
  customer_id: string;
  not_due: number;
  d1_30: number;
  d31_60: number;
  d61_90: number;
  over_90: number;
  unapplied: number;
  overdue: number;
  balance: number;
}

/** A customer's word that invoices are already paid (migration 0036-f): they are left alone until `until`. */
export interface PaymentClaimRow {
  id: string;
  organization_id: string;
  customer_id: string;
  /** JSON array of invoice numbers. */
  invoice_numbers: string;
  paid_on: string;
  amount_minor: number | null;
  amount_currency: string | null;
  reference: string | null;
  note: string | null;
  until: string;
  status: 'open' | 'found' | 'not_found';
  closed_on: string | null;
  created_on: string;
  created_by: string | null;
  created_at: string;
}
