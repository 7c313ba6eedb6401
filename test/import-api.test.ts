import type { FastifyInstance } from 'fastify';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { buildApp } from '../src/http/build-app.js';
import { snapshotLedger } from './fixtures/imports/database-snapshot.js';
import { ENGINES, freshDatabase } from './support/engines.js';

describe.each(ENGINES)('imports API on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let cookie: string;
  let viewerCookie: string;
  let orgId: string;

  async function signIn(email: string, password: string): Promise<string> {
    const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
    expect(response.statusCode, response.body).toBe(200);
    const setCookie = [response.headers['set-cookie']].flat().find((c) => c?.startsWith('relance_session='))!;
    return setCookie.split(';')[0]!;
  }

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const org = await createOrganization(db, { name: 'Atelier', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    orgId = org.id;
    await createUser(db, org.id, { email: 'ada@atelier.test', name: 'Ada', password: 'collector secret', role: 'collector' });
    await createUser(db, org.id, { email: 'val@atelier.test', name: 'Val', password: 'viewer secret', role: 'viewer' });
    app = await buildApp({ db });
    await app.ready();
    cookie = await signIn('ada@atelier.test', 'collector secret');
    viewerCookie = await signIn('val@atelier.test', 'viewer secret');
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const upload = (url: string, body: string | Buffer, as = cookie, type = 'text/csv') =>
    app.inject({ method: 'POST', url, headers: { cookie: as, 'content-type': type }, payload: body });

  it('validates on a dry run, reporting what would be written without writing it', async () => {
    const before = await snapshotLedger(db);
    const response = await upload('/api/imports/invoices?dry_run=true', 'number;customer;name;date;amount\nD1;C1;Un;2025-01-01;10,00\n');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ kind: 'invoices', dry_run: true, rows_read: 1, created: { customers: 1, invoices: 1 }, skipped: 0 });
    expect(await snapshotLedger(db)).toEqual(before);
  });

  it('imports the raw body of any content type, Windows-1252 included, and skips it the second time', async () => {
    const body = iconv.encode('N° facture;Code client;Raison sociale;Date facture;Montant TTC\nA1;C7;Bâtiments Réunis;15/01/2025;1 000,00\n', 'windows-1252');
    const first = await upload('/api/imports/invoices', body, cookie, 'application/octet-stream');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ encoding: 'windows-1252', created: { customers: 1, invoices: 1 } });
    const customer = await db.kysely.selectFrom('customers').select('name').where('organization_id', '=', orgId).where('external_ref', '=', 'C7').executeTakeFirst();
    expect(customer).toEqual({ name: 'Bâtiments Réunis' });
    const second = await upload('/api/imports/invoices', body, cookie, 'application/octet-stream');
    expect(second.json()).toMatchObject({ created: { customers: 0, invoices: 0 }, skipped: 1 });
  });

  it('answers a broken file with problem details listing every issue at file:line:column', async () => {
    const before = await snapshotLedger(db);
    const response = await upload('/api/imports/payments?file_name=bank.csv', 'reference;customer;name;date;amount\nP1;C1;Un;2025-13-01;10\nP2;C1;Un;2025-01-02;ten\n');
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({
      code: 'import_failed',
      detail: 'bank.csv: 2 problems found, nothing was imported',
      issues: [
        { file: 'bank.csv', line: 2, column: 10, message: 'date: "2025-13-01" is not a date (write 31/03/2025 or 2025-03-31)' },
        { file: 'bank.csv', line: 3, column: 21, message: 'amount: "ten" is not an amount (write 1234.56 or 1 234,56)' },
      ],
    });
    expect(await snapshotLedger(db)).toEqual(before);
  });

  it('takes the column mapping as a query parameter', async () => {
    const response = await upload(`/api/imports/invoices?map=${encodeURIComponent('number=Pièce,customer=Tiers,date=Jour,amount=Valeur')}`, 'Pièce;Tiers;Nom;Jour;Valeur\nM1;C1;Un;2025-01-01;5\n');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().created.invoices).toBe(1);
  });

  it('refuses callers who may not write, and unknown kinds', async () => {
    expect((await upload('/api/imports/invoices', 'number;customer;date;amount\n', viewerCookie)).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/imports/invoices', payload: 'x' })).statusCode).toBe(401);
    expect((await upload('/api/imports/orders', 'x')).statusCode).toBe(422);
  });
});
