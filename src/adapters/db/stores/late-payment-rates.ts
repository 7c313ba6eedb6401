import type { LateInterestLaw } from '../../../core/late-interest.js';
import type { AddedRate } from '../../../core/law/merge-added-rates.js';
import type { PlainDate } from '../../../core/plain-date.js';
import type { Db } from '../database.js';
import { newId, nowIso } from '../ids.js';
import type { LatePaymentRateRow } from '../schema.js';
import { failOnDuplicate } from './unique-violation.js';

export interface NewLatePaymentRate {
  law: LateInterestLaw;
  from: PlainDate;
  percent: string;
  source: string;
  replacesBuiltIn: boolean;
  addedBy: string;
}

/** The organization's added rates, oldest half-year first, for one law or all. */
export async function listLatePaymentRates(db: Db, organizationId: string, filter: { law?: LateInterestLaw } = {}): Promise<LatePaymentRateRow[]> {
  let query = db.kysely.selectFrom('late_payment_rates').selectAll().where('organization_id', '=', organizationId);
  if (filter.law) query = query.where('law', '=', filter.law);
  return query.orderBy('law').orderBy('from_date').execute();
}

export function toAddedRate(row: LatePaymentRateRow): AddedRate {
  return { from: row.from_date as PlainDate, percent: row.percent, source: row.source, replacesBuiltIn: row.replaces_built_in === 1 };
}

/** Adds one half-year; a second row for the same law and half-year is a conflict. */
export async function insertLatePaymentRate(db: Db, organizationId: string, input: NewLatePaymentRate): Promise<LatePaymentRateRow> {
  const row: LatePaymentRateRow = {
    id: newId(),
    organization_id: organizationId,
    law: input.law,
    from_date: input.from,
    percent: input.percent,
    source: input.source,
    replaces_built_in: input.replacesBuiltIn ? 1 : 0,
    added_by: input.addedBy,
    created_at: nowIso(),
  };
  await failOnDuplicate(
    () => db.kysely.insertInto('late_payment_rates').values(row).execute(),
    'from',
    `a ${input.law} rate from ${input.from} is already on file`,
  );
  return row;
}

/** Replaces the organization's own row for that law and half-year; undefined when there is none. */
export async function replaceLatePaymentRate(db: Db, organizationId: string, input: NewLatePaymentRate): Promise<LatePaymentRateRow | undefined> {
  const changes = { percent: input.percent, source: input.source, replaces_built_in: input.replacesBuiltIn ? 1 : 0, added_by: input.addedBy, created_at: nowIso() };
  await db.kysely
    .updateTable('late_payment_rates')
    .set(changes)
    .where('organization_id', '=', organizationId)
    .where('law', '=', input.law)
    .where('from_date', '=', input.from)
    .execute();
  return db.kysely
    .selectFrom('late_payment_rates')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('law', '=', input.law)
    .where('from_date', '=', input.from)
    .executeTakeFirst();
}
