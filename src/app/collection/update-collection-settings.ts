import { AppError } from '../../core/app-error.js';
import type { Db } from '../../adapters/db/database.js';
import { findScenario } from '../../adapters/db/stores/collection-scenarios.js';
import { saveCollectionSettings, type CollectionSettings } from '../../adapters/db/stores/collection-settings.js';

export type CollectionSettingsChanges = Partial<
  Pick<
    CollectionSettings,
    'minimumBalanceMinor' | 'minimumGapDays' | 'handoffMinimumMinor' | 'formalNoticeMinReminders' | 'approvalThresholdMinor' | 'rejectionHoldDays' | 'businessHours' | 'dailyRunTime' | 'thankYouEnabled' | 'attachStatement' | 'defaultScenarioId' | 'senderName' | 'senderEmail' | 'senderPhone' | 'replyTo' | 'agencyName' | 'agencyEmail' | 'agencyPhone'
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
