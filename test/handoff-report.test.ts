import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createPayment, insertAllocation } from '../src/adapters/db/stores/documents.js';
import { closeMandate, insertMandate, type NewMandate } from '../src/adapters/db/stores/mandates.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { buildApp } from '../src/http/build-app.js';
import { signIn, type ApiCaller } from './support/api-session.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const PASSWORD = 'correct horse battery';
const NOW = new Date('2026-04-15T10:00:00Z');

/** Reads back an RFC 4180 file: BOM, CRLF line ends, quoted fields with doubled quotes. */
function parseCsv(text: string): string[][] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const rows: string[][] = [];
  for (const line of text.slice(1).split('\r\n').filter((l) => l !== '')) {
    const fields: string[] = [];
    const pattern = /("((?:[^"]|"")*)"|[^,]*)(,|$)/g;
    for (let match = pattern.exec(line); match && match.index < line.length; match = pattern.exec(line)) {
      fields.push(match[2] !== undefined ? match[2].replace(/""/g, '"') : match[1]!);
      if (match[3] === '') break;
    }
    rows.push(fields);
  }
  return rows;
}

const figures = (row: { key: string; cases: number; handed: { amount: string }; recovered: { amount: string }; recovery_rate_percent: string; fees: { amount: string } }) =>
  [row.key, row.cases, row.handed.amount, row.recovered.amount, row.recovery_rate_percent, row.fees.amount].join(' ');

describe.each(ENGINES)('hand-off reports on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let alphaAdmin: ApiCaller;
  let alphaViewer: ApiCaller;
  let alphaSales: ApiCaller;
  let bravoAdmin: ApiCaller;
  let agencyUser: ApiCaller;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const alpha = await collectionOrganization(db, 'Alpha');
    const bravo = await collectionOrganization(db, 'Bravo');
    const agency = await createOrganization(db, { name: 'Recouvre Agency', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'en', kind: 'agency' });
    await createUser(db, alpha.id, { email: 'admin@alpha.test', name: 'Alpha admin', password: PASSWORD, role: 'admin' });
    await createUser(db, alpha.id, { email: 'viewer@alpha.test', name: 'Alpha viewer', password: PASSWORD, role: 'viewer' });
    const sales = await createUser(db, alpha.id, { email: 'sales@alpha.test', name: 'Alpha sales', password: PASSWORD, role: 'sales' });
    await createUser(db, bravo.id, { email: 'admin@bravo.test', name: 'Bravo admin', password: PASSWORD, role: 'admin' });
    await createUser(db, agency.id, { email: 'agent@recouvre.test', name: 'Agent', password: PASSWORD, role: 'collector' });

    const terms = (customerId: string, invoiceIds: Record<string, string>, handedMinor: number, extra: Partial<NewMandate>): NewMandate => ({
      customerId, agencyOrganizationId: agency.id, partnerName: agency.name, partnerEmail: null, actingAs: 'agency', feePercentBp: 1500, feeFixedMinor: 0,
      currency: 'EUR', startsOn: '2026-03-01', endsOn: null, handedBy: null, stepId: 'handoff', balanceAtHandoffMinor: handedMinor,
      overdueDaysAtHandoff: 50, invoiceIds: Object.values(invoiceIds), note: null, ...extra,
    });
    const pay = async (organizationId: string, customerId: string, invoiceId: string, receivedOn: string, amountMinor: number, currency = 'EUR') => {
      const payment = await createPayment(db, organizationId, { customerId, reference: `P-${receivedOn}-${amountMinor}`, receivedOn, currency, amountMinor });
      await insertAllocation(db, organizationId, { invoiceId, paymentId: payment.id, amountMinor, allocatedOn: receivedOn });
    };

    // Handed by the scenario 50 days late; paid 100 before the hand-off (not the agency's doing), 300 during it.
    const c1 = await customerWithInvoices(db, alpha.id, 'A-1', [['F-1', '2026-01-10', 1000_00]]);
    await db.kysely.updateTable('customers').set({ owner_user_id: sales.id }).where('id', '=', c1.customer.id).execute();
    await insertMandate(db, alpha.id, terms(c1.customer.id, c1.invoiceIds, 1000_00, { feeFixedMinor: 20_00 }));
    await pay(alpha.id, c1.customer.id, c1.invoiceIds['F-1']!, '2026-02-15', 100_00);
    await pay(alpha.id, c1.customer.id, c1.invoiceIds['F-1']!, '2026-03-20', 300_00);

    // Handed by a person 120 days late, taken back on 1 April: the 400 paid after that is the creditor's own.
    const c2 = await customerWithInvoices(db, alpha.id, 'A-2', [['F-2', '2025-11-10', 2000_00]]);
    const m2 = await insertMandate(db, alpha.id, terms(c2.customer.id, c2.invoiceIds, 2000_00, { startsOn: '2026-03-10', stepId: null, overdueDaysAtHandoff: 120, feePercentBp: 1000 }));
    await pay(alpha.id, c2.customer.id, c2.invoiceIds['F-2']!, '2026-03-25', 500_00);
    await closeMandate(db, alpha.id, m2.id, { status: 'taken_back', closedOn: '2026-04-01', closedBy: null });
    await pay(alpha.id, c2.customer.id, c2.invoiceIds['F-2']!, '2026-04-05', 400_00);

    // A lawyer reached by email, after the formal notice, more than a year late: paid in full.
    const c3 = await customerWithInvoices(db, alpha.id, 'A-3', [['F-3', '2025-02-20', 800_00]]);
    await insertMandate(db, alpha.id, terms(c3.customer.id, c3.invoiceIds, 800_00, {
      agencyOrganizationId: null, partnerName: 'Maître Lenoir', partnerEmail: 'Lenoir@avocats.test', actingAs: 'creditor', startsOn: '2026-04-02', stepId: 'formal-notice', overdueDaysAtHandoff: 400, feePercentBp: 2000,
    }));
    await pay(alpha.id, c3.customer.id, c3.invoiceIds['F-3']!, '2026-04-10', 800_00);

    // A case in dollars is never added to euros.
    const c4 = await customerWithInvoices(db, alpha.id, 'A-4', []);
    await insertMandate(db, alpha.id, terms(c4.customer.id, {}, 500_00, { currency: 'USD', agencyOrganizationId: null, partnerName: 'Maître Lenoir', partnerEmail: 'lenoir@avocats.test', startsOn: '2026-03-15' }));

    // Another creditor of the same agency.
    const b1 = await customerWithInvoices(db, bravo.id, 'B-1', [['BF-1', '2026-01-01', 700_00]]);
    await insertMandate(db, bravo.id, terms(b1.customer.id, b1.invoiceIds, 700_00, { startsOn: '2026-03-05', overdueDaysAtHandoff: 70, feePercentBp: 1250 }));
    await pay(bravo.id, b1.customer.id, b1.invoiceIds['BF-1']!, '2026-03-30', 200_00);

    app = await buildApp({ db, now: () => NOW });
    await app.ready();
    alphaAdmin = await signIn(app, 'admin@alpha.test', PASSWORD);
    alphaViewer = await signIn(app, 'viewer@alpha.test', PASSWORD);
    alphaSales = await signIn(app, 'sales@alpha.test', PASSWORD);
    bravoAdmin = await signIn(app, 'admin@bravo.test', PASSWORD);
    agencyUser = await signIn(app, 'agent@recouvre.test', PASSWORD);
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('gives the creditor what each partner, age at hand-off and step recovered, counting only payments made while the case was handed', async () => {
    const response = await alphaViewer.get('/api/reports/handoffs');
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report.currency).toBe('EUR');
    expect(report.as_of).toBe('2026-04-15');
    expect(report.other_currencies).toEqual(['USD']);
    expect(report.by_partner.map(figures)).toEqual([
      `agency:${report.by_partner[0].key.slice('agency:'.length)} 2 3000.00 800.00 26.67 115.00`,
      'outside:lenoir@avocats.test 1 800.00 800.00 100 160.00',
    ]);
    expect(report.by_partner.map((row: { label: { en: string; fr: string } }) => row.label)).toEqual([
      { en: 'Recouvre Agency', fr: 'Recouvre Agency' },
      { en: 'Maître Lenoir (outside partner)', fr: 'Maître Lenoir (partenaire externe)' },
    ]);
    expect(report.by_age.map(figures)).toEqual([
      'd0_60 1 1000.00 300.00 30 65.00',
      'd61_90 0 0.00 0.00 0 0.00',
      'd91_180 1 2000.00 500.00 25 50.00',
      'd181_365 0 0.00 0.00 0 0.00',
      'over_365 1 800.00 800.00 100 160.00',
    ]);
    expect(report.by_step.map(figures)).toEqual(['step:formal-notice 1 800.00 800.00 100 160.00', 'step:handoff 1 1000.00 300.00 30 65.00', 'by_hand 1 2000.00 500.00 25 50.00']);
    expect(report.by_step.map((row: { label: { en: string } }) => row.label.en)).toEqual(['Formal notice', 'Hand-off to collection', 'Handed by a person']);
    expect(figures(report.totals)).toBe('total 3 3800.00 1600.00 42.11 275.00');
  });

  it('reports the cases of another currency on their own, without conversion', async () => {
    const report = (await alphaAdmin.get('/api/reports/handoffs?currency=USD')).json();
    expect(figures(report.totals)).toBe('total 1 500.00 0.00 0 0.00');
    expect(report.totals.handed.currency).toBe('USD');
    expect(report.other_currencies).toEqual(['EUR']);
  });

  it('counts only the cases handed within the dates asked', async () => {
    const report = (await alphaAdmin.get('/api/reports/handoffs?from=2026-03-05&to=2026-03-31')).json();
    expect(report.from).toBe('2026-03-05');
    expect(figures(report.totals)).toBe('total 1 2000.00 500.00 25 50.00');
    expect(report.by_step.map(figures)).toEqual(['by_hand 1 2000.00 500.00 25 50.00']);
    expect(report.other_currencies).toEqual(['USD']);
    expect((await alphaAdmin.get('/api/reports/handoffs?from=2026-13-01')).statusCode).toBe(422);
    const backwards = await alphaAdmin.get('/api/reports/handoffs?from=2026-04-01&to=2026-03-01');
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().detail).toMatch(/after its last day/);
  });

  it("shows a sales user only the hand-offs of the accounts they own, and another creditor none of Alpha's", async () => {
    expect(figures((await alphaSales.get('/api/reports/handoffs')).json().totals)).toBe('total 1 1000.00 300.00 30 65.00');
    const bravo = await bravoAdmin.get('/api/reports/handoffs');
    expect(figures(bravo.json().totals)).toBe('total 1 700.00 200.00 28.57 25.00');
    expect(bravo.body).not.toContain('Lenoir');
  });

  it('writes each grouping as a CSV file that reads back to the same figures', async () => {
    const report = (await alphaAdmin.get('/api/reports/handoffs')).json();
    for (const [group, rows] of [['partner', report.by_partner], ['age', report.by_age], ['step', report.by_step]] as const) {
      const response = await alphaAdmin.get(`/api/reports/handoffs.csv?group=${group}&lang=en`);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      expect(response.headers['content-disposition']).toBe(`attachment; filename="handoffs-by-${group}-2026-04-15.csv"`);
      const [header, ...lines] = parseCsv(response.body);
      expect(header!.slice(2)).toEqual(['Cases', 'Currency', 'Handed', 'Recovered', 'Recovery rate (%)', 'Fees']);
      const expected = [...rows, report.totals].map((row: { key: string; label: { en: string }; cases: number; handed: { amount: string }; recovered: { amount: string }; recovery_rate_percent: string; fees: { amount: string } }) => [
        row.key, row.label.en, String(row.cases), 'EUR', row.handed.amount, row.recovered.amount, row.recovery_rate_percent, row.fees.amount,
      ]);
      expect(lines).toEqual(expected);
    }
    // The organization speaks French: so does its file unless asked otherwise.
    const french = parseCsv((await alphaAdmin.get('/api/reports/handoffs.csv?group=age')).body);
    expect(french[0]![1]).toBe('Retard à la transmission');
    expect(french[1]![1]).toBe('Jusqu’à 60 jours de retard');
  });

  it("gives the agency its portfolio per creditor, without mixing two creditors' figures or naming their customers", async () => {
    const response = await agencyUser.get('/api/agency/portfolio');
    expect(response.statusCode, response.body).toBe(200);
    const portfolio = response.json();
    expect(portfolio.items.map((item: { creditor: { name: string }; live_cases: number; closed_cases: number; handed: { amount: string }; recovered: { amount: string }; outstanding: { amount: string }; fees: { amount: string }; recovery_rate_percent: string }) =>
      [item.creditor.name, item.live_cases, item.closed_cases, item.handed.amount, item.recovered.amount, item.outstanding.amount, item.fees.amount, item.recovery_rate_percent].join(' '),
    )).toEqual(['Alpha 1 1 3000.00 800.00 700.00 115.00 26.67', 'Bravo 1 0 700.00 200.00 500.00 25.00 28.57']);
    expect(response.body).not.toMatch(/A-1|A-2|B-1|Customer|Lenoir/);

    const csv = await agencyUser.get('/api/agency/portfolio.csv');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="portfolio-2026-04-15.csv"');
    expect(parseCsv(csv.body)).toEqual([
      ['Creditor', 'Live cases', 'Closed cases', 'Currency', 'Handed', 'Recovered', 'Outstanding on live cases', 'Recovery rate (%)', 'Fees'],
      ['Alpha', '1', '1', 'EUR', '3000.00', '800.00', '700.00', '26.67', '115.00'],
      ['Bravo', '1', '0', 'EUR', '700.00', '200.00', '500.00', '28.57', '25.00'],
    ]);
  });

  it('answers "not found" to a creditor asking for an agency portfolio, and shows an agency no creditor hand-offs', async () => {
    for (const caller of [alphaAdmin, alphaViewer, bravoAdmin]) {
      for (const url of ['/api/agency/portfolio', '/api/agency/portfolio.csv']) {
        const response = await caller.get(url);
        expect(response.statusCode, url).toBe(404);
        expect(response.body).not.toContain('Recouvre');
      }
    }
    const own = (await agencyUser.get('/api/reports/handoffs')).json();
    expect(figures(own.totals)).toBe('total 0 0.00 0.00 0 0.00');
    expect(own.by_partner).toEqual([]);
  });
});
