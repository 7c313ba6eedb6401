import { halfYearId, halfYearOf, type LateInterestLaw } from '../core/late-interest.js';
import type { PlainDate } from '../core/plain-date.js';
import type { Db } from '../adapters/db/database.js';
import type { OrganizationRow } from '../adapters/db/schema.js';
import { getLateFeePolicy } from '../adapters/db/stores/late-fee-policies.js';
import { getRateTable } from './get-late-payment-rates.js';

/** Whether the half-year of a day has a late-payment rate on file under the organization's law. */
export interface CurrentRateStatus {
  as_of: PlainDate;
  law: LateInterestLaw;
  /** "2026-H2" */
  half_year: string;
  /** The first day of that half-year: the `from` of the rate to add. */
  from: PlainDate;
  on_file: boolean;
  /** The rate on file, percent per year; null when there is none. */
  rate: string | null;
  /** How the law sets the rate, and where it is published: what an administrator reads it from. */
  rule: string;
  sources: string[];
  /** False when the policy waives interest: a missing rate then changes no figure. */
  claim_interest: boolean;
}

/**
 * The rate of the half-year `asOf` falls in. The tables end where the published sources end, so
 * every 1 January and 1 July the new half-year has no rate until an administrator adds it, and
 * until then messages state interest only up to the last half-year on file.
 */
export async function getCurrentRateStatus(db: Db, organization: OrganizationRow, asOf: PlainDate): Promise<CurrentRateStatus> {
  const { policy } = await getLateFeePolicy(db, organization);
  const table = await getRateTable(db, organization.id, policy.law);
  const halfYear = halfYearOf(asOf);
  const from = `${halfYear.year}-${halfYear.half === 1 ? '01' : '07'}-01` as PlainDate;
  const row = table.rates.find((rate) => rate.from === from);
  return {
    as_of: asOf,
    law: policy.law,
    half_year: halfYearId(halfYear),
    from,
    on_file: row !== undefined,
    rate: row?.percent ?? null,
    rule: table.rule,
    sources: table.sources,
    claim_interest: policy.claimInterest,
  };
}
