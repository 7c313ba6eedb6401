import SQLite from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { buildApp } from '../src/http/build-app.js';
import { signIn, type ApiCaller } from './support/api-session.js';
import { freshDatabase } from './support/engines.js';

/** An invoices file of `n` rows for `n / 10` customers. */
function invoicesCsv(n: number, prefix: string): string {
  const rows = ['number;customer;name;date;amount'];
  for (let i = 1; i <= n; i += 1) rows.push(`${prefix}${i};C${i % (n / 10)};Client ${i % (n / 10)};2025-01-15;${i},50`);
  return `${rows.join('\n')}\n`;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * better-sqlite3 answers synchronously: an import on the server's thread that waits for the
 * ledger (another writer holds it) would hold every request with it. Here another connection
 * holds the ledger's write lock, so the import cannot finish until it lets go; the server keeps
 * answering meanwhile, and the import then completes as usual.
 */
describe('an import in flight on sqlite', () => {
  let db: Db;
  let app: FastifyInstance;
  let ada: ApiCaller;
  let orgId: string;

  beforeAll(async () => {
    db = await freshDatabase('sqlite');
    const org = await createOrganization(db, { name: 'Atelier', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    orgId = org.id;
    await createUser(db, org.id, { email: 'ada@atelier.test', name: 'Ada', password: 'admin secret', role: 'admin' });
    app = await buildApp({ db });
    await app.ready();
    ada = await signIn(app, 'ada@atelier.test', 'admin secret');
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const post = (url: string, body: string) => ada.request('POST', url, body, { 'content-type': 'text/csv' });

  it('keeps answering health and the Today list while the import waits, then imports the whole file', async () => {
    // A first dry run starts the import thread.
    const dry = await post('/api/imports/invoices?dry_run=true', invoicesCsv(10, 'W'));
    expect(dry.statusCode, dry.body).toBe(200);

    const other = new SQLite(db.file!);
    other.pragma('busy_timeout = 5000');
    other.exec('BEGIN IMMEDIATE');
    let answered = false;
    const importing = post('/api/imports/invoices', invoicesCsv(2000, 'F')).finally(() => (answered = true));
    try {
      for (let i = 0; i < 10; i += 1) {
        const health = await ada.get('/api/health');
        expect(health.json()).toMatchObject({ status: 'ok' });
        const today = await ada.get('/api/worklist?limit=25&offset=0');
        expect(today.statusCode, today.body).toBe(200);
        await sleep(20);
      }
      // Nothing could be written yet: the import is still in flight, and the server answered all along.
      expect(answered).toBe(false);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    const imported = await importing;
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toMatchObject({ rows_read: 2000, created: { customers: 200, invoices: 2000 } });
    const count = await db.kysely.selectFrom('invoices').select((eb) => eb.fn.countAll<number>().as('n')).where('organization_id', '=', orgId).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2000);
  });
});
