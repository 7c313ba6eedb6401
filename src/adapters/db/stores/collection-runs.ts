import type { Db } from '../database.js';
import { nowIso } from '../ids.js';
import type { CollectionRunRow } from '../schema.js';

// A day's row says how its run went: started and not finished with no summary, running;
// finished, done; not finished with a summary, failed, the summary then holding the error.

/**
 * Records that the organization's daily run for `runOn` has started; false when it already
 * has, by this process before a restart or by another server sharing the database. A day whose
 * run failed is claimed again (the run is idempotent), by one server only: the update's
 * condition no longer holds for the second.
 */
export async function claimDailyRun(db: Db, organizationId: string, runOn: string): Promise<boolean> {
  const startedAt = nowIso();
  const claimed = await db.kysely
    .insertInto('collection_runs')
    .values({ organization_id: organizationId, run_on: runOn, started_at: startedAt, finished_at: null, summary: null })
    .onConflict((oc) =>
      oc
        .columns(['organization_id', 'run_on'])
        .doUpdateSet({ started_at: startedAt, summary: null })
        .where('collection_runs.finished_at', 'is', null)
        .where('collection_runs.summary', 'is not', null),
    )
    .returning('run_on')
    .executeTakeFirst();
  return claimed !== undefined;
}

export async function finishDailyRun(db: Db, organizationId: string, runOn: string, summary: unknown): Promise<void> {
  await db.kysely
    .updateTable('collection_runs')
    .set({ finished_at: nowIso(), summary: JSON.stringify(summary) })
    .where('organization_id', '=', organizationId)
    .where('run_on', '=', runOn)
    .execute();
}

/** What went wrong with a day's run, as people and the web app read it. */
export interface DailyRunError {
  code: string;
  message: string;
  failed_at: string;
}

/** Keeps why a day's run failed; the next check claims the day again and retries. */
export async function failDailyRun(db: Db, organizationId: string, runOn: string, error: { code: string; message: string }): Promise<void> {
  const kept: DailyRunError = { code: error.code, message: error.message, failed_at: nowIso() };
  await db.kysely
    .updateTable('collection_runs')
    .set({ summary: JSON.stringify({ error: kept }) })
    .where('organization_id', '=', organizationId)
    .where('run_on', '=', runOn)
    .where('finished_at', 'is', null)
    .execute();
}

export type DailyRunStatus = 'running' | 'finished' | 'failed';

export interface DailyRun {
  run_on: string;
  status: DailyRunStatus;
  started_at: string;
  finished_at: string | null;
  /** What the run did: customers, actions, tasks and sending figures; null unless finished. */
  summary: unknown;
  error: DailyRunError | null;
}

function dailyRunOf(row: CollectionRunRow): DailyRun {
  const kept = row.summary === null ? null : (JSON.parse(row.summary) as Record<string, unknown>);
  const status: DailyRunStatus = row.finished_at !== null ? 'finished' : kept !== null ? 'failed' : 'running';
  return {
    run_on: row.run_on,
    status,
    started_at: row.started_at,
    finished_at: row.finished_at,
    summary: status === 'finished' ? kept : null,
    error: status === 'failed' ? (kept!.error as DailyRunError) : null,
  };
}

/** The organization's latest daily runs, newest day first. */
export async function listDailyRuns(db: Db, organizationId: string, limit = 30): Promise<DailyRun[]> {
  const rows = await db.kysely.selectFrom('collection_runs').selectAll().where('organization_id', '=', organizationId).orderBy('run_on', 'desc').limit(limit).execute();
  return rows.map(dailyRunOf);
}
