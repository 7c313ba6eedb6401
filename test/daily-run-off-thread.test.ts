import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/adapters/db/database.js';
import { loadDemo } from '../src/app/demo/load-demo.js';
import { parseDate } from '../src/core/plain-date.js';
import { startServer } from '../src/http/start-server.js';
import { ENGINES, freshDatabaseUrl } from './support/engines.js';

// Big enough that the run (the collection thread starting, then planning every customer) works
// for several seconds on a busy machine.
const LEDGER = { customers: 500, invoices: 4_000, seed: 7, asOf: parseDate('2025-06-30') };

let outboxBefore: string | undefined;
beforeAll(() => {
  // Messages the run sends leave as files: into a directory of this test's own.
  outboxBefore = process.env.OUTBOX_DIR;
  process.env.OUTBOX_DIR = mkdtempSync(join(tmpdir(), 'relance-outbox-'));
});
afterAll(() => {
  if (outboxBefore === undefined) delete process.env.OUTBOX_DIR;
  else process.env.OUTBOX_DIR = outboxBefore;
});

describe.each(ENGINES)('relance serve on %s', (engine) => {
  it('keeps answering /api/health and the Today list while a collection run works through the whole ledger, then answers the run as before', async () => {
    const url = await freshDatabaseUrl(engine);
    const db = await openDatabase(url);
    const demo = await loadDemo(db, LEDGER);
    await db.close();

    const server = await startServer({ port: 0, host: '127.0.0.1', demo: false, databaseUrl: url, secureCookies: false, trustProxy: false });
    try {
      const login = await fetch(`${server.url}api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(demo.login),
      });
      expect(login.status).toBe(200);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;

      let running = true;
      const run = fetch(`${server.url}api/collection/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ as_of: '2025-07-01', dry_run: true }),
      }).finally(() => (running = false));

      const answered = { health: 0, worklist: 0 };
      while (running) {
        const health = await fetch(`${server.url}api/health`);
        expect(await health.json()).toEqual({ status: 'ok', database: engine });
        if (running) answered.health += 1;
        const worklist = await fetch(`${server.url}api/worklist?limit=20`, { headers: { cookie } });
        expect(worklist.status).toBe(200);
        if (running) answered.worklist += 1;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }

      const response = await run;
      expect(response.status).toBe(200);
      const report = await response.json();
      expect(report).toMatchObject({ as_of: '2025-07-01', dry_run: true, customers: LEDGER.customers });
      expect(report.actions.length).toBeGreaterThan(0);
      // The server's thread was free the whole time: requests came and went before the run ended.
      expect(answered.health).toBeGreaterThanOrEqual(3);
      expect(answered.worklist).toBeGreaterThanOrEqual(3);

    } finally {
      await server.close();
    }
  }, 180_000);
});
