import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createCustomer } from '../src/adapters/db/stores/customers.js';
import { createInvoice, insertAllocation } from '../src/adapters/db/stores/documents.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { getAgingReport } from '../src/app/get-aging-report.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { buildApp } from '../src/http/build-app.js';
import { eur, signIn, type ApiCaller } from './support/api-session.js';
import { ENGINES, freshDatabase } from './support/engines.js';

describe.each(ENGINES)('ledger API on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let api: ApiCaller;
  let orgId: string;
  let ownerId: string;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const org = await createOrganization(db, { name: 'Atelier', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr', defaultTerms: 'net 30' });
    orgId = org.id;
    await createUser(db, org.id, { email: 'ada@atelier.test', name: 'Ada', password: 'collector secret', role: 'collector' });
    ownerId = (await createUser(db, org.id, { email: 'sol@atelier.test', name: 'Sol', password: 'sales rep secret', role: 'sales' })).id;
    app = await buildApp({ db });
    await app.ready();
    api = await signIn(app, 'ada@atelier.test', 'collector secret');
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  async function newCustomer(reference: string, extra: Record<string, unknown> = {}) {
    const response = await api.post('/api/customers', { reference, name: `${reference} SARL`, ...extra });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  async function newInvoice(customerId: string, number: string, amount: string, extra: Record<string, unknown> = {}) {
    const response = await api.post('/api/invoices', { customer_id: customerId, number, issue_date: '2025-01-15', amount: eur(amount), ...extra });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  describe('customers', () => {
    it('creates, reads, changes and deletes a customer with its contacts', async () => {
      const created = await newCustomer('CRUD-1', { vat_id: 'FR40303265045', segment: 'retail', owner_user_id: ownerId, credit_limit: eur('5000') });
      expect(created).toMatchObject({ reference: 'CRUD-1', segment: 'retail', owner: { id: ownerId, name: 'Sol' }, credit_limit: eur('5000.00'), warnings: [] });
      const contact = await api.post(`/api/customers/${created.id}/contacts`, { name: 'Compta', email: 'compta@crud.test', role: 'accounts_payable' });
      expect(contact.statusCode).toBe(201);

      const read = (await api.get(`/api/customers/${created.id}`)).json();
      expect(read.contacts.map((c: { email: string }) => c.email)).toEqual(['compta@crud.test']);
      expect(read.balance).toEqual(eur('0.00'));

      const changed = await api.patch(`/api/customers/${created.id}`, { name: 'Crud Renamed', segment: null });
      expect(changed.json()).toMatchObject({ name: 'Crud Renamed', segment: null, reference: 'CRUD-1' });

      expect((await api.delete(`/api/customers/${created.id}`)).statusCode).toBe(204);
      expect((await api.get(`/api/customers/${created.id}`)).statusCode).toBe(404);
      expect((await api.get(`/api/contacts/${contact.json().id}`)).statusCode).toBe(404);
    });

    it('refuses a contact nobody could reach', async () => {
      const customer = await newCustomer('CONTACT-1');
      const response = await api.post(`/api/customers/${customer.id}/contacts`, { name: 'Nobody' });
      expect(response.statusCode).toBe(422);
    });

    it('saves payment terms above the French cap but warns, and refuses terms it cannot read', async () => {
      const long = await newCustomer('TERMS-1', { payment_terms: '60 jours fin de mois' });
      expect(long.payment_terms).toBe('60 eom');
      expect(long.warnings).toEqual([{ code: 'over_legal_cap', field: 'payment_terms', message: expect.stringContaining('L441-10') }]);
      const fine = await newCustomer('TERMS-2', { payment_terms: '45 eom' });
      expect(fine.warnings).toEqual([]);
      const bad = await api.post('/api/customers', { reference: 'TERMS-3', name: 'Bad', payment_terms: 'whenever' });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().errors).toEqual([{ field: 'payment_terms', message: expect.stringContaining('net 30') }]);
    });

    it('refuses a second customer with the same reference and a customer with invoices from being deleted', async () => {
      const customer = await newCustomer('DUP-1');
      const again = await api.post('/api/customers', { reference: 'DUP-1', name: 'Other' });
      expect(again.statusCode).toBe(409);
      expect(again.json().errors[0].field).toBe('reference');
      await newInvoice(customer.id, 'DUP-F1', '10.00');
      expect((await api.delete(`/api/customers/${customer.id}`)).statusCode).toBe(409);
    });
  });

  describe('invoices', () => {
    it('computes the due date from the invoice terms, else the customer terms, else the organization default', async () => {
      const withTerms = await newCustomer('DUE-1', { payment_terms: 'eom + 10' });
      const plain = await newCustomer('DUE-2');
      // 2025-01-15: net 45 → 2025-03-01; eom + 10 → 2025-02-10; net 30 (organization) → 2025-02-14.
      expect((await newInvoice(withTerms.id, 'DUE-F1', '100.00', { payment_terms: 'net 45' })).due_date).toBe('2025-03-01');
      expect((await newInvoice(withTerms.id, 'DUE-F2', '100.00')).due_date).toBe('2025-02-10');
      expect((await newInvoice(plain.id, 'DUE-F3', '100.00')).due_date).toBe('2025-02-14');
      expect((await newInvoice(plain.id, 'DUE-F4', '100.00', { due_date: '2025-01-31' })).due_date).toBe('2025-01-31');
    });

    it('warns when an invoice is due later than the law allows', async () => {
      const customer = await newCustomer('LATE-1');
      const invoice = await newInvoice(customer.id, 'LATE-F1', '100.00', { due_date: '2025-05-30' });
      expect(invoice.warnings).toEqual([{ code: 'over_legal_cap', field: 'due_date', message: expect.any(String) }]);
    });

    it('filters by customer, status and due date, and pages', async () => {
      const customer = await newCustomer('LIST-1');
      const paid = await newInvoice(customer.id, 'LIST-F1', '100.00', { due_date: '2025-02-01' });
      await newInvoice(customer.id, 'LIST-F2', '200.00', { due_date: '2025-02-10' });
      await newInvoice(customer.id, 'LIST-F3', '300.00', { due_date: '2025-04-01' });
      const payment = (await api.post('/api/payments', { customer_id: customer.id, reference: 'LIST-VIR', received_on: '2025-02-01', amount: eur('100.00') })).json();
      expect((await api.post('/api/allocations', { invoice_id: paid.id, payment_id: payment.id })).statusCode).toBe(201);

      const numbers = async (query: string) =>
        (await api.get(`/api/invoices?customer=${customer.id}&as_of=2025-03-01${query}`)).json().items.map((i: { number: string }) => i.number);
      expect(await numbers('')).toEqual(['LIST-F1', 'LIST-F2', 'LIST-F3']);
      expect(await numbers('&status=paid')).toEqual(['LIST-F1']);
      expect(await numbers('&status=open')).toEqual(['LIST-F2', 'LIST-F3']);
      expect(await numbers('&status=overdue')).toEqual(['LIST-F2']);
      expect(await numbers('&due_before=2025-03-01&due_after=2025-02-01')).toEqual(['LIST-F2']);
      const page = (await api.get(`/api/invoices?customer=${customer.id}&limit=2&offset=1`)).json();
      expect(page).toMatchObject({ total: 3, limit: 2, offset: 1 });
      expect(page.items.map((i: { number: string }) => i.number)).toEqual(['LIST-F2', 'LIST-F3']);
    });

    it('refuses to lower an invoice below what is allocated, and to delete an invoice with allocations', async () => {
      const customer = await newCustomer('EDIT-1');
      const invoice = await newInvoice(customer.id, 'EDIT-F1', '500.00');
      const payment = (await api.post('/api/payments', { customer_id: customer.id, reference: 'EDIT-VIR', received_on: '2025-02-01', amount: eur('300.00') })).json();
      const allocation = (await api.post('/api/allocations', { invoice_id: invoice.id, payment_id: payment.id })).json();
      expect(allocation.amount).toEqual(eur('300.00'));

      const lower = await api.patch(`/api/invoices/${invoice.id}`, { amount: eur('250.00') });
      expect(lower.statusCode).toBe(409);
      expect(lower.json().errors[0].field).toBe('amount.amount');
      expect((await api.patch(`/api/invoices/${invoice.id}`, { amount: eur('300.00') })).json().open).toEqual(eur('0.00'));

      expect((await api.delete(`/api/invoices/${invoice.id}`)).statusCode).toBe(409);
      expect((await api.delete(`/api/allocations/${allocation.id}`)).statusCode).toBe(204);
      expect((await api.get(`/api/invoices/${invoice.id}`)).json().open).toEqual(eur('300.00'));
      expect((await api.delete(`/api/invoices/${invoice.id}`)).statusCode).toBe(204);
    });
  });

  describe('allocations', () => {
    let acme: { id: string };
    let bolt: { id: string };
    beforeAll(async () => {
      acme = await newCustomer('ALLOC-ACME');
      bolt = await newCustomer('ALLOC-BOLT');
    });

    it('allocates part of a payment, then the rest to another invoice, and the balances follow', async () => {
      const f1 = await newInvoice(acme.id, 'ALLOC-F1', '400.00');
      const f2 = await newInvoice(acme.id, 'ALLOC-F2', '600.00');
      const payment = (await api.post('/api/payments', { customer_id: acme.id, reference: 'ALLOC-VIR1', received_on: '2025-02-01', amount: eur('700.00') })).json();
      expect((await api.post('/api/allocations', { invoice_id: f1.id, payment_id: payment.id })).json().amount).toEqual(eur('400.00'));
      expect((await api.post('/api/allocations', { invoice_id: f2.id, payment_id: payment.id, amount: eur('250.50') })).statusCode).toBe(201);
      const afterPayment = (await api.get(`/api/payments/${payment.id}`)).json();
      expect(afterPayment.unapplied).toEqual(eur('49.50'));
      expect(afterPayment.allocations).toHaveLength(2);
      expect((await api.get(`/api/invoices/${f1.id}`)).json()).toMatchObject({ open: eur('0.00'), status: 'paid' });
      expect((await api.get(`/api/invoices/${f2.id}`)).json().open).toEqual(eur('349.50'));
    });

    it('refuses more than the invoice has left to pay, or than the credit has left, with 409 and a sentence', async () => {
      const invoice = await newInvoice(acme.id, 'ALLOC-F3', '100.00');
      const payment = (await api.post('/api/payments', { customer_id: acme.id, reference: 'ALLOC-VIR2', received_on: '2025-02-01', amount: eur('500.00') })).json();
      const tooMuchForInvoice = await api.post('/api/allocations', { invoice_id: invoice.id, payment_id: payment.id, amount: eur('100.01') });
      expect(tooMuchForInvoice.statusCode).toBe(409);
      expect(tooMuchForInvoice.json().detail).toBe('invoice ALLOC-F3 has 100.00 EUR left to pay; 100.01 EUR cannot be allocated to it');

      const big = await newInvoice(acme.id, 'ALLOC-F4', '1000.00');
      const credit = (await api.post('/api/credit-notes', { customer_id: acme.id, number: 'ALLOC-AV1', issue_date: '2025-02-01', amount: eur('80.00'), invoice_id: big.id })).json();
      const tooMuchCredit = await api.post('/api/allocations', { invoice_id: big.id, credit_note_id: credit.id, amount: eur('80.01') });
      expect(tooMuchCredit.statusCode).toBe(409);
      expect(tooMuchCredit.json().detail).toContain('credit note ALLOC-AV1 has 80.00 EUR left to allocate');
      expect((await api.post('/api/allocations', { invoice_id: big.id, credit_note_id: credit.id })).json().amount).toEqual(eur('80.00'));
      const nothingLeft = await api.post('/api/allocations', { invoice_id: big.id, credit_note_id: credit.id });
      expect(nothingLeft.statusCode).toBe(409);
    });

    it("refuses another customer's payment and another currency with 422 naming the field", async () => {
      const invoice = await newInvoice(acme.id, 'ALLOC-F5', '100.00');
      const boltPayment = (await api.post('/api/payments', { customer_id: bolt.id, reference: 'ALLOC-BOLT-VIR', received_on: '2025-02-01', amount: eur('100.00') })).json();
      const crossed = await api.post('/api/allocations', { invoice_id: invoice.id, payment_id: boltPayment.id });
      expect(crossed.statusCode).toBe(422);
      expect(crossed.json().errors).toEqual([{ field: 'payment_id', message: expect.stringContaining('same customer') }]);

      const usd = (await api.post('/api/payments', { customer_id: acme.id, reference: 'ALLOC-USD', received_on: '2025-02-01', amount: { amount: '100.00', currency: 'USD' } })).json();
      const currency = await api.post('/api/allocations', { invoice_id: invoice.id, payment_id: usd.id });
      expect(currency.statusCode).toBe(422);
      expect(currency.json().detail).toContain('same currency');

      const both = await api.post('/api/allocations', { invoice_id: invoice.id });
      expect(both.statusCode).toBe(422);
      expect(both.json().errors[0].field).toBe('payment_id');
    });

    it('lets only one of several simultaneous allocations take the last euros of an invoice', async () => {
      const invoice = await newInvoice(acme.id, 'ALLOC-RACE', '100.00');
      const payments = [];
      for (let i = 0; i < 8; i += 1) {
        payments.push((await api.post('/api/payments', { customer_id: acme.id, reference: `RACE-${i}`, received_on: '2025-02-01', amount: eur('100.00') })).json());
      }
      const results = await Promise.all(payments.map((p) => api.post('/api/allocations', { invoice_id: invoice.id, payment_id: p.id, amount: eur('100.00') })));
      expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
      expect((await api.get(`/api/invoices/${invoice.id}`)).json().open).toEqual(eur('0.00'));
    });
  });

  describe('statement and balances', () => {
    it('lists every movement with debit, credit and running balance, from the opening to the closing balance', async () => {
      const customer = await newCustomer('STMT-1');
      await newInvoice(customer.id, 'STMT-F0', '150.00', { issue_date: '2024-12-10', due_date: '2025-01-09' });
      const f1 = await newInvoice(customer.id, 'STMT-F1', '1000.00', { issue_date: '2025-01-05', due_date: '2025-02-04' });
      await newInvoice(customer.id, 'STMT-F2', '250.00', { issue_date: '2025-01-20', due_date: '2025-02-19' });
      const p = (await api.post('/api/payments', { customer_id: customer.id, reference: 'STMT-VIR', received_on: '2025-01-20', amount: eur('600.00') })).json();
      await api.post('/api/credit-notes', { customer_id: customer.id, number: 'STMT-AV', issue_date: '2025-01-25', amount: eur('50.00') });
      await api.post('/api/allocations', { invoice_id: f1.id, payment_id: p.id });
      // After the period: left out of the lines and of the closing balance.
      await newInvoice(customer.id, 'STMT-F3', '999.00', { issue_date: '2025-02-01', due_date: '2025-03-01' });

      const statement = (await api.get(`/api/customers/${customer.id}/statement?from=2025-01-01&to=2025-01-31`)).json();
      expect(statement.opening_balance).toEqual(eur('150.00'));
      expect(statement.lines.map((l: any) => [l.date, l.kind, l.number, l.debit.amount, l.credit.amount, l.balance.amount])).toEqual([
        ['2025-01-05', 'invoice', 'STMT-F1', '1000.00', '0.00', '1150.00'],
        ['2025-01-20', 'invoice', 'STMT-F2', '250.00', '0.00', '1400.00'],
        ['2025-01-20', 'payment', 'STMT-VIR', '0.00', '600.00', '800.00'],
        ['2025-01-25', 'credit_note', 'STMT-AV', '0.00', '50.00', '750.00'],
      ]);
      expect(statement.closing_balance).toEqual(eur('750.00'));

      // To the end of the ledger the statement closes on the balance the aging report gives.
      const full = (await api.get(`/api/customers/${customer.id}/statement?from=2024-01-01&to=2025-12-31`)).json();
      const detail = (await api.get(`/api/customers/${customer.id}?as_of=2025-12-31`)).json();
      expect(full.closing_balance).toEqual(eur('1749.00'));
      expect(detail.balance).toEqual(full.closing_balance);
    });

    it('counts a settlement recorded against an entry older than the ledger, so the statement still equals the balance', async () => {
      const customer = await createCustomer(db, orgId, { externalRef: 'STMT-FEC', name: 'Imported' });
      const invoice = await createInvoice(db, orgId, { customerId: customer.id, number: 'STMT-FEC-1', issueDate: '2025-01-02', dueDate: '2025-02-01', currency: 'EUR', amountMinor: 300_00 });
      await insertAllocation(db, orgId, { invoiceId: invoice.id, amountMinor: 100_00, allocatedOn: '2025-01-10', note: 'lettrage AB' });
      const statement = (await api.get(`/api/customers/${customer.id}/statement?from=2025-01-01&to=2025-12-31`)).json();
      expect(statement.lines.map((l: any) => [l.kind, l.debit.amount, l.credit.amount])).toEqual([
        ['invoice', '300.00', '0.00'],
        ['payment', '0.00', '100.00'],
      ]);
      expect(statement.closing_balance).toEqual((await api.get(`/api/customers/${customer.id}`)).json().balance);
    });

    it('gives the customer list the same balance and overdue figures as the aging report, and sorts by them', async () => {
      const asOf = '2025-06-30';
      const report = await getAgingReport(db, orgId, { asOf: asOf as PlainDate });
      const viaApi = (await api.get(`/api/reports/aging?as_of=${asOf}`)).json();
      expect(viaApi).toEqual(JSON.parse(JSON.stringify(report)));

      const list = (await api.get(`/api/customers?as_of=${asOf}&sort=overdue&order=desc&limit=500`)).json();
      expect(list.total).toBe(list.items.length);
      const byId = new Map(report.customers.map((c) => [c.id, c]));
      for (const item of list.items) {
        const line = byId.get(item.id);
        expect(item.balance, item.reference).toEqual(line?.balance ?? eur('0.00'));
        expect(item.overdue, item.reference).toEqual(line?.overdue ?? eur('0.00'));
        expect(item.oldest_due_date, item.reference).toBe(line?.oldest_due_date ?? null);
      }
      const overdue = list.items.map((i: { overdue: { amount: string } }) => Number(i.overdue.amount));
      expect(overdue).toEqual([...overdue].sort((x, y) => y - x));
      expect(overdue[0]).toBeGreaterThan(0);
    });

    it('filters the customer list by search, segment and owner, and lists the segments in use', async () => {
      await newCustomer('SEARCH-ÉCLAT', { name: 'Éclat 50% Distribution', segment: 'wholesale', owner_user_id: ownerId });
      await newCustomer('SEARCH-OTHER', { name: 'Other 50 Distribution', segment: 'retail' });
      const refs = async (query: string) => (await api.get(`/api/customers?${query}`)).json().items.map((c: { reference: string }) => c.reference);
      expect(await refs('search=50%25')).toEqual(['SEARCH-ÉCLAT']);
      expect(await refs('search=search-o')).toEqual(['SEARCH-OTHER']);
      expect(await refs('segment=wholesale')).toEqual(['SEARCH-ÉCLAT']);
      expect(await refs(`owner=${ownerId}&search=search`)).toEqual(['SEARCH-ÉCLAT']);
      expect(await refs('owner=none&search=search')).toEqual(['SEARCH-OTHER']);
      expect(await refs('search=search&sort=reference&order=desc')).toEqual(['SEARCH-OTHER', 'SEARCH-ÉCLAT']);
      // VAT and registration numbers are found however their separators are typed.
      await newCustomer('VAT-1', { name: 'Maison Durand', vat_id: 'FR 12 552120222', registration_id: '552.120.222' });
      expect(await refs('search=FR12552120222')).toEqual(['VAT-1']);
      expect(await refs('search=fr%2012%205521')).toEqual(['VAT-1']);
      expect(await refs('search=552%20120%20222')).toEqual(['VAT-1']);
      expect((await api.get('/api/customers/segments')).json().items).toEqual(expect.arrayContaining(['retail', 'wholesale']));
    });

    it('lists open items with days overdue', async () => {
      const customer = await newCustomer('OPEN-1');
      await newInvoice(customer.id, 'OPEN-F1', '80.00', { due_date: '2025-02-01' });
      const openItems = (await api.get(`/api/customers/${customer.id}/open-items?as_of=2025-02-11`)).json();
      expect(openItems.items).toEqual([
        { id: expect.any(String), number: 'OPEN-F1', issue_date: '2025-01-15', due_date: '2025-02-01', days_overdue: 10, amount: eur('80.00'), open: eur('80.00'), payment_reference: expect.stringMatching(/^RF\d{2} \d+$/), pdf: null },
      ]);
    });
  });

  describe('problem details', () => {
    it('names the JSON path of each bad field in an application/problem+json answer', async () => {
      const response = await api.post('/api/invoices', { customer_id: 'x', number: 'P1', issue_date: '2025-02-30', amount: { amount: 12.5, currency: 'euro' }, colour: 'red' });
      expect(response.statusCode).toBe(422);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = response.json();
      expect(problem).toMatchObject({ type: 'urn:relance:problem:validation_failed', status: 422, title: expect.any(String), detail: expect.any(String) });
      const fields = problem.errors.map((e: { field: string }) => e.field).sort();
      expect(fields).toEqual(['amount.amount', 'amount.currency', 'colour', 'issue_date']);
      expect(problem.errors.find((e: { field: string }) => e.field === 'issue_date').message).toBe('must be a date written YYYY-MM-DD');
    });

    it('answers 400 to a body that is not JSON, and 404 with a problem to an unknown id', async () => {
      const broken = await app.inject({ method: 'POST', url: '/api/customers', headers: { cookie: await cookieOf(api), 'content-type': 'application/json' }, payload: '{"name":' });
      expect(broken.statusCode).toBe(400);
      expect(broken.headers['content-type']).toMatch(/^application\/problem\+json/);
      const missing = await api.get('/api/invoices/00000000-0000-0000-0000-000000000000');
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ status: 404, errors: [{ field: 'id' }] });
    });
  });

  async function cookieOf(_caller: ApiCaller): Promise<string> {
    const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'ada@atelier.test', password: 'collector secret' } });
    return String([response.headers['set-cookie']].flat()[0]).split(';')[0]!;
  }
});
