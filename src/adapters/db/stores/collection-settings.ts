import { DEFAULT_SCENARIO_ID } from '../../../core/scenarios/built-in.js';
import type { Db } from '../database.js';
import { nowIso } from '../ids.js';
import type { CollectionSettingsRow } from '../schema.js';
import type { MandateActingAs } from '../mandate-schema.js';

/** How the run behaves for one organization (docs/collection-run.md). */
export interface CollectionSettings {
  minimumBalanceMinor: number;
  minimumGapDays: number;
  businessHours: { start: string; end: string };
  /** "HH:MM", local to the organization: when `relance serve` runs the day's collection. */
  dailyRunTime: string;
  thankYouEnabled: boolean;
  /** Collection emails (not thank-yous) carry the customer's statement PDF, drawn up at sending time. */
  attachStatement: boolean;
  defaultScenarioId: string;
  senderName: string | null;
  senderEmail: string | null;
  senderPhone: string | null;
  /** Who steps with the `agency` sender sign as; null: the accounts team. */
  agencyName: string | null;
  agencyEmail: string | null;
  agencyPhone: string | null;
  replyTo: string | null;
  portalBaseUrl: string | null;
  /** Below this balance a case is not handed to an agency: a person decides between a small claim and a write-off. */
  handoffMinimumMinor: number;
  /** Reminders that must have gone out in a case before a formal notice. */
  formalNoticeMinReminders: number;
  /** Steps that need approval go without it below this balance; null: approval always. */
  approvalThresholdMinor: number | null;
  /** Days a rejected step waits before it is proposed again. */
  rejectionHoldDays: number;
  /** The agency the hand-off step hands a case to by itself, on these terms; null: the step leaves a task for a person. */
  handoffPartner: HandoffPartner | null;
}

/** The default partner of the hand-off step and the terms of the mandates it gives. */
export interface HandoffPartner {
  agencyOrganizationId: string;
  actingAs: MandateActingAs;
  feePercentBp: number;
  feeFixedMinor: number;
  /** The mandate lasts this many days from the hand-off; null: until ended or taken back. */
  termDays: number | null;
}

// Below EUR 10 a reminder costs more goodwill than it brings; a week between two contacts
// keeps escalation firm without harassing.
export const DEFAULT_COLLECTION_SETTINGS: CollectionSettings = {
  minimumBalanceMinor: 10_00,
  minimumGapDays: 7,
  businessHours: { start: '09:00', end: '18:00' },
  dailyRunTime: '07:00',
  thankYouEnabled: true,
  attachStatement: true,
  defaultScenarioId: DEFAULT_SCENARIO_ID,
  senderName: null,
  senderEmail: null,
  senderPhone: null,
  agencyName: null,
  agencyEmail: null,
  agencyPhone: null,
  replyTo: null,
  portalBaseUrl: null,
  // Agencies rarely take a file under about EUR 1,000: their fee would eat what they recover.
  handoffMinimumMinor: 1_000_00,
  formalNoticeMinReminders: 2,
  approvalThresholdMinor: null,
  rejectionHoldDays: 30,
  handoffPartner: null,
};

function fromRow(row: CollectionSettingsRow): CollectionSettings {
  return {
    minimumBalanceMinor: Number(row.minimum_balance_minor),
    minimumGapDays: Number(row.minimum_gap_days),
    businessHours: { start: row.business_hours_start, end: row.business_hours_end },
    dailyRunTime: row.daily_run_time,
    thankYouEnabled: Number(row.thank_you_enabled) === 1,
    attachStatement: Number(row.attach_statement) === 1,
    defaultScenarioId: row.default_scenario_id,
    senderName: row.sender_name,
    senderEmail: row.sender_email,
    senderPhone: row.sender_phone ?? null,
    agencyName: row.agency_name ?? null,
    agencyEmail: row.agency_email ?? null,
    agencyPhone: row.agency_phone ?? null,
    replyTo: row.reply_to,
    portalBaseUrl: row.portal_base_url,
    handoffMinimumMinor: row.handoff_minimum_minor === null || row.handoff_minimum_minor === undefined ? DEFAULT_COLLECTION_SETTINGS.handoffMinimumMinor : Number(row.handoff_minimum_minor),
    formalNoticeMinReminders: row.formal_notice_min_reminders ?? DEFAULT_COLLECTION_SETTINGS.formalNoticeMinReminders,
    approvalThresholdMinor: row.approval_threshold_minor === null || row.approval_threshold_minor === undefined ? null : Number(row.approval_threshold_minor),
    rejectionHoldDays: row.rejection_hold_days ?? DEFAULT_COLLECTION_SETTINGS.rejectionHoldDays,
    handoffPartner: row.handoff_agency_organization_id
      ? {
          agencyOrganizationId: row.handoff_agency_organization_id,
          actingAs: row.handoff_acting_as === 'creditor' ? 'creditor' : 'agency',
          feePercentBp: Number(row.handoff_fee_percent_bp ?? 0),
          feeFixedMinor: Number(row.handoff_fee_fixed_minor ?? 0),
          termDays: row.handoff_term_days === null || row.handoff_term_days === undefined ? null : Number(row.handoff_term_days),
        }
      : null,
  };
}

export async function getCollectionSettings(db: Db, organizationId: string): Promise<CollectionSettings> {
  const row = await db.kysely.selectFrom('collection_settings').selectAll().where('organization_id', '=', organizationId).executeTakeFirst();
  return row ? fromRow(row) : { ...DEFAULT_COLLECTION_SETTINGS, businessHours: { ...DEFAULT_COLLECTION_SETTINGS.businessHours } };
}

export async function saveCollectionSettings(db: Db, organizationId: string, changes: Partial<CollectionSettings>): Promise<CollectionSettings> {
  const next = { ...(await getCollectionSettings(db, organizationId)), ...changes };
  const row: CollectionSettingsRow = {
    organization_id: organizationId,
    minimum_balance_minor: next.minimumBalanceMinor,
    minimum_gap_days: next.minimumGapDays,
    business_hours_start: next.businessHours.start,
    business_hours_end: next.businessHours.end,
    daily_run_time: next.dailyRunTime,
    thank_you_enabled: next.thankYouEnabled ? 1 : 0,
    attach_statement: next.attachStatement ? 1 : 0,
    default_scenario_id: next.defaultScenarioId,
    sender_name: next.senderName,
    sender_email: next.senderEmail,
    sender_phone: next.senderPhone,
    agency_name: next.agencyName,
    agency_email: next.agencyEmail,
    agency_phone: next.agencyPhone,
    reply_to: next.replyTo,
    portal_base_url: next.portalBaseUrl,
    handoff_minimum_minor: next.handoffMinimumMinor,
    formal_notice_min_reminders: next.formalNoticeMinReminders,
    approval_threshold_minor: next.approvalThresholdMinor,
    rejection_hold_days: next.rejectionHoldDays,
    handoff_agency_organization_id: next.handoffPartner?.agencyOrganizationId ?? null,
    handoff_acting_as: next.handoffPartner?.actingAs ?? null,
    handoff_fee_percent_bp: next.handoffPartner?.feePercentBp ?? null,
    handoff_fee_fixed_minor: next.handoffPartner?.feeFixedMinor ?? null,
    handoff_term_days: next.handoffPartner?.termDays ?? null,
    updated_at: nowIso(),
  };
  const { organization_id: _key, ...update } = row;
  await db.kysely
    .insertInto('collection_settings')
    .values(row)
    .onConflict((oc) => oc.column('organization_id').doUpdateSet(update))
    .execute();
  return next;
}
