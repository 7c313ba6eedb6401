import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/adapters/db/database.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { buildApp } from '../src/http/build-app.js';
import { snapshotLedger } from './fixtures/imports/database-snapshot.js';
import { signIn, type ApiCaller, type ApiResponse } from './support/api-session.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const BROKEN = ['N° facture;Code client;Raison sociale;Date facture;Montant TTC', 'F-1;C1;Atelier Dupont;15/01/2025;1 200,00', 'F-2;C1;Atelier Dupont;16/01/2025;12,5O', 'F-3;C2;Boulangerie Martin;17/01/2025;80,00', ''].join('\n');
const FIXED = BROKEN.replace('12,5O', '12,50');

/** An invoices file of `count` lines over 200 customers. */
function bigInvoiceFile(count: number): string {
  const lines = ['N° facture;Code client;Raison sociale;Date facture;Montant TTC'];
  for (let i = 1; i <= count; i += 1) lines.push(`B-${i};K${i % 200};Client ${i % 200};${String((i % 28) + 1).padStart(2, '0')}/03/2025;${(i % 900) + 10},${String(i % 100).padStart(2, '0')}`);
  return `${lines.join('\n')}\n`;
}

describe.each(ENGINES)('import page API on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let baseUrl: string;
  let admin: ApiCaller;
  let collector: ApiCaller;
  let otherAdmin: ApiCaller;
  let orgId: string;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const org = await createOrganization(db, { name: 'Atelier', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    const other = await createOrganization(db, { name: 'Autre', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    orgId = org.id;
    await createUser(db, org.id, { email: 'admin@atelier.test', name: 'Ada', password: 'admin secret', role: 'admin' });
    await createUser(db, org.id, { email: 'col@atelier.test', name: 'Col', password: 'collector secret', role: 'collector' });
    await createUser(db, other.id, { email: 'admin@autre.test', name: 'Otto', password: 'other secret', role: 'admin' });
    app = await buildApp({ db });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    baseUrl = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
    admin = await signIn(app, 'admin@atelier.test', 'admin secret');
    collector = await signIn(app, 'col@atelier.test', 'collector secret');
    otherAdmin = await signIn(app, 'admin@autre.test', 'other secret');
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const upload = (as: ApiCaller, url: string, body: string) => as.request('POST', url, body, { 'content-type': 'text/csv' });

  async function finished(as: ApiCaller, id: string, seen: number[] = []): Promise<ApiResponse> {
    for (;;) {
      const response = await as.get(`/api/import-jobs/${id}`);
      expect(response.statusCode, response.body).toBe(200);
      const job = response.json();
      seen.push(job.percent);
      if (job.status === 'succeeded' || job.status === 'failed') return response;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('checks a file without writing anything: the broken line with its code, the first rows as read, no counts', async () => {
    const before = await snapshotLedger(db);
    const response = await upload(admin, '/api/import-previews/invoices?file_name=factures.csv', BROKEN);
    expect(response.statusCode, response.body).toBe(200);
    const preview = response.json();
    expect(preview).toMatchObject({ kind: 'invoices', file: 'factures.csv', can_import: false, rows_read: 3, errors_total: 1 });
    expect(preview.errors).toEqual([
      {
        file: 'factures.csv',
        line: 3,
        column: 34,
        message: 'Montant TTC: "12,5O" is not an amount (write 1234.56 or 1 234,56)',
        reason: { code: 'not_an_amount', field: 'amount', value: '12,5O' },
      },
    ]);
    expect(preview.columns).toEqual([
      { field: 'number', header: 'N° facture' },
      { field: 'customer', header: 'Code client' },
      { field: 'customer_name', header: 'Raison sociale' },
      { field: 'date', header: 'Date facture' },
      { field: 'amount', header: 'Montant TTC' },
    ]);
    expect(preview.rows[0]).toEqual({ line: 2, values: ['F-1', 'C1', 'Atelier Dupont', '15/01/2025', '1 200,00'] });
    expect(await snapshotLedger(db)).toEqual(before);
  });

  it('gives each problem of a checked file its code, so the page can say it in the reader’s language', async () => {
    const text = [
      'N° facture;Code client;Raison sociale;Date facture;Échéance;Montant TTC',
      'R-1;R1;Rouge;15/01/2025;10/01/2025;10,00',
      'R-2;R2;;15/01/2025;;20,00',
      'R-3;R1;Rouge;15/01/2025;;30,00',
      'R-3;R1;Rouge;16/01/2025;;40,00',
      '',
    ].join('\n');
    const response = await upload(admin, '/api/import-previews/invoices?file_name=rouge.csv', text);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().errors.map((issue: { line: number; reason?: unknown }) => [issue.line, issue.reason])).toEqual([
      [2, { code: 'due_before_date', field: 'due_date', value: '2025-01-10', expected: '2025-01-15' }],
      [3, { code: 'unknown_customer_give_name', field: 'customer_name', value: 'R2' }],
      [5, { code: 'twice_in_file', field: 'number', value: 'R-3', expected: 4 }],
    ]);
  });

  it('counts what a clean file would create, still writing nothing', async () => {
    const before = await snapshotLedger(db);
    const preview = (await upload(admin, '/api/import-previews/invoices', FIXED)).json();
    expect(preview).toMatchObject({ can_import: true, errors: [], errors_total: 0, rows_read: 3, created: { customers: 2, invoices: 3 }, skipped: 0 });
    expect(preview.rows).toHaveLength(3);
    expect(await snapshotLedger(db)).toEqual(before);
  });

  it('imports a large file in the background: the server keeps answering, the progress goes up, the report comes at the end', async () => {
    const started = await upload(admin, '/api/import-jobs/invoices?file_name=big.csv', bigInvoiceFile(50_000));
    expect(started.statusCode, started.body).toBe(202);
    const job = started.json();
    expect(started.headers.location).toBe(`/api/import-jobs/${job.id}`);
    expect(job).toMatchObject({ kind: 'invoices', file: 'big.csv', report: null, error: null });
    expect(['queued', 'running']).toContain(job.status);

    // A real socket: the health check must get through while the import is under way.
    const health = await fetch(`${baseUrl}/api/health`);
    expect(health.status).toBe(200);
    const during = (await admin.get(`/api/import-jobs/${job.id}`)).json();
    expect(during.status, 'the health check answered only after the import').not.toBe('succeeded');

    const seen: number[] = [];
    const done = (await finished(admin, job.id, seen)).json();
    expect(done.status, JSON.stringify(done.error)).toBe('succeeded');
    expect(done).toMatchObject({ percent: 100, total_rows: 50_000, processed_rows: 50_000, report: { rows_read: 50_000, created: { customers: 200, invoices: 50_000 } } });
    expect(new Set(seen.filter((p) => p > 0 && p < 100)).size, `percentages seen: ${seen.join(',')}`).toBeGreaterThan(1);
    const count = await db.kysely.selectFrom('invoices').select((eb) => eb.fn.countAll<number>().as('n')).where('organization_id', '=', orgId).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(50_000);
  });

  it('runs a broken file as a job to a failure with its problems, writing nothing; the same clean file twice changes nothing the second time', async () => {
    const before = await snapshotLedger(db);
    const failed = (await finished(admin, (await upload(admin, '/api/import-jobs/invoices?file_name=factures.csv', BROKEN)).json().id)).json();
    expect(failed).toMatchObject({ status: 'failed', report: null, error: { status: 422, code: 'import_failed', issues: [{ line: 3, column: 34, reason: { code: 'not_an_amount' } }] } });
    expect(await snapshotLedger(db)).toEqual(before);

    const first = (await finished(admin, (await upload(admin, '/api/import-jobs/invoices', FIXED)).json().id)).json();
    expect(first.report.created).toMatchObject({ customers: 2, invoices: 3 });
    const again = (await finished(admin, (await upload(admin, '/api/import-jobs/invoices', FIXED)).json().id)).json();
    expect(again.report).toMatchObject({ created: { customers: 0, invoices: 0 }, skipped: 3 });
  });

  it("keeps checks and jobs to administrators, and a job to its own organization", async () => {
    expect((await upload(collector, '/api/import-previews/invoices', FIXED)).statusCode).toBe(403);
    expect((await upload(collector, '/api/import-jobs/invoices', FIXED)).statusCode).toBe(403);
    const id = (await upload(admin, '/api/import-jobs/invoices', FIXED)).json().id;
    expect((await collector.get(`/api/import-jobs/${id}`)).statusCode).toBe(403);
    const stranger = await otherAdmin.get(`/api/import-jobs/${id}`);
    expect(stranger.statusCode).toBe(404);
    expect(stranger.body).not.toContain('F-1');
    expect((await finished(admin, id)).json().status).toBe('succeeded');
  });
});

describe('import jobs on a database in memory', () => {
  it('runs the job on the server thread, which alone can reach that database, with the same report', async () => {
    const db = await openDatabase('sqlite::memory:');
    const org = await createOrganization(db, { name: 'Mémoire', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    await createUser(db, org.id, { email: 'admin@memoire.test', name: 'Max', password: 'memory secret', role: 'admin' });
    const app = await buildApp({ db });
    try {
      const admin = await signIn(app, 'admin@memoire.test', 'memory secret');
      const started = await admin.request('POST', '/api/import-jobs/invoices', FIXED, { 'content-type': 'text/csv' });
      expect(started.statusCode, started.body).toBe(202);
      let job = started.json();
      while (job.status === 'queued' || job.status === 'running') {
        await new Promise((resolve) => setTimeout(resolve, 20));
        job = (await admin.get(`/api/import-jobs/${job.id}`)).json();
      }
      expect(job).toMatchObject({ status: 'succeeded', percent: 100, report: { created: { customers: 2, invoices: 3 } } });
    } finally {
      await app.close();
      await db.close();
    }
  });
});
