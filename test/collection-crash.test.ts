import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/adapters/db/database.js';
import { listOrganizations } from '../src/adapters/db/stores/organizations.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import { loadDemo } from '../src/app/demo/load-demo.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { ENGINES, freshDatabaseUrl } from './support/engines.js';

const root = join(import.meta.dirname, '..');
const KILLS = 20;
// Enough customers with overdue invoices that a run lasts a few seconds, so kills land inside it.
// One step at a time writes about one action per customer owing: enough customers for the kills to land among many writes.
const LEDGER = { customers: 130, invoices: 1950, seed: 11, asOf: '2025-06-30' as PlainDate };
const AS_OF = '2025-07-01' as PlainDate;
// Evening in Paris: the messages wait for the next business morning, the same in every run.
const NOW = '2025-07-01T18:30:00Z';

function startRun(databaseUrl: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/fixtures/collection/run-worker.ts'), databaseUrl, AS_OF, NOW], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const actionWaiters: { count: number; resolve: () => void }[] = [];
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = new Promise<void>((resolve) =>
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('ready')) resolve();
      const seen = stdout.split('\n').filter((line) => line === 'action').length;
      for (const waiter of actionWaiters) if (seen >= waiter.count) waiter.resolve();
    }),
  );
  /** Resolves once the run has written so many actions (never, if it writes fewer). */
  const afterActions = (count: number) => new Promise<void>((resolve) => actionWaiters.push({ count, resolve }));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, ready, exited, afterActions };
}

/** What a run left behind, keyed by customer reference so two copies of the ledger compare. */
async function written(db: Db) {
  const actions = await db.kysely
    .selectFrom('collection_actions as a')
    .innerJoin('customers as c', 'c.id', 'a.customer_id')
    .select(['a.id', 'a.case_id', 'a.episode_key', 'a.step_id', 'a.channel', 'a.status', 'c.external_ref'])
    .execute();
  const messages = await db.kysely
    .selectFrom('outbox_messages as m')
    .innerJoin('collection_actions as a', 'a.id', 'm.action_id')
    .innerJoin('customers as c', 'c.id', 'm.customer_id')
    .select(['m.action_id', 'm.channel', 'a.step_id', 'c.external_ref'])
    .execute();
  const openCases = await db.kysely
    .selectFrom('collection_cases as k')
    .innerJoin('customers as c', 'c.id', 'k.customer_id')
    .select('c.external_ref')
    .where('k.status', '=', 'open')
    .execute();
  return {
    actions,
    messages,
    actionKeys: actions.map((a) => `${a.external_ref} ${a.step_id} ${a.channel} ${a.status}`).sort(),
    messageKeys: messages.map((m) => `${m.external_ref} ${m.step_id} ${m.channel}`).sort(),
    openCases: openCases.map((k) => k.external_ref).sort(),
  };
}

async function countActions(databaseUrl: string): Promise<number> {
  const db = await openDatabase(databaseUrl);
  try {
    const row = await db.kysely.selectFrom('collection_actions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await db.close();
  }
}

describe.each(ENGINES)('the collection run killed at random instants on %s', (engine) => {
  it(`loses no action and doubles none across ${KILLS} SIGKILLs and restarts`, async () => {
    // The same seed gives the same ledger: the second load is the untouched copy for the reference run.
    const databaseUrl = await freshDatabaseUrl(engine);
    const referenceUrl = await freshDatabaseUrl(engine);
    for (const url of [databaseUrl, referenceUrl]) {
      const db = await openDatabase(url);
      await loadDemo(db, LEDGER);
      await db.close();
    }

    const referenceDb = await openDatabase(referenceUrl);
    const [referenceOrganization] = await listOrganizations(referenceDb);
    const started = performance.now();
    await runCollection(referenceDb, referenceOrganization!, { asOf: AS_OF, now: new Date(NOW), send: false });
    const runMs = performance.now() - started;
    const reference = await written(referenceDb);
    await referenceDb.close();
    expect(reference.actions.length).toBeGreaterThan(40);
    expect(reference.messageKeys.length).toBeGreaterThan(3);

    const countsAfterKill: number[] = [];
    let killed = 0;
    // Kill somewhere inside the run; a restart that finishes before its kill shows the run is
    // quicker than measured, and the window shrinks to what it took.
    let windowMs = runMs;
    for (let restarts = 0; killed < KILLS && restarts < KILLS * 3; restarts += 1) {
      const run = startRun(databaseUrl);
      let timer: NodeJS.Timeout | undefined;
      let readyAt = 0;
      void run.ready.then(() => {
        readyAt = performance.now();
        timer = setTimeout(() => run.child.kill('SIGKILL'), Math.floor(Math.random() * windowMs));
      });
      // Every other run is killed once it has written a random part (up to half) of what is
      // left, so kills surely fall between two customers' writes, at points further and further
      // on, however the timings of this machine go.
      const left = reference.actions.length - (countsAfterKill.at(-1) ?? 0);
      if (restarts % 2 === 1 && left > 1) void run.afterActions(1 + Math.floor(Math.random() * Math.floor(left / 2))).then(() => run.child.kill('SIGKILL'));
      const exit = await run.exited;
      clearTimeout(timer);
      if (exit.signal === 'SIGKILL') {
        killed += 1;
        countsAfterKill.push(await countActions(databaseUrl));
      } else {
        // A run that finished before its kill must have finished cleanly.
        expect(exit.stderr).toBe('');
        expect(exit.code).toBe(0);
        windowMs = Math.min(windowMs, performance.now() - readyAt);
      }
    }
    const last = await startRun(databaseUrl).exited;
    expect(last.stderr).toBe('');
    expect(last.code).toBe(0);

    // The kills must land inside runs, at different points, or the test proves nothing.
    expect(killed).toBe(KILLS);
    expect(countsAfterKill.some((count) => count > 0 && count < reference.actions.length)).toBe(true);
    expect(new Set(countsAfterKill).size).toBeGreaterThanOrEqual(3);

    const db = await openDatabase(databaseUrl);
    const after = await written(db);
    await db.close();

    const perStep = new Map<string, number>();
    for (const action of after.actions) {
      const key = `${action.case_id ?? action.episode_key} ${action.step_id}`;
      perStep.set(key, (perStep.get(key) ?? 0) + 1);
    }
    expect([...perStep].filter(([, count]) => count > 1)).toEqual([]);
    const perAction = new Map<string, number>();
    for (const message of after.messages) perAction.set(message.action_id, (perAction.get(message.action_id) ?? 0) + 1);
    expect([...perAction].filter(([, count]) => count > 1)).toEqual([]);

    // Exactly what one uninterrupted run writes: nothing lost, nothing extra.
    expect(after.actionKeys).toEqual(reference.actionKeys);
    expect(after.messageKeys).toEqual(reference.messageKeys);
    expect(after.openCases).toEqual(reference.openCases);
  }, 300_000);
});
