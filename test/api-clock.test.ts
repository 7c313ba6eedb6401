import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createContact } from '../src/adapters/db/stores/contacts.js';
import { createCustomer } from '../src/adapters/db/stores/customers.js';
import { createInvoice } from '../src/adapters/db/stores/documents.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { buildApp } from '../src/http/build-app.js';
import { signIn, type ApiCaller } from './support/api-session.js';
import { ENGINES, freshDatabase } from './support/engines.js';

describe.each(ENGINES)("the API's clock on %s", (engine) => {
  let db: Db;
  let invoiceId: string;
  let durand: string;
  let martin: string;
  beforeAll(async () => {
    db = await freshDatabase(engine);
    const organization = await createOrganization(db, { name: 'Clocked', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    await createUser(db, organization.id, { email: 'viewer@clocked.test', name: 'Viewer', password: 'correct horse battery', role: 'viewer' });
    const customer = await createCustomer(db, organization.id, { externalRef: 'C-1', name: 'Durand SARL' });
    invoiceId = (await createInvoice(db, organization.id, { customerId: customer.id, number: 'F-1', issueDate: '2025-03-01', dueDate: '2025-03-31', currency: 'EUR', amountMinor: 10_000 })).id;
    durand = customer.id;
    await createUser(db, organization.id, { email: 'collector@clocked.test', name: 'Collector', password: 'correct horse battery', role: 'collector' });
    await createContact(db, organization.id, customer.id, { name: 'Comptabilité', email: 'compta@durand.test' });
    // Invoiced once before the clock's day and once after it.
    martin = (await createCustomer(db, organization.id, { externalRef: 'C-2', name: 'Martin SAS' })).id;
    await createInvoice(db, organization.id, { customerId: martin, number: 'F-2', issueDate: '2025-04-05', dueDate: '2025-05-05', currency: 'EUR', amountMinor: 20_000 });
    await createInvoice(db, organization.id, { customerId: martin, number: 'F-3', issueDate: '2025-04-20', dueDate: '2025-05-20', currency: 'EUR', amountMinor: 30_000 });
  });

  /** 23:30 UTC on 9 April is already 10 April in Paris: F-1 is then 10 days late. */
  const TENTH_OF_APRIL = () => new Date('2025-04-09T23:30:00Z');
  async function asCollector(now: () => Date, use: (collector: ApiCaller) => Promise<void>): Promise<void> {
    const app = await buildApp({ db, now });
    try {
      await use(await signIn(app, 'collector@clocked.test', 'correct horse battery'));
    } finally {
      await app.close();
    }
  }
  const eur = (amount: string) => ({ amount, currency: 'EUR' });
  afterAll(async () => {
    await db?.close();
  });

  it('judges "overdue" on the day of the clock it was given, in the organization’s time zone', async () => {
    // 23:30 UTC on 9 April is already 10 April in Paris.
    const app = await buildApp({ db, now: () => new Date('2025-04-09T23:30:00Z') });
    try {
      const viewer = await signIn(app, 'viewer@clocked.test', 'correct horse battery');
      expect((await viewer.get(`/api/invoices/${invoiceId}`)).json()).toMatchObject({ status: 'overdue', days_overdue: 10 });
      expect((await viewer.get('/api/invoices?status=overdue')).json().items).toEqual([expect.objectContaining({ number: 'F-1', days_overdue: 10 })]);
    } finally {
      await app.close();
    }
    const before = await buildApp({ db, now: () => new Date('2025-03-31T12:00:00Z') });
    try {
      const viewer = await signIn(before, 'viewer@clocked.test', 'correct horse battery');
      expect((await viewer.get(`/api/invoices/${invoiceId}`)).json()).toMatchObject({ status: 'open', days_overdue: 0 });
    } finally {
      await before.close();
    }
  });

  it("ages the aging report on the clock's day when no as_of is given", async () => {
    await asCollector(TENTH_OF_APRIL, async (collector) => {
      const report = (await collector.get('/api/reports/aging')).json();
      expect(report.as_of).toBe('2025-04-10');
      expect(report.customers.find((line: { reference: string }) => line.reference === 'C-1').buckets).toMatchObject({ d1_30: eur('100.00'), d31_60: eur('0.00'), over_90: eur('0.00') });
      expect((await collector.get(`/api/customers/${durand}/aging`)).json().buckets).toMatchObject({ d1_30: eur('100.00') });
    });
    // Five weeks later the same invoice has moved to the next bucket.
    await asCollector(() => new Date('2025-05-15T10:00:00Z'), async (collector) => {
      const report = (await collector.get('/api/reports/aging')).json();
      expect(report.customers.find((line: { reference: string }) => line.reference === 'C-1').buckets).toMatchObject({ d1_30: eur('0.00'), d31_60: eur('100.00') });
    });
  });

  it("shows a customer's overdue invoices late by the days up to the clock's day", async () => {
    await asCollector(TENTH_OF_APRIL, async (collector) => {
      expect((await collector.get(`/api/customers/${durand}`)).json()).toMatchObject({ as_of: '2025-04-10', buckets: { d1_30: eur('100.00'), over_90: eur('0.00') } });
      expect((await collector.get(`/api/customers/${durand}/open-items`)).json().items).toEqual([expect.objectContaining({ number: 'F-1', days_overdue: 10 })]);
      // Martin's invoices fall due in May: nothing of his is overdue yet.
      expect((await collector.get('/api/customers')).json().items).toEqual(
        expect.arrayContaining([expect.objectContaining({ reference: 'C-1', overdue: eur('100.00') }), expect.objectContaining({ reference: 'C-2', overdue: eur('0.00') })]),
      );
    });
  });

  it("counts late interest up to the clock's day when no as_of is given", async () => {
    await asCollector(TENTH_OF_APRIL, async (collector) => {
      const fees = (await collector.get(`/api/customers/${durand}/late-fees`)).json();
      // Ten days at the first half-year of 2025's rate (13.15 %) on EUR 100.
      expect(fees.invoices).toEqual([expect.objectContaining({ number: 'F-1', days_late: 10, interest: eur('0.36') })]);
      expect((await collector.get('/api/late-fees/current-rate')).json()).toMatchObject({ as_of: '2025-04-10', half_year: '2025-H1', on_file: true });
    });
  });

  it("plans the customer's next step and the collection run for the clock's day", async () => {
    await asCollector(TENTH_OF_APRIL, async (collector) => {
      const collection = (await collector.get(`/api/customers/${durand}/collection`)).json();
      expect(collection.next_step).toMatchObject({ on: '2025-04-10', reason: { en: expect.stringMatching(/^Invoice F-1 is 10 days overdue/) } });
      const run = (await collector.post('/api/collection/runs', { dry_run: true })).json();
      expect(run.as_of).toBe('2025-04-10');
      expect(run.actions.filter((action: { customer_reference: string }) => action.customer_reference === 'C-1')).toEqual([
        expect.objectContaining({ step_id: 'courteous-reminder', invoices: [expect.objectContaining({ number: 'F-1', days_overdue: 10 })] }),
      ]);
    });
  });

  it("ends the statement on the clock's day: an invoice issued after it is not on it yet", async () => {
    await asCollector(TENTH_OF_APRIL, async (collector) => {
      const statement = (await collector.get(`/api/customers/${martin}/statement`)).json();
      expect(statement).toMatchObject({ from: '2024-04-11', to: '2025-04-10', closing_balance: eur('200.00') });
      expect(statement.lines.map((line: { number: string }) => line.number)).toEqual(['F-2']);
      const pdf = await collector.get(`/api/customers/${martin}/statement.pdf`);
      expect(pdf.headers['content-disposition']).toBe('inline; filename="statement-C-2-2025-04-10.pdf"');
    });
  });
});
