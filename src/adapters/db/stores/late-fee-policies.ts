import { defaultLateFeePolicy, isLateInterestLaw, type LateFeePolicy } from '../../../core/late-fees-policy.js';
import type { Db } from '../database.js';
import { nowIso } from '../ids.js';
import type { LateFeePolicyRow, OrganizationRow } from '../schema.js';

/** The stored policy with what it was derived from, so the API can say a law follows the country. */
export interface StoredLateFeePolicy {
  policy: LateFeePolicy;
  /** False when the law follows the organization's country (nothing chosen, or no row yet). */
  lawChosen: boolean;
  updatedBy: string | null;
  updatedAt: string | null;
}

/** The organization's policy; without a stored row, the defaults of its country. */
export async function getLateFeePolicy(db: Db, organization: OrganizationRow): Promise<StoredLateFeePolicy> {
  const row = await db.kysely.selectFrom('late_fee_policies').selectAll().where('organization_id', '=', organization.id).executeTakeFirst();
  const defaults = defaultLateFeePolicy(organization.country);
  if (!row) return { policy: defaults, lawChosen: false, updatedBy: null, updatedAt: null };
  const lawChosen = row.law !== null && isLateInterestLaw(row.law);
  return {
    policy: {
      claimInterest: row.claim_interest === 1,
      claimIndemnity: row.claim_indemnity === 1,
      law: lawChosen ? (row.law as LateFeePolicy['law']) : defaults.law,
      stateFromStep: row.state_from_step,
    },
    lawChosen,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

/** Writes the whole policy; `law: null` makes it follow the organization's country again. */
export async function saveLateFeePolicy(
  db: Db,
  organizationId: string,
  input: { claimInterest: boolean; claimIndemnity: boolean; law: LateFeePolicy['law'] | null; stateFromStep: string; updatedBy: string },
): Promise<void> {
  const row: LateFeePolicyRow = {
    organization_id: organizationId,
    claim_interest: input.claimInterest ? 1 : 0,
    claim_indemnity: input.claimIndemnity ? 1 : 0,
    law: input.law,
    state_from_step: input.stateFromStep,
    updated_by: input.updatedBy,
    updated_at: nowIso(),
  };
  const { organization_id: _key, ...changes } = row;
  await db.kysely
    .insertInto('late_fee_policies')
    .values(row)
    .onConflict((oc) => oc.column('organization_id').doUpdateSet(changes))
    .execute();
}
