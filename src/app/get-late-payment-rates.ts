import { LATE_INTEREST_LAWS, type LateInterestLaw, type RateTable } from '../core/late-interest.js';
import { STATUTORY_RATES } from '../core/law/statutory-rates.js';
import { mergeAddedRates } from '../core/law/merge-added-rates.js';
import type { Db } from '../adapters/db/database.js';
import { listLatePaymentRates, toAddedRate } from '../adapters/db/stores/late-payment-rates.js';

/** The rates one organization computes with for a law: the built-in table plus what it added. */
export async function getRateTable(db: Db, organizationId: string, law: LateInterestLaw): Promise<RateTable> {
  const added = await listLatePaymentRates(db, organizationId, { law });
  return mergeAddedRates(STATUTORY_RATES[law], added.map(toAddedRate));
}

/** One half-year as `relance rates list` and GET /api/late-fees/rates show it. */
export interface RateListEntry {
  law: LateInterestLaw;
  from: string;
  /** Percent per year, decimal string. */
  rate: string;
  /** built_in: shipped with Relance; added: added by the organization; replaced: added over a built-in half-year. */
  origin: 'built_in' | 'added' | 'replaced';
  source: string;
  added_by: string | null;
  added_at: string | null;
}

export async function listRatesInUse(db: Db, organizationId: string, filter: { law?: LateInterestLaw } = {}): Promise<RateListEntry[]> {
  const laws = filter.law ? [filter.law] : [...LATE_INTEREST_LAWS];
  const added = await listLatePaymentRates(db, organizationId, filter.law ? { law: filter.law } : {});
  const entries: RateListEntry[] = [];
  for (const law of laws) {
    const builtIn = STATUTORY_RATES[law];
    const ours = added.filter((row) => row.law === law);
    const merged = mergeAddedRates(builtIn, ours.map(toAddedRate));
    for (const rate of merged.rates) {
      const row = ours.find((r) => r.from_date === rate.from);
      const isBuiltIn = builtIn.rates.some((r) => r.from === rate.from);
      const fromRow = row !== undefined && (!isBuiltIn || row.replaces_built_in === 1);
      entries.push({
        law,
        from: rate.from,
        rate: rate.percent,
        origin: fromRow ? (isBuiltIn ? 'replaced' : 'added') : 'built_in',
        source: rate.source ?? builtIn.sources.join('; '),
        added_by: fromRow ? row.added_by : null,
        added_at: fromRow ? row.created_at : null,
      });
    }
  }
  return entries;
}
