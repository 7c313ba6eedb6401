import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import type { MandateRow } from '../src/adapters/db/mandate-schema.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { closeMandate, insertMandate, type NewMandate } from '../src/adapters/db/stores/mandates.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { openAgencyTask } from '../src/app/mandates/agency-tasks.js';
import { buildApp } from '../src/http/build-app.js';
import { eur, signIn, type ApiCaller } from './support/api-session.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const PASSWORD = 'agency workspace words';
// Wednesday 1 April 2026, 10:00 in Paris.
const NOW = new Date('2026-04-01T08:00:00Z');

/** A case handed on 20 March 2026 to the agency, 15 % of what comes in plus a fixed fee. */
function handedTerms(agency: OrganizationRow, customerId: string, invoiceIds: string[], balanceMinor: number, feeFixedMinor = 0): NewMandate {
  return {
    customerId,
    agencyOrganizationId: agency.id,
    partnerName: agency.name,
    partnerEmail: null,
    actingAs: 'agency',
    feePercentBp: 1500,
    feeFixedMinor,
    currency: 'EUR',
    startsOn: '2026-03-20',
    endsOn: null,
    handedBy: null,
    stepId: 'handoff',
    balanceAtHandoffMinor: balanceMinor,
    overdueDaysAtHandoff: 69,
    invoiceIds,
    note: 'The customer answers the phone in the morning.',
  };
}

async function handOver(db: Db, creditorId: string, terms: NewMandate): Promise<MandateRow> {
  const mandate = await insertMandate(db, creditorId, terms);
  await openAgencyTask(db, mandate, { key: 'new', titleEn: 'New case to work', titleFr: 'Nouveau dossier à traiter', detail: null, dueOn: terms.startsOn }, terms.startsOn);
  return mandate;
}

describe.each(ENGINES)('the agency workspace on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let alpha: OrganizationRow;
  let beta: OrganizationRow;
  let agent: ApiCaller;
  let agencyViewer: ApiCaller;
  let alphaAdmin: ApiCaller;
  let alphaCase: MandateRow;
  let betaCase: MandateRow;
  let alphaCustomerId: string;
  let otherAlphaCustomerId: string;
  let handedIds: Record<string, string>;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    alpha = await collectionOrganization(db, 'Alpha Tools');
    beta = await collectionOrganization(db, 'Beta Build');
    const agency = await createOrganization(db, { name: 'Recouvre Agency', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr', kind: 'agency' });
    await createUser(db, agency.id, { email: 'agent@recouvre.test', name: 'Agnès Agent', password: PASSWORD, role: 'collector' });
    await createUser(db, agency.id, { email: 'viewer@recouvre.test', name: 'Victor Viewer', password: PASSWORD, role: 'viewer' });
    await createUser(db, alpha.id, { email: 'admin@alpha.test', name: 'Alice Alpha', password: PASSWORD, role: 'admin' });

    const handed = await customerWithInvoices(db, alpha.id, 'C1', [
      ['F-1', '2026-01-10', 600_00],
      ['F-2', '2026-01-20', 400_00],
      ['F-9', '2026-05-30', 250_00],
    ]);
    handedIds = handed.invoiceIds;
    alphaCustomerId = handed.customer.id;
    otherAlphaCustomerId = (await customerWithInvoices(db, alpha.id, 'C2', [['G-1', '2026-01-15', 900_00]])).customer.id;
    const betaCustomer = await customerWithInvoices(db, beta.id, 'D1', [['B-1', '2026-02-01', 500_00]]);
    // F-9 came after the hand-off: it is not the agency's to collect.
    alphaCase = await handOver(db, alpha.id, handedTerms(agency, alphaCustomerId, [handedIds['F-1']!, handedIds['F-2']!], 1_000_00, 20_00));
    betaCase = await handOver(db, beta.id, handedTerms(agency, betaCustomer.customer.id, [betaCustomer.invoiceIds['B-1']!], 500_00));

    app = await buildApp({ db, now: () => NOW });
    await app.ready();
    agent = await signIn(app, 'agent@recouvre.test', PASSWORD);
    agencyViewer = await signIn(app, 'viewer@recouvre.test', PASSWORD);
    alphaAdmin = await signIn(app, 'admin@alpha.test', PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('lists the cases of both creditors with their terms and figures, and one creditor at a time', async () => {
    const response = await agent.get('/api/agency/cases');
    expect(response.statusCode, response.body).toBe(200);
    const items = response.json().items;
    expect(items.map((c: { creditor: { name: string }; customer: { external_ref: string } }) => [c.creditor.name, c.customer.external_ref])).toEqual([
      ['Alpha Tools', 'C1'],
      ['Beta Build', 'D1'],
    ]);
    expect(items[0]).toMatchObject({
      id: alphaCase.id,
      acting_as: 'agency',
      starts_on: '2026-03-20',
      ends_on: null,
      fee_percent: '15',
      handed: eur('1000.00'),
      recovered: eur('0.00'),
      outstanding: eur('1000.00'),
      fee: eur('20.00'),
      recovery_rate_percent: '0',
    });
    const onlyBeta = (await agent.get(`/api/agency/cases?creditor_id=${beta.id}`)).json().items;
    expect(onlyBeta.map((c: { id: string }) => c.id)).toEqual([betaCase.id]);
  });

  it("shows one case with that customer's contacts and handed invoices only", async () => {
    const response = await agencyViewer.get(`/api/agency/cases/${alphaCase.id}`);
    expect(response.statusCode, response.body).toBe(200);
    const detail = response.json();
    expect(detail.customer).toEqual({ id: alphaCustomerId, name: 'Customer C1', external_ref: 'C1' });
    expect(detail.contacts.map((c: { email: string }) => c.email)).toEqual(['ap-c1@example.test']);
    expect(detail.open_invoices.map((i: { number: string; days_late: number }) => [i.number, i.days_late])).toEqual([
      ['F-1', 81],
      ['F-2', 71],
    ]);
    expect(detail.balance).toEqual(eur('1000.00'));
    expect(detail.note).toBe('The customer answers the phone in the morning.');
    expect(JSON.stringify(detail)).not.toContain('G-1');
    expect(JSON.stringify(detail)).not.toContain('F-9');
    expect(JSON.stringify(detail)).not.toContain(otherAlphaCustomerId);
  });

  it("records a payment in the creditor's ledger, paying the oldest handed invoice first, and the figures move", async () => {
    const response = await agent.post(`/api/agency/cases/${alphaCase.id}/payments`, { amount: eur('700.00'), received_on: '2026-03-30', reference: 'RA-0001', method: 'transfer' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      reference: 'RA-0001',
      unapplied: eur('0.00'),
      case: { recovered: eur('700.00'), outstanding: eur('300.00'), fee: eur('125.00'), recovery_rate_percent: '70' },
    });

    const openItems = (await alphaAdmin.get(`/api/customers/${alphaCustomerId}/open-items`)).json().items;
    expect(openItems.map((i: { number: string; open: unknown }) => [i.number, i.open])).toEqual([
      ['F-2', eur('300.00')],
      ['F-9', eur('250.00')],
    ]);
    const payments = (await alphaAdmin.get(`/api/payments?customer_id=${alphaCustomerId}`)).json().items;
    expect(payments.map((p: { reference: string; source: string }) => [p.reference, p.source])).toEqual([['RA-0001', 'agency']]);
    const statement = (await alphaAdmin.get(`/api/customers/${alphaCustomerId}/statement`)).json();
    expect(statement.lines.map((l: { kind: string; number: string }) => `${l.kind} ${l.number}`)).toContain('payment RA-0001');
    // F-9 is issued only at the end of April: not on today's statement.
    expect(statement.closing_balance).toEqual(eur('300.00'));
    const timeline = (await alphaAdmin.get(`/api/customers/${alphaCustomerId}/timeline`)).json().items;
    expect(timeline.map((e: { summary: { en: string } }) => e.summary.en)).toContain('Payment of €700.00 collected by Recouvre Agency (reference RA-0001)');

    const detail = (await agent.get(`/api/agency/cases/${alphaCase.id}`)).json();
    expect(detail).toMatchObject({ recovered: eur('700.00'), balance: eur('300.00') });
    expect(detail.open_invoices.map((i: { number: string }) => i.number)).toEqual(['F-2']);
    expect(detail.payments.map((p: { reference: string; recorded_by_agency: boolean }) => [p.reference, p.recorded_by_agency])).toEqual([['RA-0001', true]]);
  });

  it('refuses a reference the creditor already has, another currency, and a viewer', async () => {
    const twice = await agent.post(`/api/agency/cases/${alphaCase.id}/payments`, { amount: eur('10.00'), received_on: '2026-03-31', reference: 'RA-0001' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().detail).toContain('already has a payment with the reference RA-0001');
    const dollars = await agent.post(`/api/agency/cases/${alphaCase.id}/payments`, { amount: { amount: '10.00', currency: 'USD' }, received_on: '2026-03-31', reference: 'RA-0002' });
    expect(dollars.statusCode).toBe(422);
    const byViewer = await agencyViewer.post(`/api/agency/cases/${alphaCase.id}/payments`, { amount: eur('10.00'), received_on: '2026-03-31', reference: 'RA-0003' });
    expect(byViewer.statusCode).toBe(403);
    expect((await agent.get(`/api/agency/cases/${alphaCase.id}`)).json().recovered).toEqual(eur('700.00'));
  });

  it("answers a creditor's user as if the agency routes did not exist", async () => {
    for (const url of ['/api/agency/cases', `/api/agency/cases/${alphaCase.id}`, '/api/agency/tasks']) {
      expect((await alphaAdmin.get(url)).statusCode, url).toBe(404);
    }
    expect((await alphaAdmin.post(`/api/agency/cases/${alphaCase.id}/payments`, { amount: eur('1.00'), received_on: '2026-03-31', reference: 'X' })).statusCode).toBe(404);
  });

  it("keeps the creditors' customers out of the agency's own customers, tasks and worklist", async () => {
    const customers = (await agent.get('/api/customers')).json();
    expect(customers.total).toBe(0);
    const tasks = (await agent.get('/api/tasks?status=open')).json();
    expect(tasks).toMatchObject({ items: [], total: 0 });
    const worklist = await agent.get('/api/worklist');
    expect(worklist.statusCode, worklist.body).toBe(200);
    expect(JSON.stringify(worklist.json())).not.toContain('Customer C1');
  });

  it('lists the tasks across creditors, marks one done, and drops a case taken back', async () => {
    const tasks = (await agent.get('/api/agency/tasks')).json().items;
    expect(tasks.map((t: { creditor: { name: string }; customer: { name: string }; case_id: string }) => [t.creditor.name, t.customer.name, t.case_id])).toEqual([
      ['Alpha Tools', 'Customer C1', alphaCase.id],
      ['Beta Build', 'Customer D1', betaCase.id],
    ]);
    expect((await agent.post(`/api/agency/tasks/${tasks[0].id}/done`, { outcome: 'Called, promised the rest' })).statusCode).toBe(204);
    expect((await agent.post(`/api/agency/tasks/${tasks[0].id}/done`, {})).statusCode).toBe(409);
    expect((await agent.get('/api/agency/tasks')).json().items.map((t: { case_id: string }) => t.case_id)).toEqual([betaCase.id]);

    expect(await closeMandate(db, beta.id, betaCase.id, { status: 'taken_back', closedOn: '2026-04-01', closedBy: null })).toBe(true);
    expect((await agent.get('/api/agency/tasks')).json().items).toEqual([]);
    expect((await agent.post(`/api/agency/tasks/${tasks[1].id}/done`, {})).statusCode).toBe(404);
    expect((await agent.get(`/api/agency/cases/${betaCase.id}`)).statusCode).toBe(404);
    expect((await agent.post(`/api/agency/cases/${betaCase.id}/payments`, { amount: eur('1.00'), received_on: '2026-03-31', reference: 'RB-1' })).statusCode).toBe(404);
    expect((await agent.get('/api/agency/cases')).json().items.map((c: { id: string }) => c.id)).toEqual([alphaCase.id]);

    expect(await closeMandate(db, alpha.id, alphaCase.id, { status: 'ended', closedOn: '2026-04-01', closedBy: null })).toBe(true);
    expect((await agent.get(`/api/agency/cases/${alphaCase.id}`)).statusCode).toBe(404);
    expect((await agent.get('/api/agency/cases')).json().items).toEqual([]);
  });
});
