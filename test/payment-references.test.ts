import type { FastifyInstance } from 'fastify';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/adapters/db/database.js';
import { MIGRATIONS } from '../src/adapters/db/migrator.js';
import { createCustomer } from '../src/adapters/db/stores/customers.js';
import { createInvoice } from '../src/adapters/db/stores/documents.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { findInvoicesByPaymentReference } from '../src/adapters/db/stores/payment-references.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { loadDemo } from '../src/app/demo/load-demo.js';
import { importFile } from '../src/app/import/import-file.js';
import { fileSource } from '../src/app/import/import-source.js';
import { displayPaymentReference, isValidCreditorReference, isValidStructuredCommunication, paymentReferenceFor } from '../src/core/payments/payment-reference.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { buildApp } from '../src/http/build-app.js';
import { writeTextFile } from './fixtures/imports/database-snapshot.js';
import { signIn, type ApiCaller } from './support/api-session.js';
import { ENGINES, freshDatabase, freshDatabaseUrl } from './support/engines.js';
import { relanceCli } from './support/relance-cli.js';

async function referencesOf(db: Db, organizationId: string): Promise<Map<string, string | null>> {
  const rows = await db.kysely.selectFrom('invoices').select(['number', 'payment_reference']).where('organization_id', '=', organizationId).execute();
  return new Map(rows.map((row) => [row.number, row.payment_reference ?? null]));
}

describe.each(ENGINES)('invoice payment references on %s', (engine) => {
  let db: Db;
  beforeAll(async () => {
    db = await freshDatabase(engine);
  });
  afterAll(async () => {
    await db?.close();
  });

  let count = 0;
  async function organization(country: string) {
    count += 1;
    const org = await createOrganization(db, { name: `Org ${count}`, country, currency: 'EUR', timeZone: 'Europe/Brussels', locale: 'fr' });
    const customer = await createCustomer(db, org.id, { externalRef: 'C001', name: 'Boulangerie Martin', language: 'fr' });
    return { org, customer };
  }

  it('gives a Belgian organization\'s invoices structured communications and a French one\'s RF references, one after the other', async () => {
    const be = await organization('BE');
    const fr = await organization('FR');
    const invoice = (orgId: string, customerId: string, number: string) =>
      createInvoice(db, orgId, { customerId, number, issueDate: '2026-03-01', dueDate: '2026-03-31', currency: 'EUR', amountMinor: 100_00 });
    const first = await invoice(be.org.id, be.customer.id, 'F-1');
    const second = await invoice(be.org.id, be.customer.id, 'F-2');
    const french = await invoice(fr.org.id, fr.customer.id, 'F-1');
    expect(first.payment_reference).toBe('000000000101');
    expect(displayPaymentReference(second.payment_reference!)).toBe('+++000/0000/00202+++');
    expect(isValidStructuredCommunication(second.payment_reference!)).toBe(true);
    expect(french.payment_reference).toBe(paymentReferenceFor('creditor_reference', 1));
    expect(isValidCreditorReference(french.payment_reference!)).toBe(true);
    expect((await referencesOf(db, be.org.id)).get('F-2')).toBe(second.payment_reference);
  });

  it('finds an invoice by its reference however the payer wrote it, and only in its own organization', async () => {
    const be = await organization('BE');
    const other = await organization('BE');
    const mine = await createInvoice(db, be.org.id, { customerId: be.customer.id, number: 'F-9', issueDate: '2026-03-01', dueDate: '2026-03-31', currency: 'EUR', amountMinor: 250_00 });
    await createInvoice(db, other.org.id, { customerId: other.customer.id, number: 'F-9', issueDate: '2026-03-01', dueDate: '2026-03-31', currency: 'EUR', amountMinor: 250_00 });
    const found = await findInvoicesByPaymentReference(db, be.org.id, ['***000/0000/00101***']);
    expect(found).toEqual([expect.objectContaining({ id: mine.id, number: 'F-9', open_minor: 250_00, payment_reference: '000000000101' })]);
    expect(await findInvoicesByPaymentReference(db, be.org.id, ['+++000/0000/00102+++', 'F-9'])).toEqual([]);
  });

  it('gives every invoice of a CSV import its own reference, after those already given', async () => {
    const { org } = await organization('FR');
    await createInvoice(db, org.id, { customerId: (await createCustomer(db, org.id, { externalRef: 'C000', name: 'Before', language: 'fr' })).id, number: 'A-0', issueDate: '2026-01-01', dueDate: '2026-01-31', currency: 'EUR', amountMinor: 10_00 });
    const text = ['Invoice;Customer;Name;Date;Due;Amount;Currency', ...Array.from({ length: 30 }, (_, i) => `A-${i + 1};C${100 + (i % 4)};Customer ${i % 4};01/02/2026;28/02/2026;${i + 1},00;EUR`)].join('\n');
    await importFile(db, org.id, 'invoices', fileSource(writeTextFile('invoices.csv', text, 'utf-8'), 'invoices.csv'));
    const references = await referencesOf(db, org.id);
    expect(references.size).toBe(31);
    expect(new Set(references.values()).size).toBe(31);
    expect(references.get('A-0')).toBe(paymentReferenceFor('creditor_reference', 1));
    expect([...references.values()].every((reference) => reference !== null && isValidCreditorReference(reference))).toBe(true);
  });

  it('keeps the references already given when the organization changes its scheme', async () => {
    const { org, customer } = await organization('FR');
    const before = await createInvoice(db, org.id, { customerId: customer.id, number: 'B-1', issueDate: '2026-03-01', dueDate: '2026-03-31', currency: 'EUR', amountMinor: 10_00 });
    await db.kysely.updateTable('organizations').set({ payment_reference_scheme: 'structured_communication' }).where('id', '=', org.id).execute();
    const after = await createInvoice(db, org.id, { customerId: customer.id, number: 'B-2', issueDate: '2026-03-01', dueDate: '2026-03-31', currency: 'EUR', amountMinor: 10_00 });
    expect(before.payment_reference).toBe(paymentReferenceFor('creditor_reference', 1));
    expect(after.payment_reference).toBe(paymentReferenceFor('structured_communication', 2));
    expect((await referencesOf(db, org.id)).get('B-1')).toBe(before.payment_reference);
  });

  it('refuses two invoices of one organization with the same reference', async () => {
    const { org, customer } = await organization('FR');
    const first = await createInvoice(db, org.id, { customerId: customer.id, number: 'D-1', issueDate: '2026-03-01', dueDate: '2026-03-31', currency: 'EUR', amountMinor: 10_00 });
    await expect(
      db.kysely
        .insertInto('invoices')
        .values({ id: 'dup', organization_id: org.id, customer_id: customer.id, number: 'D-2', issue_date: '2026-03-01', due_date: '2026-03-31', currency: 'EUR', amount_minor: 1, open_minor: 1, payment_terms: null, source: 'api', created_at: '2026-03-01T00:00:00Z', payment_reference: first.payment_reference! })
        .execute(),
    ).rejects.toThrow();
  });
});

describe.each(ENGINES)('payment references of the demo, the API and earlier ledgers on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let admin: ApiCaller;
  let orgId: string;
  beforeAll(async () => {
    db = await freshDatabase(engine);
    const demo = await loadDemo(db, { customers: 6, invoices: 40, seed: 7, asOf: '2026-03-02' as PlainDate });
    orgId = demo.organizationId;
    app = await buildApp({ db });
    admin = await signIn(app, demo.login.email, demo.login.password);
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('gives every demo invoice a reference of its own', async () => {
    const references = [...(await referencesOf(db, orgId)).values()];
    expect(references.length).toBeGreaterThan(0);
    expect(references.every((reference) => reference !== null)).toBe(true);
    expect(new Set(references).size).toBe(references.length);
  });

  it('shows the reference to quote on the invoice, and takes a new scheme for invoices recorded after', async () => {
    const list = await admin.get('/api/invoices?limit=1');
    expect(list.statusCode).toBe(200);
    const invoice = list.json().items[0];
    expect(invoice.payment_reference).toMatch(/^RF\d{2}( [0-9A-Z]{1,4})+$/);
    expect((await admin.get(`/api/invoices/${invoice.id}`)).json().payment_reference).toBe(invoice.payment_reference);

    expect((await admin.get('/api/settings/payment-references')).json()).toEqual({ scheme: 'creditor_reference', chosen: false, country_default: 'creditor_reference' });
    const refused = await admin.request('PUT', '/api/settings/payment-references', { scheme: 'ogm' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().detail ?? refused.body).not.toMatch(/must be equal/);
    const changed = await admin.request('PUT', '/api/settings/payment-references', { scheme: 'structured_communication' });
    expect(changed.json()).toEqual({ scheme: 'structured_communication', chosen: true, country_default: 'creditor_reference' });
    const created = await admin.post('/api/invoices', { customer_id: invoice.customer.id, number: 'NEW-1', issue_date: '2026-03-01', amount: { amount: '12.00', currency: 'EUR' } });
    expect(created.statusCode).toBe(201);
    expect(created.json().payment_reference).toMatch(/^\+\+\+\d{3}\/\d{4}\/\d{5}\+\+\+$/);
    expect((await admin.get(`/api/invoices/${invoice.id}`)).json().payment_reference).toBe(invoice.payment_reference);
  });
});

describe.each(ENGINES)('references given to the invoices of a ledger recorded before references existed, on %s', (engine) => {
  it('numbers each organization\'s invoices in the order they were recorded, in its country\'s scheme', async () => {
    const db = await openDatabase(await freshDatabaseUrl(engine), { migrate: false });
    try {
      const migrator = new Migrator({ db: db.kysely, provider: { getMigrations: async () => MIGRATIONS } });
      const before = await migrator.migrateTo('0032-s-customer-name-search');
      expect(before.error).toBeUndefined();
      const k = db.kysely as any;
      for (const [id, country] of [['be', 'BE'], ['fr', 'FR']]) {
        await k.insertInto('organizations').values({ id, name: id, legal_name: id, country, currency: 'EUR', time_zone: 'Europe/Brussels', locale: 'fr', bank_accounts: '[]', default_terms: 'net 30', created_at: '2026-01-01T00:00:00Z' }).execute();
        await k.insertInto('customers').values({ id: `${id}-c`, organization_id: id, external_ref: 'C1', name: 'C', language: 'fr', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' }).execute();
        // Recorded out of id order: the serials follow the recording time.
        for (const [n, at] of [[3, '01'], [1, '03'], [2, '02'], [98, '04']] as const) {
          await k
            .insertInto('invoices')
            .values({ id: `${id}-${n}`, organization_id: id, customer_id: `${id}-c`, number: `N${n}`, issue_date: '2026-01-01', due_date: '2026-01-31', currency: 'EUR', amount_minor: 100, open_minor: 100, source: 'api', created_at: `2026-01-${at}T00:00:00Z` })
            .execute();
        }
      }
      const after = await migrator.migrateToLatest();
      expect(after.error).toBeUndefined();
      const be = await referencesOf(db, 'be');
      expect([...be.entries()].sort()).toEqual([
        ['N1', paymentReferenceFor('structured_communication', 3)],
        ['N2', paymentReferenceFor('structured_communication', 2)],
        ['N3', paymentReferenceFor('structured_communication', 1)],
        ['N98', paymentReferenceFor('structured_communication', 4)],
      ]);
      const fr = await referencesOf(db, 'fr');
      expect(fr.get('N3')).toBe(paymentReferenceFor('creditor_reference', 1));
      expect(fr.get('N98')).toBe(paymentReferenceFor('creditor_reference', 4));
      // The next invoice continues the numbering.
      const next = await createInvoice(db, 'be', { customerId: 'be-c', number: 'N5', issueDate: '2026-02-01', dueDate: '2026-02-28', currency: 'EUR', amountMinor: 100 });
      expect(next.payment_reference).toBe(paymentReferenceFor('structured_communication', 5));
      const { rows } = await sql<{ n: number }>`select count(*) as n from invoices where payment_reference is null`.execute(db.kysely);
      expect(Number(rows[0]!.n)).toBe(0);
    } finally {
      await db.close();
    }
  });
});

describe('relance org payment-references', () => {
  it('shows the scheme, refuses an unknown one naming --scheme, and goes back to the country\'s default', async () => {
    const databaseUrl = await freshDatabaseUrl('sqlite');
    const db = await openDatabase(databaseUrl);
    await createOrganization(db, { name: 'Atelier Durand', country: 'BE', currency: 'EUR', timeZone: 'Europe/Brussels', locale: 'fr' });
    await db.close();
    const env = { DATABASE_URL: databaseUrl };
    const shown = await relanceCli(['org', 'payment-references'], env);
    expect(shown.stdout).toBe("Atelier Durand: Belgian structured communication (the country's default), such as +++000/0000/04242+++\n");
    const wrong = await relanceCli(['org', 'payment-references', '--scheme', 'ogm'], env);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^relance: --scheme: "ogm" is not a payment reference scheme/);
    const chosen = await relanceCli(['org', 'payment-references', '--scheme', 'creditor_reference'], env);
    expect(chosen.stdout).toBe('Atelier Durand: ISO 11649 creditor reference, such as RF34 42\n');
    const back = await relanceCli(['org', 'payment-references', '--scheme', 'default'], env);
    expect(back.stdout).toContain("Belgian structured communication (the country's default)");
  });
});
