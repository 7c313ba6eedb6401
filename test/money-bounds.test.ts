import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { buildApp } from '../src/http/build-app.js';
import { eur, signIn, type ApiCaller } from './support/api-session.js';
import { ENGINES, freshDatabase } from './support/engines.js';
import { snapshotLedger } from './fixtures/imports/database-snapshot.js';

const MAXIMUM = '999999999999.99';
// 90 invoices at the maximum, plus this one, come one cent short of 2^53 − 1 cents.
const ONE_CENT_SHORT = '71992547410.80';
const LEDGER_SENTENCE = 'up to which balances add up exactly; nothing was saved';

describe.each(ENGINES)('amounts and currencies at their bounds on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let api: ApiCaller;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const org = await createOrganization(db, { name: 'Atelier', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr', defaultTerms: 'net 30' });
    await createUser(db, org.id, { email: 'ada@atelier.test', name: 'Ada', password: 'collector secret', role: 'collector' });
    app = await buildApp({ db });
    await app.ready();
    api = await signIn(app, 'ada@atelier.test', 'collector secret');
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const upload = (file: string, csv: string) => api.request('POST', `/api/imports/invoices?file_name=${file}`, csv, { 'content-type': 'text/csv' });
  const csvOf = (rows: string[][]) => ['number;customer;name;date;amount;currency', ...rows.map((row) => row.join(';'))].join('\n') + '\n';

  async function customer(reference: string): Promise<string> {
    const response = await api.post('/api/customers', { reference, name: `${reference} SARL` });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id;
  }

  it('refuses ABC, XAU and XXX in the API with a 422 naming the field, as the import does', async () => {
    const id = await customer('CUR-1');
    for (const currency of ['ABC', 'XAU', 'XXX']) {
      const invoice = await api.post('/api/invoices', { customer_id: id, number: `C-${currency}`, issue_date: '2025-01-15', amount: { amount: '10.00', currency } });
      expect(invoice.statusCode, invoice.body).toBe(422);
      expect(invoice.json().errors).toEqual([{ field: 'amount.currency', message: 'must be an ISO 4217 code such as "EUR"' }]);
      const report = await api.get(`/api/reports/aging?currency=${currency}`);
      expect(report.statusCode).toBe(422);
      expect(report.json().errors).toEqual([{ field: 'currency', message: 'must be an ISO 4217 code such as "EUR"' }]);
    }
    const imported = await upload('gold.csv', csvOf([['G1', 'CUR-2', 'Or', '2025-01-15', '10,00', 'XAU'], ['G2', 'CUR-2', 'Or', '2025-01-15', '10,00', 'XDR']]));
    expect(imported.statusCode).toBe(422);
    expect(imported.json().issues).toEqual([
      { file: 'gold.csv', line: 2, column: 30, message: 'currency: "XAU" is not a known ISO 4217 currency code such as EUR', reason: { code: 'not_a_currency', field: 'currency', value: 'XAU' } },
      { file: 'gold.csv', line: 3, column: 30, message: 'currency: "XDR" is not a known ISO 4217 currency code such as EUR', reason: { code: 'not_a_currency', field: 'currency', value: 'XDR' } },
    ]);
    const franc = await api.post('/api/invoices', { customer_id: id, number: 'C-XOF', issue_date: '2025-01-15', amount: { amount: '15000', currency: 'XOF' } });
    expect(franc.statusCode, franc.body).toBe(201);
  });

  it('refuses three invoices of 40,000,000,000,000.01 EUR through the API and through an import, and keeps nothing', async () => {
    const id = await customer('BIG-1');
    const before = await snapshotLedger(db);
    for (const number of ['B-1', 'B-2', 'B-3']) {
      const response = await api.post('/api/invoices', { customer_id: id, number, issue_date: '2025-01-15', amount: eur('40000000000000.01') });
      expect(response.statusCode).toBe(422);
      expect(response.json().errors).toEqual([
        { field: 'amount.amount', message: 'amount.amount 40000000000000.01 is more than the largest amount Relance records, 999999999999.99 EUR' },
      ]);
    }
    const rows = ['B-1', 'B-2', 'B-3'].map((number) => [number, 'BIG-1', 'Big', '2025-01-15', '40 000 000 000 000,01', 'EUR']);
    const imported = await upload('big.csv', csvOf(rows));
    expect(imported.statusCode).toBe(422);
    expect(imported.json().issues).toEqual(
      [2, 3, 4].map((line) => ({
        file: 'big.csv',
        line,
        column: 26,
        message: 'amount: 40 000 000 000 000,01 is more than the largest amount Relance records, 999999999999.99 EUR',
        reason: { code: 'amount_too_large', field: 'amount', value: '40 000 000 000 000,01' },
      })),
    );
    const fec = [
      'JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise',
      'VE\tVentes\t1\t20250110\t411000\tClients\tBIG-1\tBig\tF1\t20250110\tFacture F1\t40000000000000,01\t0,00\t\t\t\t\t',
      'VE\tVentes\t1\t20250110\t706000\tPrestations\t\t\tF1\t20250110\tFacture F1\t0,00\t40000000000000,01\t\t\t\t\t',
    ].join('\n');
    const fromFec = await api.request('POST', '/api/imports/fec?file_name=big.txt', fec, { 'content-type': 'text/csv' });
    expect(fromFec.statusCode).toBe(422);
    expect(fromFec.json().issues).toEqual([
      {
        file: 'big.txt',
        line: 2,
        column: 70,
        message: '40000000000000.01 is more than the largest amount Relance records, 999999999999.99 EUR',
        reason: { code: 'amount_too_large', field: 'Debit', value: '40000000000000.01' },
      },
    ]);
    expect(await snapshotLedger(db)).toEqual(before);
    expect((await api.get(`/api/customers/${id}`)).json().balance).toEqual(eur('0.00'));
  });

  it('adds amounts up to 2^53 − 1 cents exactly and refuses the cent beyond, from the API and from an import', async () => {
    // An organization of its own: every amount of an organization, in any currency, counts towards the bound.
    const org = await createOrganization(db, { name: 'Colosse', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr', defaultTerms: 'net 30' });
    await createUser(db, org.id, { email: 'max@colosse.test', name: 'Max', password: 'colossal secret', role: 'collector' });
    api = await signIn(app, 'max@colosse.test', 'colossal secret');
    const id = await customer('MAX-1');
    const rows = Array.from({ length: 90 }, (_, i) => [`MAX-${i + 1}`, 'MAX-1', 'Max', '2025-01-15', MAXIMUM, 'EUR']);
    rows.push(['MAX-91', 'MAX-1', 'Max', '2025-01-15', ONE_CENT_SHORT, 'EUR']);
    const imported = await upload('max.csv', csvOf(rows));
    expect(imported.statusCode, imported.body).toBe(200);
    // Writers at once for the last cent: the check in each transaction lets exactly one through.
    const racing = await Promise.all(
      Array.from({ length: 8 }, (_, i) => api.post('/api/invoices', { customer_id: id, number: `LAST-${i}`, issue_date: '2025-01-15', amount: eur('0.01') })),
    );
    expect(racing.map((r) => r.statusCode).sort()).toEqual([201, ...Array(7).fill(422)]);
    const report = (await api.get('/api/reports/aging?as_of=2025-01-20')).json();
    expect(report.balance).toEqual(eur('90071992547409.91'));
    expect(report.customers.map((c: { id: string; balance: unknown }) => [c.id, c.balance])).toEqual([[id, eur('90071992547409.91')]]);
    expect((await api.get(`/api/customers/${id}`)).json().balance).toEqual(eur('90071992547409.91'));

    const before = await snapshotLedger(db);
    const cent = await api.post('/api/invoices', { customer_id: id, number: 'ONE-CENT', issue_date: '2025-01-15', amount: eur('0.01') });
    expect(cent.statusCode).toBe(422);
    expect(cent.json().errors[0].field).toBe('amount.amount');
    expect(cent.json().detail).toBe(
      'amount.amount 0.01 would bring the invoices, payments and credit notes of this organization to 9007199254740992 minor units in all, ' +
        'past the 9007199254740991 (90071992547409.91 EUR) ' +
        LEDGER_SENTENCE,
    );
    const payment = await api.post('/api/payments', { customer_id: id, reference: 'PAY-1', received_on: '2025-01-16', amount: eur('0.01') });
    expect(payment.statusCode).toBe(422);
    const credit = await api.post('/api/credit-notes', { customer_id: id, number: 'AV-1', issue_date: '2025-01-16', amount: eur('0.01') });
    expect(credit.statusCode).toBe(422);
    const last = (await api.get('/api/invoices?limit=500')).json().items.find((i: { number: string }) => i.number === 'MAX-91');
    const raised = await api.patch(`/api/invoices/${last.id}`, { amount: eur('71992547410.81') });
    expect(raised.statusCode).toBe(422);
    const file = await upload('cent.csv', csvOf([['CENT-1', 'MAX-1', 'Max', '2025-01-15', '0,01', 'EUR']]));
    expect(file.statusCode).toBe(422);
    expect(file.json().issues).toEqual([
      { file: 'cent.csv', message: expect.stringMatching(/^cent\.csv would bring .* nothing was saved$/), reason: { code: 'past_exact_ledger_limit', expected: '90071992547409.91 EUR' } },
    ]);
    expect(await snapshotLedger(db)).toEqual(before);
  });
});
