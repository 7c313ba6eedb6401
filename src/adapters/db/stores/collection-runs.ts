import type { Db } from '../database.js';
import { nowIso } from '../ids.js';

/**
 * Records that the organization's daily run for `runOn` has started; false when it already
 * has, by this process before a restart or by another server sharing the database.
 */
export async function claimDailyRun(db: Db, organizationId: string, runOn: string): Promise<boolean> {
  const inserted = await db.kysely
    .insertInto('collection_runs')
    .values({ organization_id: organizationId, run_on: runOn, started_at: nowIso(), finished_at: null, summary: null })
    .onConflict((oc) => oc.columns(['organization_id', 'run_on']).doNothing())
    .returning('run_on')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function finishDailyRun(db: Db, organizationId: string, runOn: string, summary: unknown): Promise<void> {
  await db.kysely
    .updateTable('collection_runs')
    .set({ finished_at: nowIso(), summary: JSON.stringify(summary) })
    .where('organization_id', '=', organizationId)
    .where('run_on', '=', runOn)
    .execute();
}

/** Forgets a day's claim after a failed run, so the next check tries again (the run is idempotent). */
export async function releaseDailyRun(db: Db, organizationId: string, runOn: string): Promise<void> {
  await db.kysely.deleteFrom('collection_runs').where('organization_id', '=', organizationId).where('run_on', '=', runOn).where('finished_at', 'is', null).execute();
}
