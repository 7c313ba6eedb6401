import { AppError } from '../core/app-error.js';
import { isLateInterestLaw } from '../core/late-fees-policy.js';
import type { LateInterestLaw } from '../core/late-interest.js';
import type { Db } from '../adapters/db/database.js';
import type { OrganizationRow } from '../adapters/db/schema.js';
import { getLateFeePolicy, saveLateFeePolicy } from '../adapters/db/stores/late-fee-policies.js';

/** The policy as GET and PUT /api/settings/late-fees carry it. */
export interface LateFeeSettingsJson {
  claim_interest: boolean;
  claim_indemnity: boolean;
  law: LateInterestLaw;
  /** True when no law was chosen and the organization's country decides it. */
  law_follows_country: boolean;
  state_from_step: string;
  updated_by: string | null;
  updated_at: string | null;
}

export interface LateFeeSettingsInput {
  claim_interest: boolean;
  claim_indemnity: boolean;
  /** null or absent: follow the organization's country. */
  law?: string | null;
  state_from_step: string;
}

const STEP_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export async function getLateFeeSettings(db: Db, organization: OrganizationRow): Promise<LateFeeSettingsJson> {
  const stored = await getLateFeePolicy(db, organization);
  return {
    claim_interest: stored.policy.claimInterest,
    claim_indemnity: stored.policy.claimIndemnity,
    law: stored.policy.law,
    law_follows_country: !stored.lawChosen,
    state_from_step: stored.policy.stateFromStep,
    updated_by: stored.updatedBy,
    updated_at: stored.updatedAt,
  };
}

export async function saveLateFeeSettings(db: Db, organization: OrganizationRow, input: LateFeeSettingsInput, updatedBy: string): Promise<LateFeeSettingsJson> {
  const law = input.law ?? null;
  if (law !== null && !isLateInterestLaw(law)) throw new AppError('validation_failed', 'law must be one of fr, be, de, eu, or null to follow the country', { field: 'law' });
  if (!STEP_ID.test(input.state_from_step)) {
    throw new AppError('validation_failed', 'state_from_step must be a scenario step id such as "firm-reminder"', { field: 'state_from_step' });
  }
  await saveLateFeePolicy(db, organization.id, {
    claimInterest: input.claim_interest,
    claimIndemnity: input.claim_indemnity,
    law,
    stateFromStep: input.state_from_step,
    updatedBy,
  });
  return getLateFeeSettings(db, organization);
}
