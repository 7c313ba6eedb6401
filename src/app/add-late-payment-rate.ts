import { AppError } from '../core/app-error.js';
import type { LateInterestLaw } from '../core/late-interest.js';
import { STATUTORY_RATES } from '../core/law/statutory-rates.js';
import { validateAddedRate } from '../core/law/merge-added-rates.js';
import type { Db } from '../adapters/db/database.js';
import { insertLatePaymentRate, listLatePaymentRates, replaceLatePaymentRate } from '../adapters/db/stores/late-payment-rates.js';
import type { LatePaymentRateRow } from '../adapters/db/schema.js';

export interface AddRateInput {
  law: LateInterestLaw;
  from: string;
  percent: string;
  source: string;
  /** Needed to change a half-year that already has a rate, built-in or added. */
  replace: boolean;
  addedBy: string;
}

/**
 * Adds a half-year's rate for one organization. A half-year that already has a rate (shipped
 * or added) is refused unless `replace` says the change is meant: a typo must not silently
 * rewrite the interest of every late invoice of that half-year.
 */
export async function addLatePaymentRate(
  db: Db,
  organizationId: string,
  input: AddRateInput,
  fields: { from: string; percent: string; source: string; replace: string },
): Promise<LatePaymentRateRow> {
  const { from, percent, source } = validateAddedRate(input, fields);
  const builtIn = STATUTORY_RATES[input.law].rates.find((r) => r.from === from);
  const existing = (await listLatePaymentRates(db, organizationId, { law: input.law })).find((r) => r.from_date === from);
  if ((builtIn || existing) && !input.replace) {
    const current = existing && (!builtIn || existing.replaces_built_in === 1) ? existing.percent : builtIn!.percent;
    throw new AppError(
      'conflict',
      `the ${input.law} rate from ${from} is already on file (${current} %); to change it, add it again with ${fields.replace}`,
      { field: fields.from },
    );
  }
  const row = { law: input.law, from, percent, source, replacesBuiltIn: builtIn !== undefined, addedBy: input.addedBy };
  if (existing) return (await replaceLatePaymentRate(db, organizationId, row))!;
  return insertLatePaymentRate(db, organizationId, row);
}
