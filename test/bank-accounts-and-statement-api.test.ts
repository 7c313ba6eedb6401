import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { buildApp } from '../src/http/build-app.js';
import { signIn, type ApiCaller } from './support/api-session.js';
import { ENGINES, freshDatabase, freshDatabaseUrl } from './support/engines.js';
import { relanceCli } from './support/relance-cli.js';

const PASSWORD = 'statement secret';
const FIXTURES = join(import.meta.dirname, 'fixtures', 'camt');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const OCTETS = { 'content-type': 'application/octet-stream' };

describe.each(ENGINES)('bank accounts and statement imports through the API on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  const as: Record<'admin' | 'collector', ApiCaller> = {} as never;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const org = await createOrganization(db, { name: 'Atelier Durand', country: 'BE', currency: 'EUR', timeZone: 'Europe/Brussels', locale: 'fr', bankAccounts: [{ label: 'main', iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP' }] });
    for (const role of ['admin', 'collector'] as const) await createUser(db, org.id, { email: `${role}@durand.test`, name: role, password: PASSWORD, role });
    app = await buildApp({ db });
    await app.ready();
    for (const role of ['admin', 'collector'] as const) as[role] = await signIn(app, `${role}@durand.test`, PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('lists the bank details already saved as the first account, the one messages print', async () => {
    const list = (await as.collector.get('/api/bank-accounts')).json();
    expect(list.items).toEqual([{ id: expect.any(String), iban: 'FR7630006000011234567890189', iban_display: 'FR76 3000 6000 0112 3456 7890 189', bic: 'AGRIFRPP', currency: 'EUR', label: 'main', printed: true }]);
  });

  it('lets an administrator add an account, checked, while messages keep printing the first', async () => {
    const added = await as.admin.post('/api/bank-accounts', { iban: 'be68 5390 0754 7034', currency: 'EUR', label: 'Belfius' });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ iban: 'BE68539007547034', iban_display: 'BE68 5390 0754 7034', label: 'Belfius', printed: false });

    const mistyped = await as.admin.post('/api/bank-accounts', { iban: 'BE68 5390 0754 7035' });
    expect(mistyped.statusCode).toBe(422);
    expect(mistyped.body).toContain('its check digits do not match');
    expect((await as.admin.post('/api/bank-accounts', { iban: 'BE68539007547034' })).statusCode).toBe(409);
    expect((await as.admin.post('/api/bank-accounts', { iban: 'CH2801234000123456789', currency: 'XYZ' })).statusCode).toBe(422);
    expect((await as.collector.post('/api/bank-accounts', { iban: 'CH2801234000123456789' })).statusCode).toBe(403);
    // An organization may hold accounts in several currencies.
    const swiss = await as.admin.post('/api/bank-accounts', { iban: 'CH28 0123 4000 1234 5678 9', currency: 'chf', bic: 'UBSWCHZH80A' });
    expect(swiss.json()).toMatchObject({ currency: 'CHF', bic: 'UBSWCHZH80A', label: 'account 3' });

    const printed = (await as.admin.get('/api/settings/bank-details')).json();
    expect(printed.iban).toBe('FR76 3000 6000 0112 3456 7890 189');
  });

  it('imports a statement of one of its accounts once, and refuses one of an account it does not hold', async () => {
    const first = await as.admin.request('POST', '/api/imports/statement?file_name=march', fixture('relance_camt053.v8.batch.xml'), OCTETS);
    expect(first.statusCode, first.body).toBe(200);
    const report = first.json();
    expect(report.kind).toBe('statement');
    expect(report.payments.map((p: { amount: string; status: string }) => [p.amount, p.status])).toEqual([
      ['100.00', 'unmatched'],
      ['250.50', 'unmatched'],
      ['49.50', 'unmatched'],
    ]);
    expect(report.excluded.map((e: { reason: string }) => e.reason).sort()).toEqual(['debit', 'pending', 'return', 'reversal', 'reversal']);

    const again = (await as.admin.request('POST', '/api/imports/statement?file_name=march', fixture('relance_camt053.v8.batch.xml'), OCTETS)).json();
    expect(again.payments).toEqual([]);
    expect(again.skipped).toBe(3);

    const foreign = await as.admin.request('POST', '/api/imports/statement?file_name=dutch.xml', fixture('genkgo_camt053.v2.minimal.xml'), OCTETS);
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().issues[0]).toMatchObject({ file: 'dutch.xml', message: expect.stringContaining("NL26 VAYB 8060 4768 90 is not one of this organization's bank accounts"), reason: { code: 'statement_unknown_account' } });
    // The Swiss account's notification books only debits: read, nothing to record.
    const swiss = (await as.admin.request('POST', '/api/imports/statement?file_name=swiss.xml', fixture('genkgo_camt054.v8.xml'), OCTETS)).json();
    expect([swiss.payments, swiss.excluded.map((e: { reason: string; currency: string }) => [e.reason, e.currency])]).toEqual([[], [['debit', 'SEK']]]);
  });

  it('previews a statement on the import page with its first payments', async () => {
    const preview = (await as.admin.request('POST', '/api/import-previews/statement?file_name=report', fixture('relance_camt052.v2.intraday.xml'), OCTETS)).json();
    expect(preview.can_import).toBe(true);
    // Everything in it is already imported from the statement of the same day.
    expect(preview.created.payments).toBe(0);
    expect(preview.skipped).toBe(3);
  });

  it('removes an account; the next one becomes the one messages print', async () => {
    const [first] = (await as.admin.get('/api/bank-accounts')).json().items;
    expect((await as.admin.delete(`/api/bank-accounts/${first.id}`)).statusCode).toBe(204);
    const left = (await as.admin.get('/api/bank-accounts')).json().items;
    expect(left.map((a: { iban: string; printed: boolean }) => [a.iban, a.printed])).toEqual([['BE68539007547034', true], ['CH2801234000123456789', false]]);
    expect((await as.admin.get('/api/settings/bank-details')).json().iban).toBe('BE68 5390 0754 7034');
  });
});

describe('relance import statement --json', () => {
  it('prints the payments and the entries left out with the fields integrations read', async () => {
    const env = { DATABASE_URL: await freshDatabaseUrl('sqlite') };
    expect((await relanceCli(['org', 'create', '--name', 'Durand', '--country', 'BE'], env)).code).toBe(0);
    const added = await relanceCli(['org', 'bank-accounts', 'add', 'BE68 5390 0754 7034', '--bic', 'GKCCBEBB'], env);
    expect(added.stdout).toContain('added BE68 5390 0754 7034');
    const run = await relanceCli(['import', 'statement', join(FIXTURES, 'relance_camt053.v8.batch.xml'), join(FIXTURES, 'relance_camt052.v2.intraday.xml'), '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.payments[1]).toEqual({
      file: join(FIXTURES, 'relance_camt053.v8.batch.xml'),
      account_iban: 'BE68539007547034',
      amount: '250.50',
      currency: 'EUR',
      booking_date: '2026-03-03',
      value_date: '2026-03-03',
      payer_name: 'Garage Dupont',
      payer_iban: 'BE71096123456769',
      reference: null,
      remittance: 'Facture F-2026-0042 merci',
      status: 'unmatched',
      invoices: [],
    });
    expect(report.payments).toHaveLength(3);
    expect(report.excluded.map((e: { reason: string }) => e.reason).sort()).toEqual(['debit', 'duplicate', 'duplicate', 'duplicate', 'pending', 'pending', 'return', 'reversal', 'reversal']);
    expect(report.excluded.find((e: { reason: string }) => e.reason === 'debit')).toMatchObject({ amount: '59.90', path: 'Document/BkToCstmrStmt/Stmt[1]/Ntry[6]' });
  });
});

describe('relance reconcile', () => {
  it('lists the credits waiting for a person, puts one on a customer\'s account, and undoes it', async () => {
    const env = { DATABASE_URL: await freshDatabaseUrl('sqlite') };
    expect((await relanceCli(['org', 'create', '--name', 'Durand', '--country', 'BE'], env)).code).toBe(0);
    expect((await relanceCli(['org', 'bank-accounts', 'add', 'BE68 5390 0754 7034'], env)).code).toBe(0);
    expect((await relanceCli(['import', 'customers', join(import.meta.dirname, 'fixtures', 'imports', 'samples', 'customers.csv')], env)).code).toBe(0);
    expect((await relanceCli(['import', 'statement', join(FIXTURES, 'relance_camt053.v8.batch.xml')], env)).code).toBe(0);
    const listed = JSON.parse((await relanceCli(['reconcile', 'list', '--json'], env)).stdout) as { items: { id: string; amount: { amount: string } }[] };
    const garage = listed.items.find((line) => line.amount.amount === '250.50')!;
    expect(garage).toBeDefined();

    const confirmed = await relanceCli(['reconcile', 'confirm', garage.id, '--customer', 'C001'], env);
    expect(confirmed.stdout, confirmed.stderr).toBe("Applied: it stays on the customer's account as credit.\n");
    const after = JSON.parse((await relanceCli(['reconcile', 'list', '--json'], env)).stdout) as { items: { id: string }[] };
    expect(after.items.map((line) => line.id)).not.toContain(garage.id);
    expect((await relanceCli(['reconcile', 'undo', garage.id], env)).stdout).toBe('Undone: the line waits in the queue again.\n');
    const refused = await relanceCli(['reconcile', 'confirm', garage.id], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('--suggestion');
  });
});
