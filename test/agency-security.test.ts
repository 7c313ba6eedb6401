import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import type { MandateRow } from '../src/adapters/db/mandate-schema.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { saveCollectionSettings } from '../src/adapters/db/stores/collection-settings.js';
import { createDispute } from '../src/adapters/db/stores/collection-pauses.js';
import { insertTaskOnce } from '../src/adapters/db/stores/collection-tasks.js';
import { addTimelineEvent } from '../src/adapters/db/stores/collection-timeline.js';
import { createDebtorRequest } from '../src/adapters/db/stores/debtor-requests.js';
import { createCreditNote, createPayment, insertAllocation } from '../src/adapters/db/stores/documents.js';
import { closeMandate, insertMandate, type NewMandate } from '../src/adapters/db/stores/mandates.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { runAgencyCollection } from '../src/app/agency/agency-run.js';
import { openAgencyTask } from '../src/app/mandates/agency-tasks.js';
import { enqueueMessage } from '../src/app/outbox/enqueue-message.js';
import { buildApp, routesOf, type RouteSummary } from '../src/http/build-app.js';
import type { Access } from '../src/http/access.js';
import type { PlainDate } from '../src/core/plain-date.js';
import type { Role } from '../src/core/roles.js';
import { createApiKeyFor } from '../src/app/auth/create-api-key.js';
import { callerWith, eur, signIn, type ApiCaller, type ApiResponse } from './support/api-session.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const PASSWORD = 'correct horse battery';
/** The agency's signed-in users, one per role, and an integration's API key with the collector role. */
const AGENCY_ACTORS = ['admin', 'collector', 'viewer', 'key'] as const;
type AgencyActor = (typeof AGENCY_ACTORS)[number];
const roleOf = (actor: AgencyActor): Role => (actor === 'key' ? 'collector' : actor);

/** One customer of a creditor with a record of every kind a route can name. */
type CustomerRecord = 'customer' | 'contact' | 'creditNote' | 'payment' | 'allocation' | 'dispute' | 'task' | 'outboxMessage' | 'debtorRequest';
type CustomerLedger = Record<CustomerRecord, string> & { tag: string; invoices: string[] };

async function seedCustomer(db: Db, organizationId: string, tag: string): Promise<CustomerLedger> {
  const { customer, invoiceIds } = await customerWithInvoices(db, organizationId, tag, [
    [`${tag}-F1`, '2026-02-10', 800_00],
    [`${tag}-F2`, '2026-03-10', 400_00],
  ]);
  const invoices = Object.values(invoiceIds);
  const contact = await db.kysely.selectFrom('contacts').select('id').where('customer_id', '=', customer.id).executeTakeFirstOrThrow();
  const payment = await createPayment(db, organizationId, { customerId: customer.id, reference: `${tag}-VIR`, receivedOn: '2026-03-01', currency: 'EUR', amountMinor: 100_00 });
  const allocation = await insertAllocation(db, organizationId, { invoiceId: invoices[0]!, paymentId: payment.id, amountMinor: 100_00, allocatedOn: '2026-03-01' });
  const creditNote = await createCreditNote(db, organizationId, { customerId: customer.id, number: `${tag}-AV1`, issueDate: '2026-03-02', currency: 'EUR', amountMinor: 10_00 });
  const dispute = await createDispute(db, organizationId, { customerId: customer.id, invoiceId: invoices[1]!, reason: 'price', note: `${tag} disputes`, openedOn: '2026-03-15', createdBy: null });
  const task = await insertTaskOnce(db, organizationId, {
    customer_id: customer.id, case_id: null, action_id: null, kind: 'call', step_id: null, dedupe_key: `call:${tag}`,
    title_en: `Call ${tag}`, title_fr: `Appeler ${tag}`, detail: null, due_on: '2026-03-20', assignee_user_id: null, created_on: '2026-03-20',
  });
  const outboxMessage = await enqueueMessage(db, organizationId, {
    actionId: `${tag}-action`, customerId: customer.id, channel: 'email', recipient: { email: `ap-${tag.toLowerCase()}@example.test` },
    sender: { name: 'Accounts' }, subject: `${tag} reminder`, text: `${tag} owes`, invoiceIds: invoices, notBefore: '2026-03-05T08:00:00Z',
  });
  await addTimelineEvent(db, organizationId, { customerId: customer.id, occurredOn: '2026-03-05', kind: 'note', summary: { en: `${tag} was called`, fr: `${tag} a été appelé` } });
  const debtorRequest = await createDebtorRequest(db, organizationId, { customerId: customer.id, kind: 'question', status: 'open', payload: {}, message: `${tag} asks`, createdOn: '2026-03-06' });
  return {
    tag, customer: customer.id, contact: contact.id, invoices, creditNote: creditNote.id, payment: payment.id, allocation: allocation.id,
    dispute: dispute.id, task: task!.id, outboxMessage: outboxMessage.id, debtorRequest: debtorRequest.id,
  };
}

/** What gives a customer away: its tag (name, reference, invoice numbers, contact) and the id of each of its records. */
function markersOf(ledger: CustomerLedger): string[] {
  const { tag, invoices, ...ids } = ledger;
  return [tag, tag.toLowerCase(), ...invoices, ...Object.values(ids)];
}

/** Handed to a partner on the instance (or outside it with null), in its own name, with the customer's open invoices. */
function terms(ledger: CustomerLedger, agencyId: string | null): NewMandate {
  return {
    customerId: ledger.customer, agencyOrganizationId: agencyId, partnerName: 'Agence Recouvra', partnerEmail: null, actingAs: 'agency',
    feePercentBp: 1500, feeFixedMinor: 0, currency: 'EUR', startsOn: '2026-04-01', endsOn: null, handedBy: null, stepId: 'handoff',
    balanceAtHandoffMinor: 1090_00, overdueDaysAtHandoff: 60, invoiceIds: ledger.invoices, note: null,
  };
}

async function handTo(db: Db, creditorId: string, agencyId: string, ledger: CustomerLedger, dates: { startsOn: string; endsOn: string | null }): Promise<MandateRow> {
  return insertMandate(db, creditorId, { ...terms(ledger, agencyId), ...dates });
}

/** A generic route's path filled with the records of one customer of a creditor; a mandate for the mandate routes. */
function fillWithCreditorRecords(url: string, ledger: CustomerLedger, mandateId: string): { url: string; namesCreditorRecord: boolean } {
  const resource = /^\/api\/([^/]+)/.exec(url)?.[1] ?? '';
  const byResource: Record<string, string> = {
    customers: ledger.customer, contacts: ledger.contact, invoices: ledger.invoices[0]!, 'credit-notes': ledger.creditNote, payments: ledger.payment,
    allocations: ledger.allocation, disputes: ledger.dispute, tasks: ledger.task, outbox: ledger.outboxMessage, 'debtor-requests': ledger.debtorRequest,
    mandates: mandateId,
  };
  let namesCreditorRecord = false;
  const filled = url.replace(/:(\w+)/g, (_, param: string) => {
    if (param === 'kind') return 'customers';
    if (param === 'language') return 'fr';
    if (param === 'id' && byResource[resource]) {
      namesCreditorRecord = true;
      return byResource[resource];
    }
    // Template ids are built-in names every organization shares; other records belong to the organization, not to a customer.
    return resource === 'templates' ? 'firm-reminder' : randomUUID();
  });
  return { url: filled, namesCreditorRecord };
}

/** An agency route's path naming one case: the mandate, or the agency's task on it; the agency's own records get made-up ids. */
function fillAgencyRoute(url: string, mandateId: string, taskId: string): string {
  return url.replace(/:(\w+)/g, (_, param: string) => {
    if (param === 'language') return 'fr';
    if (param !== 'id') return randomUUID();
    if (url.startsWith('/api/agency/tasks/')) return taskId;
    return url.startsWith('/api/agency/cases/') ? mandateId : randomUUID();
  });
}

/** Routes that name a case an agency holds, or its task on it: the doors a mandate opens and closes. */
const namesCase = (url: string) => /^\/api\/agency\/(cases|tasks)\/:id/.test(url);

/** Bodies for the agency's writes as the API defines them, so a refusal comes from the case and not from the body. */
function agencyBodyFor(method: string, url: string, today: string): unknown {
  const bodies: Record<string, unknown> = {
    'POST /api/agency/cases/:id/payments': { amount: eur('10.00'), received_on: today, reference: `AGENCY-${randomUUID().slice(0, 8)}` },
    'POST /api/agency/cases/:id/messages': { subject: 'Your account with our client', text: 'Please call us about the amount due.' },
    'POST /api/agency/tasks/:id/done': {},
    'PUT /api/agency/templates/:id/:language': { text: '--- subject\nYour account\n--- text\nPlease pay.' },
    'PUT /api/agency/scenario': { steps: [{ key: 'first_letter', day: 0, enabled: true }, { key: 'reminder', day: 14, enabled: true }, { key: 'last_notice', day: 30, enabled: true }] },
  };
  return bodies[`${method} ${url}`] ?? {};
}

/** Valid bodies for the creditor's routes an agency might try on a customer it was handed. */
const GENERIC_BODIES: Record<string, (agencyId: string) => unknown> = {
  'POST /api/customers/:id/mandates': (agencyId) => ({ agency_organization_id: agencyId, acting_as: 'agency', fee_percent: '15' }),
};

const isAgencyRoute = (url: string) => url.startsWith('/api/agency/') || url === '/api/agency';
const isPublic = (route: RouteSummary) => route.access === 'public';

/** The status a refused request gets: the role check (403) comes before any look at the case (404). */
function refusal(access: Access, role: Role): number {
  if (access === 'admin' && role !== 'admin') return 403;
  if (access === 'write' && role !== 'admin' && role !== 'collector') return 403;
  return 404;
}

/** Fails when the answer names any marker, except those the request itself sent (an echo reveals nothing). */
function expectNoneOf(answer: ApiResponse | string, markers: readonly string[], label: string, sent = ''): void {
  const text = typeof answer === 'string' ? answer : answer.body;
  for (const marker of markers) {
    if (sent.includes(marker)) continue;
    expect(text, `${label} shows ${marker}`).not.toContain(marker);
  }
}

async function snapshotCustomers(db: Db, customerIds: string[]): Promise<Record<string, unknown[]>> {
  const tables = ['contacts', 'invoices', 'credit_notes', 'payments', 'outbox_messages', 'collection_tasks', 'timeline_events', 'disputes', 'debtor_requests', 'mandates'] as const;
  const result: Record<string, unknown[]> = {
    customers: await db.kysely.selectFrom('customers').selectAll().where('id', 'in', customerIds).orderBy('id').execute(),
  };
  for (const table of tables) result[table] = await db.kysely.selectFrom(table).selectAll().where('customer_id', 'in', customerIds).orderBy('id').execute();
  return result;
}

describe.each(ENGINES)('an agency reaches only the cases handed to it, on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let routes: RouteSummary[];
  let clock = new Date('2026-04-20T10:00:00Z');
  const today = () => clock.toISOString().slice(0, 10);
  let c1: { id: string; name: string };
  let c2: { id: string; name: string };
  let k1: CustomerLedger;
  let k1b: CustomerLedger;
  let k1c: CustomerLedger;
  let outside: MandateRow;
  let k2: CustomerLedger;
  let m1: MandateRow;
  let m2: MandateRow;
  let t1: string;
  let t2: string;
  let t2FollowUp: string;
  let agencyOrg: OrganizationRow;
  const agency: Record<AgencyActor, ApiCaller> = {} as never;
  let agencyKey: string;
  let otherAgency: ApiCaller;
  const creditor: Record<'admin' | 'collector' | 'viewer', ApiCaller> = {} as never;
  let secondCreditor: ApiCaller;

  const c1Markers = () => [c1.id, 'Ursaline', ...markersOf(k1), ...markersOf(k1b), ...markersOf(k1c), m1.id, t1, outside.id];
  const c2Markers = () => [c2.id, 'Dovetail', ...markersOf(k2), m2.id, t2];
  const agencyRoutes = () => routes.filter((r) => isAgencyRoute(r.url));

  async function signInAll(): Promise<void> {
    for (const role of ['admin', 'collector', 'viewer'] as const) agency[role] = await signIn(app, `${role}@recouvra.test`, PASSWORD);
    agency.key = callerWith(app, { bearer: agencyKey });
    otherAgency = await signIn(app, 'admin@secunda.test', PASSWORD);
    for (const role of ['admin', 'collector', 'viewer'] as const) creditor[role] = await signIn(app, `${role}@ursaline.test`, PASSWORD);
    secondCreditor = await signIn(app, 'admin@dovetail.test', PASSWORD);
  }

  /** The cases the agency's own run would work today, in a dry run that writes nothing. */
  async function casesTheAgencyRunWorks(): Promise<string[]> {
    const report = await runAgencyCollection(db, agencyOrg, today() as PlainDate, clock, { dryRun: true });
    expectNoneOf(JSON.stringify(report), markersOf(k1b), 'the agency run');
    return [...new Set(report.lines.map((line) => line.mandate_id))].sort();
  }

  /** Every agency route naming the case (or its task) is refused to every role, as if it never existed. */
  async function expectCaseUnreachable(caller: ApiCaller, role: Role, mandateId: string, taskId: string, label: string): Promise<number> {
    let checked = 0;
    for (const route of agencyRoutes().filter((r) => namesCase(r.url))) {
      const url = fillAgencyRoute(route.url, mandateId, taskId);
      const response = await caller.request(route.method, url, route.method === 'GET' ? undefined : agencyBodyFor(route.method, route.url, today()));
      expect(response.statusCode, `${label} ${role} ${route.method} ${route.url}: ${response.body}`).toBe(refusal(route.access, role));
      checked += 1;
    }
    return checked;
  }

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const creditorOne = await collectionOrganization(db, 'Ursaline Fournitures');
    const creditorTwo = await collectionOrganization(db, 'Dovetail Industries');
    c1 = creditorOne;
    c2 = creditorTwo;
    agencyOrg = await createOrganization(db, { name: 'Agence Recouvra', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr', kind: 'agency' });
    const emptyAgency = await createOrganization(db, { name: 'Agence Secunda', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr', kind: 'agency' });
    await saveCollectionSettings(db, agencyOrg.id, { senderEmail: 'cases@recouvra.example' });
    for (const role of ['admin', 'collector', 'viewer'] as const) await createUser(db, agencyOrg.id, { email: `${role}@recouvra.test`, name: `Recouvra ${role}`, password: PASSWORD, role, locale: 'en' });
    agencyKey = (await createApiKeyFor(db, agencyOrg.id, { name: 'Recouvra ERP', role: 'collector' })).key;
    await createUser(db, emptyAgency.id, { email: 'admin@secunda.test', name: 'Secunda admin', password: PASSWORD, role: 'admin' });
    for (const role of ['admin', 'collector', 'viewer'] as const) await createUser(db, c1.id, { email: `${role}@ursaline.test`, name: `Ursaline ${role}`, password: PASSWORD, role });
    await createUser(db, c2.id, { email: 'admin@dovetail.test', name: 'Dovetail admin', password: PASSWORD, role: 'admin' });

    k1 = await seedCustomer(db, c1.id, 'KILOHAND');
    k1b = await seedCustomer(db, c1.id, 'LIMAKEEP');
    k2 = await seedCustomer(db, c2.id, 'MIKEDUO');
    m1 = await handTo(db, c1.id, agencyOrg.id, k1, { startsOn: '2026-04-01', endsOn: null });
    m2 = await handTo(db, c2.id, agencyOrg.id, k2, { startsOn: '2026-04-05', endsOn: '2026-04-25' });
    // A case of the first creditor with a lawyer reached by email: no agency on the instance holds it.
    k1c = await seedCustomer(db, c1.id, 'OSCARLAW');
    outside = await insertMandate(db, c1.id, { ...terms(k1c, null), partnerName: 'Maître Oscar', partnerEmail: 'oscar@law.example', startsOn: '2026-04-01', endsOn: null });
    const work = { key: 'new', titleEn: 'Work the new case', titleFr: 'Traiter le nouveau dossier', detail: null, dueOn: '2026-04-20' };
    t1 = (await openAgencyTask(db, m1, work, '2026-04-01'))!.id;
    t2 = (await openAgencyTask(db, m2, work, '2026-04-05'))!.id;
    // What the partner did on each case, in each creditor's own records.
    for (const [creditorId, ledger, mandate] of [[c1.id, k1, m1], [c2.id, k2, m2]] as const) {
      await addTimelineEvent(db, creditorId, { customerId: ledger.customer, occurredOn: '2026-04-10', kind: 'mandate', summary: { en: `Handed over ${ledger.tag}`, fr: `Confié ${ledger.tag}` }, mandateId: mandate.id });
      const paid = await createPayment(db, creditorId, { customerId: ledger.customer, reference: `${ledger.tag}-AGENCY`, receivedOn: '2026-04-12', currency: 'EUR', amountMinor: 50_00 });
      await db.kysely.updateTable('payments').set({ mandate_id: mandate.id }).where('id', '=', paid.id).execute();
      await insertAllocation(db, creditorId, { invoiceId: ledger.invoices[0]!, paymentId: paid.id, amountMinor: 50_00, allocatedOn: '2026-04-12' });
    }

    app = await buildApp({ db, now: () => clock });
    await app.ready();
    routes = routesOf(app).filter((r) => r.method !== 'HEAD' && r.url.startsWith('/api/'));
    await signInAll();
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('walks every agency route: cases, their payments and messages, tasks and the portfolio', () => {
    const listed = routes.map((r) => `${r.method} ${r.url}`);
    for (const expected of [
      'GET /api/agency/cases', 'GET /api/agency/cases/:id', 'POST /api/agency/cases/:id/payments', 'POST /api/agency/cases/:id/messages',
      'GET /api/agency/tasks', 'POST /api/agency/tasks/:id/done', 'GET /api/agency/portfolio',
      'GET /api/mandates', 'GET /api/mandates/:id', 'POST /api/mandates/:id/take-back', 'POST /api/customers/:id/mandates',
    ]) {
      expect(listed).toContain(expected);
    }
  });

  it("shows an agency nothing of any creditor through the creditor's own routes, and changes nothing there", async () => {
    const before = await snapshotCustomers(db, [k1.customer, k1b.customer, k2.customer]);
    const markers = [...c1Markers(), ...c2Markers()];
    let refused = 0;
    for (const role of AGENCY_ACTORS) {
      for (const route of routes.filter((r) => !isPublic(r) && !isAgencyRoute(r.url) && r.url !== '/api/auth/logout')) {
        const { url, namesCreditorRecord } = fillWithCreditorRecords(route.url, k1, m1.id);
        const queries = route.method === 'GET' && !route.url.includes(':') ? ['', `?customer=${k1.customer}&customer_id=${k1.customer}`, `?status=active&invoice=${k1.invoices[0]}`] : [''];
        for (const query of queries) {
          const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : (GENERIC_BODIES[`${route.method} ${route.url}`]?.(agencyOrg.id) ?? { customer_id: k1.customer, invoice_id: k1.invoices[0], mandate_id: m1.id });
          const response = await agency[role].request(route.method, `${url}${query}`, body);
          const label = `agency ${role} ${route.method} ${route.url}${query}`;
          expectNoneOf(response, markers, label, `${url}${query} ${JSON.stringify(body ?? '')}`);
          if (namesCreditorRecord) {
            expect(response.statusCode, `${label}: ${response.body}`).toBeGreaterThanOrEqual(400);
            refused += 1;
          }
        }
      }
    }
    expect(refused).toBeGreaterThan(30);
    expect(await snapshotCustomers(db, [k1.customer, k1b.customer, k2.customer])).toEqual(before);
  });

  it("lets an agency's every role work both creditors' cases, each answer about one case naming nothing of the other creditor or of a case not handed", async () => {
    const k1bBefore = await snapshotCustomers(db, [k1b.customer]);
    const cases = [
      { mandate: m1, task: t1, ledger: k1, others: c2Markers() },
      { mandate: m2, task: t2, ledger: k2, others: c1Markers() },
    ];
    let reached = 0;
    for (const role of AGENCY_ACTORS) {
      for (const route of agencyRoutes()) {
        const body = (method: string) => (method === 'GET' ? undefined : agencyBodyFor(route.method, route.url, today()));
        if (!namesCase(route.url)) {
          const response = await agency[role].request(route.method, route.url, body(route.method));
          expectNoneOf(response, markersOf(k1b), `agency ${role} ${route.method} ${route.url}`);
          continue;
        }
        for (const { mandate, task, ledger, others } of cases) {
          const url = fillAgencyRoute(route.url, mandate.id, task);
          const response = await agency[role].request(route.method, url, body(route.method));
          const label = `agency ${role} ${route.method} ${url}`;
          expectNoneOf(response, [...markersOf(k1b), ...others], label, url);
          if (roleOf(role) === 'viewer' && route.method !== 'GET') expect(response.statusCode, `${label}: ${response.body}`).toBe(403);
          if (roleOf(role) !== 'viewer' && /^POST \/api\/agency\/cases\/:id\/(payments|messages)$/.test(`${route.method} ${route.url}`)) {
            expect(response.statusCode, `${label}: ${response.body}`).toBe(201);
          }
          if (route.method === 'GET' && !route.url.includes('preview')) {
            expect(response.statusCode, `${label}: ${response.body}`).toBe(200);
            reached += 1;
          }
          // The case itself is there to be read: what is absent above is absent for a reason.
          if (`${route.method} ${route.url}` === 'GET /api/agency/cases/:id') expect(response.body).toContain(ledger.invoices[0]!);
        }
      }
    }
    expect(reached).toBeGreaterThan(0);
    const listed = (await agency.viewer.get('/api/agency/cases')).json().items.map((c: { id: string }) => c.id);
    expect(listed.sort()).toEqual([m1.id, m2.id].sort());
    expect(await casesTheAgencyRunWorks()).toEqual([m1.id, m2.id].sort());
    // The agency's run writes its letters into each creditor's outbox; the creditors read them below.
    expect((await runAgencyCollection(db, agencyOrg, today() as PlainDate, clock, { noSend: true })).queued).toBeGreaterThan(0);
    expect(await snapshotCustomers(db, [k1b.customer])).toEqual(k1bBefore);
  });

  it('answers 404 to an agency naming a case of another agency, a made-up one or a creditor task, and shows an agency without mandates nothing', async () => {
    for (const role of AGENCY_ACTORS) {
      expect(await expectCaseUnreachable(agency[role], roleOf(role), randomUUID(), randomUUID(), 'made-up')).toBeGreaterThan(0);
      await expectCaseUnreachable(agency[role], roleOf(role), k1.customer, k1.task, "creditor's own ids");
    }
    await expectCaseUnreachable(otherAgency, 'admin', m1.id, t1, 'other agency');
    await expectCaseUnreachable(otherAgency, 'admin', m2.id, t2, 'other agency');
    for (const role of AGENCY_ACTORS) await expectCaseUnreachable(agency[role], roleOf(role), outside.id, randomUUID(), 'outside partner');
    for (const route of agencyRoutes().filter((r) => r.method === 'GET' && !r.url.includes(':'))) {
      const response = await otherAgency.get(route.url);
      expect(response.statusCode, `other agency ${route.url}`).toBe(200);
      expectNoneOf(response, [...c1Markers(), ...c2Markers(), 'Ursaline', 'Dovetail'], `other agency ${route.url}`);
    }
  });

  it("answers 404 to a creditor's users on every agency route, and never shows one creditor another's mandates", async () => {
    for (const role of ['admin', 'collector', 'viewer'] as const) {
      for (const route of agencyRoutes()) {
        const url = fillAgencyRoute(route.url, m1.id, t1);
        const response = await creditor[role].request(route.method, url, route.method === 'GET' ? undefined : agencyBodyFor(route.method, route.url, today()));
        expect(response.statusCode, `creditor ${role} ${route.method} ${route.url}`).toBe(refusal(route.access, role));
      }
    }
    const mandateRoutes = routes.filter((r) => r.url.startsWith('/api/mandates/:id'));
    expect(mandateRoutes.length).toBeGreaterThan(0);
    for (const route of mandateRoutes) {
      for (const [caller, mandate] of [[creditor.admin, m2], [secondCreditor, m1]] as const) {
        const response = await caller.request(route.method, route.url.replace(':id', mandate.id), route.method === 'GET' ? undefined : {});
        expect(response.statusCode, `${route.method} ${route.url} of the other creditor: ${response.body}`).toBe(404);
      }
    }
    // A case goes only to an agency: another creditor, or an organization that does not exist, is no partner.
    for (const partner of [c2.id, randomUUID()]) {
      const handing = await creditor.admin.post(`/api/customers/${k1b.customer}/mandates`, { agency_organization_id: partner, acting_as: 'agency', fee_percent: '15' });
      expect(handing.statusCode, handing.body).toBeGreaterThanOrEqual(400);
      expectNoneOf(handing, c2Markers().concat('Dovetail'), 'handing to a creditor', partner);
    }
    expect(await db.kysely.selectFrom('mandates').select('id').where('customer_id', '=', k1b.customer).execute()).toEqual([]);
    // Every message the agency wrote on one creditor's case, as that creditor reads it, names nothing of the other.
    for (const [caller, mandate, others] of [[creditor.viewer, m1, c2Markers()], [secondCreditor, m2, c1Markers()]] as const) {
      const written = await db.kysely.selectFrom('outbox_messages').select('id').where('mandate_id', '=', mandate.id).execute();
      expect(written.length).toBeGreaterThan(1);
      for (const { id } of written) {
        const message = await caller.get(`/api/outbox/${id}`);
        expect(message.statusCode, message.body).toBe(200);
        expectNoneOf(message, others, `message ${id}`);
      }
    }
    // Every read of the first creditor, about its own handed case, says nothing of the second.
    for (const route of routes.filter((r) => r.method === 'GET' && !isPublic(r))) {
      const { url } = fillWithCreditorRecords(route.url, k1, m1.id);
      expectNoneOf(await creditor.admin.get(url), c2Markers(), `creditor ${route.url}`);
      const second = fillWithCreditorRecords(route.url, k2, m2.id);
      expectNoneOf(await secondCreditor.get(second.url), c1Markers(), `second creditor ${route.url}`);
    }
  });

  it("counts each creditor's handed cases apart: its report holds only its own, the agency's portfolio one line per creditor with the creditor's own figures", async () => {
    // The first creditor's two cases (the agency's and the lawyer's), the second creditor's one.
    for (const [caller, mandate, cases, handed] of [[creditor.viewer, m1, 2, '2180.00'], [secondCreditor, m2, 1, '1090.00']] as const) {
      const report = await caller.get('/api/reports/handoffs');
      expect(report.statusCode, report.body).toBe(200);
      expect(report.json().totals).toMatchObject({ cases, handed: { amount: handed, currency: 'EUR' } });
      const own = (await caller.get(`/api/mandates/${mandate.id}`)).json();
      // The agency reads the very figures the creditor reads, case by case and in its portfolio.
      const held = (await agency.viewer.get(`/api/agency/cases/${mandate.id}`)).json();
      expect(held).toMatchObject({ handed: own.handed, recovered: own.recovered, outstanding: own.outstanding, fee: own.fee });
      const line = (await agency.viewer.get('/api/agency/portfolio')).json().items.find((item: { creditor: { id: string } }) => item.creditor.id === mandate.organization_id);
      expect(line).toMatchObject({ live_cases: 1, closed_cases: 0, handed: own.handed, recovered: own.recovered, fees: own.fee });
    }
    expect((await agency.viewer.get('/api/agency/portfolio')).json().items).toHaveLength(2);
  });

  it("shows a creditor's sales user no hand-off of an account it does not own, in lists, reports or the case itself", async () => {
    const sales = await createUser(db, c1.id, { email: 'sales@ursaline.test', name: 'Ursaline sales', password: PASSWORD, role: 'sales' });
    await db.kysely.updateTable('customers').set({ owner_user_id: sales.id }).where('id', '=', k1b.customer).execute();
    const caller = await signIn(app, 'sales@ursaline.test', PASSWORD);
    expect((await caller.get(`/api/mandates/${m1.id}`)).statusCode).toBe(404);
    for (const url of ['/api/mandates', '/api/reports/handoffs', '/api/reports/handoffs.csv?group=partner', `/api/customers/${k1.customer}`]) {
      const response = await caller.get(url);
      expectNoneOf(response, [m1.id, ...markersOf(k1)], `sales ${url}`, url);
    }
    expect((await caller.get('/api/reports/handoffs')).json().totals).toMatchObject({ cases: 0 });
  });

  it('closes every door of a case to the agency once the creditor takes it back, and drops it from its lists', async () => {
    const followUp = { key: 'follow-up', titleEn: 'Call again', titleFr: 'Rappeler', detail: null, dueOn: today() };
    const followUps = [(await openAgencyTask(db, m1, followUp, today()))!.id, (await openAgencyTask(db, m2, followUp, today()))!.id];
    t2FollowUp = followUps[1]!;
    expect(await closeMandate(db, c1.id, m1.id, { status: 'taken_back', closedOn: today(), closedBy: null })).toBe(true);
    for (const role of AGENCY_ACTORS) await expectCaseUnreachable(agency[role], roleOf(role), m1.id, followUps[0]!, 'taken back');
    for (const role of AGENCY_ACTORS) await expectCaseUnreachable(agency[role], roleOf(role), m1.id, t1, 'taken back');
    for (const url of ['/api/agency/cases', '/api/agency/tasks']) {
      const response = await agency.collector.get(url);
      expect(response.statusCode, url).toBe(200);
      expectNoneOf(response, [m1.id, t1, followUps[0]!, k1.customer, k1.tag], `${url} after take-back`);
      expect(response.body, `${url} still shows the live case`).toContain(k2.tag);
    }
    expect(await casesTheAgencyRunWorks()).toEqual([m2.id]);
  });

  it("closes every door of a case to the agency once the mandate's last day has passed, and drops it from its lists", async () => {
    clock = new Date('2026-04-26T10:00:00Z');
    for (const role of AGENCY_ACTORS) await expectCaseUnreachable(agency[role], roleOf(role), m2.id, t2FollowUp, 'past its end date');
    for (const url of ['/api/agency/cases', '/api/agency/tasks']) {
      const response = await agency.admin.get(url);
      expect(response.statusCode, url).toBe(200);
      expectNoneOf(response, [m2.id, t2, t2FollowUp, k2.customer, k2.tag, m1.id, k1.tag], `${url} after the end date`);
    }
    expect(await casesTheAgencyRunWorks()).toEqual([]);
  });

  it("keeps the agency's task on a case it no longer holds out of reach of the generic task routes too", async () => {
    // The task on the lapsed case is still open in the agency's books: the creditor has not closed the mandate yet.
    const task = await db.kysely.selectFrom('collection_tasks').select(['status', 'title_en']).where('id', '=', t2FollowUp).executeTakeFirstOrThrow();
    expect(task.status).toBe('open');
    const taskRoutes = routes.filter((r) => r.url.startsWith('/api/tasks/:id'));
    expect(taskRoutes.length).toBeGreaterThan(3);
    const bodies: Record<string, unknown> = {
      'POST /api/tasks/:id/complete': { outcome: 'Called' },
      'POST /api/tasks/:id/call-outcome': { outcome: 'reached', note: 'Spoke to accounts payable' },
      'PUT /api/tasks/:id/assignee': { user_id: null },
    };
    for (const role of AGENCY_ACTORS) {
      for (const route of taskRoutes) {
        const url = route.url.replace(':id', t2FollowUp);
        const response = await agency[role].request(route.method, url, route.method === 'GET' ? undefined : (bodies[`${route.method} ${route.url}`] ?? {}));
        const label = `agency ${role} ${route.method} ${route.url} on a lapsed case's task`;
        expect(response.statusCode, `${label}: ${response.body}`).toBeGreaterThanOrEqual(400);
        expectNoneOf(response, [...c2Markers(), 'Dovetail'], label, url);
      }
    }
    expect((await db.kysely.selectFrom('collection_tasks').select('status').where('id', '=', t2FollowUp).executeTakeFirstOrThrow()).status).toBe('open');
  });
});
