import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/adapters/db/database.js';
import { loadDemo, type LoadedDemo } from '../src/app/demo/load-demo.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { buildApp } from '../src/http/build-app.js';
import { signIn } from './support/api-session.js';
import { ENGINES, freshDatabaseUrl } from './support/engines.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'relance.mjs');
const AS_OF = '2025-06-30' as PlainDate;

describe.each(ENGINES)('the aging report on %s', (engine) => {
  let url: string;
  let db: Db;
  let demo: LoadedDemo;
  beforeAll(async () => {
    url = await freshDatabaseUrl(engine);
    db = await openDatabase(url);
    demo = await loadDemo(db, { customers: 60, invoices: 900, seed: 7, asOf: AS_OF });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('prints with `relance report aging --json` exactly what the dashboard reads from the API', async () => {
    const cli = spawnSync(process.execPath, [BIN, 'report', 'aging', '--json', '--as-of', AS_OF], {
      env: { ...process.env, DATABASE_URL: url },
      encoding: 'utf8',
    });
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    const fromCli = JSON.parse(cli.stdout);

    const app = await buildApp({ db });
    try {
      const caller = await signIn(app, demo.login.email, demo.login.password);
      const response = await caller.get(`/api/reports/aging?as_of=${AS_OF}`);
      expect(response.statusCode).toBe(200);
      expect(fromCli).toEqual(response.json());
    } finally {
      await app.close();
    }
    // The figures a person checks: a total, and per customer a reference, a name and a balance.
    expect(fromCli.balance.amount).toMatch(/^-?\d+\.\d{2}$/);
    expect(fromCli.customers.length).toBeGreaterThan(10);
    for (const customer of fromCli.customers) {
      expect(customer).toMatchObject({ reference: expect.any(String), name: expect.any(String), balance: { currency: 'EUR' } });
    }
    const sumOfCustomersCents = fromCli.customers.reduce((sum: number, c: { balance: { amount: string } }) => sum + Math.round(Number(c.balance.amount) * 100), 0);
    expect(sumOfCustomersCents).toBe(Math.round(Number(fromCli.balance.amount) * 100));
  });
});
