import { AppError } from '../../core/app-error.js';
import type { Db } from '../../adapters/db/database.js';
import { findScenario } from '../../adapters/db/stores/collection-scenarios.js';
import { saveCollectionSettings, type CollectionSettings, type HandoffPartner } from '../../adapters/db/stores/collection-settings.js';
import { getOrganization } from '../../adapters/db/stores/organizations.js';

export type CollectionSettingsChanges = Partial<
  Pick<
    CollectionSettings,
    'minimumBalanceMinor' | 'minimumGapDays' | 'handoffMinimumMinor' | 'formalNoticeMinReminders' | 'approvalThresholdMinor' | 'rejectionHoldDays' | 'businessHours' | 'dailyRunTime' | 'thankYouEnabled' | 'attachStatement' | 'defaultScenarioId' | 'senderName' | 'senderEmail' | 'senderPhone' | 'replyTo' | 'agencyName' | 'agencyEmail' | 'agencyPhone' | 'handoffPartner'
  >
>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ().-]{6,25}$/;

/** Who signs and how to reach them: free text, where empty means "none". */
const IDENTITY_FIELDS = ['senderName', 'senderEmail', 'senderPhone', 'replyTo', 'agencyName', 'agencyEmail', 'agencyPhone'] as const;

/** Empty text means "none": the accounts team then signs, or the message leaves the line out. */
function cleaned(value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** The hand-off step's default partner must be an agency on this instance, other than the organization itself, on sound terms. */
async function requireHandoffPartnerTerms(db: Db, organizationId: string, partner: HandoffPartner): Promise<void> {
  const agency = await getOrganization(db, partner.agencyOrganizationId);
  if (!agency || agency.kind !== 'agency' || agency.id === organizationId) {
    throw new AppError('not_found', `no collection agency ${partner.agencyOrganizationId} works on this instance`, { field: 'handoff_partner.agency_organization_id' });
  }
  if (!Number.isInteger(partner.feePercentBp) || partner.feePercentBp < 0 || partner.feePercentBp > 10_000) {
    throw new AppError('validation_failed', 'the fee must be a percentage from 0 to 100', { field: 'handoff_partner.fee_percent' });
  }
  if (partner.feeFixedMinor < 0) throw new AppError('validation_failed', 'the fixed fee must not be negative', { field: 'handoff_partner.fee_fixed.amount' });
  if (partner.termDays !== null && (!Number.isInteger(partner.termDays) || partner.termDays < 1 || partner.termDays > 3650)) {
    throw new AppError('validation_failed', 'the term must be a whole number of days from 1 to 3650, or none', { field: 'handoff_partner.term_days' });
  }
}

/** Changes the run's settings; the fields left out keep their value. */
export async function updateCollectionSettings(db: Db, organizationId: string, changes: CollectionSettingsChanges): Promise<CollectionSettings> {
  if (changes.minimumBalanceMinor !== undefined && changes.minimumBalanceMinor < 0) {
    throw new AppError('validation_failed', 'the minimum balance must not be negative', { field: 'minimum_balance' });
  }
  for (const [field, value] of [['handoff_minimum', changes.handoffMinimumMinor], ['approval_threshold', changes.approvalThresholdMinor ?? undefined]] as const) {
    if (value !== undefined && value < 0) throw new AppError('validation_failed', `${field.replace('_', ' ')} must not be negative`, { field });
  }
  // "HH:MM" strings compare in time order.
  if (changes.businessHours && changes.businessHours.start >= changes.businessHours.end) {
    throw new AppError('validation_failed', 'business hours must end after they start', { field: 'business_hours.end' });
  }
  if (changes.defaultScenarioId !== undefined && !(await findScenario(db, organizationId, changes.defaultScenarioId))) {
    throw new AppError('not_found', `scenario ${changes.defaultScenarioId} does not exist`, { field: 'default_scenario_id' });
  }
  if (changes.handoffPartner) await requireHandoffPartnerTerms(db, organizationId, changes.handoffPartner);
  const identity: Partial<Record<(typeof IDENTITY_FIELDS)[number], string | null>> = {};
  for (const key of IDENTITY_FIELDS) if (changes[key] !== undefined) identity[key] = cleaned(changes[key]) ?? null;
  for (const [field, value] of [['sender_email', identity.senderEmail], ['reply_to', identity.replyTo], ['agency_email', identity.agencyEmail]] as const) {
    if (value && !EMAIL.test(value)) throw new AppError('validation_failed', `"${value}" is not an email address`, { field });
  }
  for (const [field, value] of [['sender_phone', identity.senderPhone], ['agency_phone', identity.agencyPhone]] as const) {
    if (value && !PHONE.test(value)) throw new AppError('validation_failed', `"${value}" is not a telephone number (digits, spaces, + . - ( ) only)`, { field });
  }
  return saveCollectionSettings(db, organizationId, { ...changes, ...identity });
}
