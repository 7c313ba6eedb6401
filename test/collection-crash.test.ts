import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/adapters/db/database.js';
import { listOrganizations } from '../src/adapters/db/stores/organizations.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import { loadDemo } from '../src/app/demo/load-demo.js';
import { finishRuns, killRunsAtRandom } from './fixtures/collection/kill-runs.js';
import { CRASH_AS_OF, CRASH_LEDGER, CRASH_NOW, doubled, written } from './fixtures/collection/run-process.js';
import { ENGINES, freshDatabaseUrl } from './support/engines.js';
import { evenlySpread } from './support/evenly-spread.js';

// Twelve kills, aimed at evenly spread points of the work rather than at random ones, reach every
// stage of it in each run; the crash soak (bench/crash-soak.ts) draws many more at random.
const KILLS = 12;
// SQLite has one writer at a time; on PostgreSQL two workers share the customers through row claims.
const WORKERS = { sqlite: 1, postgres: 2 } as const;

describe.each(ENGINES)('the collection run killed at random instants on %s', (engine) => {
  const workers = WORKERS[engine];
  it(`loses no action and doubles none across ${KILLS} SIGKILLs and restarts of ${workers === 1 ? 'one worker' : `${workers} workers at once`}`, async () => {
    // The same seed gives the same ledger: the second load is the untouched copy for the reference run.
    const databaseUrl = await freshDatabaseUrl(engine);
    const referenceUrl = await freshDatabaseUrl(engine);
    for (const url of [databaseUrl, referenceUrl]) {
      const db = await openDatabase(url);
      await loadDemo(db, CRASH_LEDGER);
      await db.close();
    }

    const referenceDb = await openDatabase(referenceUrl);
    const [referenceOrganization] = await listOrganizations(referenceDb);
    const started = performance.now();
    await runCollection(referenceDb, referenceOrganization!, { asOf: CRASH_AS_OF, now: new Date(CRASH_NOW), send: false });
    const runMs = performance.now() - started;
    const reference = await written(referenceDb);
    await referenceDb.close();
    expect(reference.actions.length).toBeGreaterThan(40);
    expect(reference.messageKeys.length).toBeGreaterThan(3);

    const kills = await killRunsAtRandom({ databaseUrl, workers, kills: KILLS, expectedActions: reference.actions.length, runMs, random: evenlySpread() });
    // A run that finished before its kill must have finished cleanly.
    for (const run of kills.finished) expect(run).toEqual({ code: 0, stderr: '' });
    for (const run of await finishRuns(databaseUrl, workers)) expect(run).toMatchObject({ code: 0, stderr: '' });

    // The kills must land inside runs, at different points, or the test proves nothing.
    expect(kills.killed).toBeGreaterThanOrEqual(KILLS);
    expect(kills.countsAfterKill.some((count) => count > 0 && count < reference.actions.length)).toBe(true);
    expect(new Set(kills.countsAfterKill).size).toBeGreaterThanOrEqual(3);

    const db = await openDatabase(databaseUrl);
    const after = await written(db);
    await db.close();

    expect(doubled(after)).toEqual({ steps: [], messages: [] });
    // Exactly what one uninterrupted run writes: nothing lost, nothing extra.
    expect(after.actionKeys).toEqual(reference.actionKeys);
    expect(after.messageKeys).toEqual(reference.messageKeys);
    expect(after.openCases).toEqual(reference.openCases);
  }, 300_000);
});
