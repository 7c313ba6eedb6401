import { sql } from 'kysely';
import { attachInvoicePdf } from '../src/app/attach-invoice-pdfs.js';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createDispute } from '../src/adapters/db/stores/collection-pauses.js';
import { addDebtorRequestFile, createDebtorRequest } from '../src/adapters/db/stores/debtor-requests.js';
import { insertTaskOnce } from '../src/adapters/db/stores/collection-tasks.js';
import { saveCustomScenario } from '../src/adapters/db/stores/collection-scenarios.js';
import { findBuiltInScenario } from '../src/core/scenarios/built-in.js';
import { createContact } from '../src/adapters/db/stores/contacts.js';
import { createCustomer } from '../src/adapters/db/stores/customers.js';
import { createCreditNote, createInvoice, createPayment, insertAllocation } from '../src/adapters/db/stores/documents.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { closeMandate, insertMandate } from '../src/adapters/db/stores/mandates.js';
import { enqueueMessage } from '../src/app/outbox/enqueue-message.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { createApiKeyFor } from '../src/app/auth/create-api-key.js';
import { createWebhookEndpoint } from '../src/app/webhooks/create-webhook-endpoint.js';
import { buildApp, routesOf } from '../src/http/build-app.js';
import { listInboundAttachmentInfo, setInboundAddress } from '../src/adapters/db/stores/inbound-messages.js';
import { receiveInboundEmail } from '../src/app/inbound/receive-inbound-email.js';
import { callerWith, eur, signIn, type ApiCaller } from './support/api-session.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const PASSWORD = 'correct horse battery';

/** The records of one organization the routes can name. */
interface Ids {
  customer: string;
  contact: string;
  invoice: string;
  creditNote: string;
  payment: string;
  allocation: string;
  dispute: string;
  task: string;
  outboxMessage: string;
  webhook: string;
  scenario: string;
  user: string;
  apiKey: string;
  bankAccount: string;
  bankLine: string;
  debtorRequest: string;
  debtorRequestFile: string;
  inboundMessage: string;
  inboundAttachment: string;
  mandate: string;
}

async function seedLedger(db: Db, organizationId: string, tag: string, ownerUserId: string | null): Promise<Omit<Ids, 'user' | 'apiKey'>> {
  const customer = await createCustomer(db, organizationId, { externalRef: `${tag}-REF`, name: `${tag} Customer`, segment: `${tag}-segment`, ownerUserId });
  const contact = await createContact(db, organizationId, customer.id, { name: `${tag} Contact`, email: `${tag.toLowerCase()}@example.test` });
  const invoice = await createInvoice(db, organizationId, {
    customerId: customer.id, number: `${tag}-F1`, issueDate: '2025-01-01', dueDate: '2025-01-31', currency: 'EUR', amountMinor: 1000_00,
  });
  const payment = await createPayment(db, organizationId, { customerId: customer.id, reference: `${tag}-VIR`, receivedOn: '2025-02-01', currency: 'EUR', amountMinor: 300_00 });
  const creditNote = await createCreditNote(db, organizationId, { customerId: customer.id, number: `${tag}-AV1`, issueDate: '2025-02-02', currency: 'EUR', amountMinor: 50_00 });
  const allocation = await insertAllocation(db, organizationId, { invoiceId: invoice.id, paymentId: payment.id, amountMinor: 200_00, allocatedOn: '2025-02-01' });
  const dispute = await createDispute(db, organizationId, { customerId: customer.id, invoiceId: invoice.id, reason: 'price', note: null, openedOn: '2025-02-05', createdBy: null });
  await attachInvoicePdf(db, invoice, Buffer.from(`%PDF-1.4\n% ${tag}-F1 as issued\n`));
  const outboxMessage = await enqueueMessage(db, organizationId, {
    actionId: `${tag}-action`, customerId: customer.id, channel: 'email', recipient: { email: `${tag.toLowerCase()}@example.test` },
    sender: { name: 'Accounts' }, subject: `${tag} reminder`, text: 'Reminder', invoiceIds: [invoice.id], notBefore: '2099-01-01T08:00:00Z',
  });
  const task = await insertTaskOnce(db, organizationId, {
    customer_id: customer.id, case_id: null, action_id: null, kind: 'call', step_id: null, dedupe_key: `call:${tag}`,
    title_en: `Call ${tag}`, title_fr: `Appeler ${tag}`, detail: null, due_on: '2025-02-10', assignee_user_id: null, created_on: '2025-02-10',
  });
  const webhook = await createWebhookEndpoint(db, organizationId, { url: `https://${tag.toLowerCase()}.example/hooks`, events: ['case.opened'], createdBy: null });
  const scenario = `${tag.toLowerCase()}-scenario`;
  await saveCustomScenario(db, organizationId, { ...findBuiltInScenario('standard')!, id: scenario });
  // Accounts belong to the organization, not to a customer's owner: nothing in them names the tag.
  const bankAccount = crypto.randomUUID();
  await db.kysely.insertInto('bank_accounts').values({ id: bankAccount, organization_id: organizationId, iban: `XX${bankAccount}`, bic: null, currency: 'EUR', label: 'account', account_holder: null, position: 9, created_at: '2025-01-01T00:00:00Z' }).execute();
  // A credit waiting for a person, its suggestion naming the organization's own customer and invoice.
  const bankLine = crypto.randomUUID();
  await db.kysely
    .insertInto('bank_lines')
    .values({
      id: bankLine, organization_id: organizationId, identity: `${tag}-line`, account_iban: `XX${bankAccount}`, amount_minor: 300_00, currency: 'EUR', booking_date: '2025-02-03', value_date: null,
      payer_name: null, payer_iban: null, reference: null, remittance: null, end_to_end_id: null, bank_reference: null, reversal_keys: '[]', status: 'suggested', payment_id: null,
      suggestions: JSON.stringify([{ customerId: customer.id, allocations: [{ invoiceId: invoice.id, amountMinor: 300_00 }], onAccountMinor: 0, confidence: 60, reason: { en: 'amount', fr: 'montant' } }]),
      file_name: 'statement.xml', created_at: '2025-02-03T00:00:00Z',
    })
    .execute();
  const debtorRequest = await createDebtorRequest(db, organizationId, { customerId: customer.id, kind: 'question', status: 'open', payload: {}, message: `${tag} asks`, createdOn: '2025-02-06' });
  const debtorRequestFile = await addDebtorRequestFile(db, organizationId, debtorRequest.id, { fileName: 'proof.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4\n% proof\n') });
  // A reply by email from the customer's contact, with a file.
  await setInboundAddress(db, organizationId, `replies-${organizationId}@example.test`);
  const mail = `From: ${tag.toLowerCase()}@example.test\r\nTo: replies-${organizationId}@example.test\r\nSubject: ${tag} reply\r\nMessage-ID: <${tag}@example.test>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n${tag} answers\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=proof.pdf\r\n\r\n%PDF-1.4\r\n--b--\r\n`;
  const [inbound] = await receiveInboundEmail(db, Buffer.from(mail), { now: new Date('2025-02-07T09:00:00Z'), source: 'smtp' });
  const inboundAttachment = (await listInboundAttachmentInfo(db, organizationId, [inbound!.inboundId]))[0]!.id;
  // The case handed to an outside partner, ended at once so it pauses nothing the other checks look at.
  const mandate = await insertMandate(db, organizationId, {
    customerId: customer.id, agencyOrganizationId: null, partnerName: `${tag} Partner`, partnerEmail: `${tag.toLowerCase()}@partner.test`, actingAs: 'creditor', feePercentBp: 1500, feeFixedMinor: 0,
    currency: 'EUR', startsOn: '2025-02-08', endsOn: null, handedBy: null, stepId: null, balanceAtHandoffMinor: 650_00, overdueDaysAtHandoff: 8, invoiceIds: [invoice.id], note: null,
  });
  await closeMandate(db, organizationId, mandate.id, { status: 'ended', closedOn: '2025-02-09', closedBy: null });
  return {
    mandate: mandate.id,
    inboundMessage: inbound!.inboundId, inboundAttachment,
    scenario, bankAccount, bankLine, debtorRequest: debtorRequest.id, debtorRequestFile: debtorRequestFile.id,
    customer: customer.id, contact: contact.id, invoice: invoice.id, creditNote: creditNote.id, payment: payment.id, allocation: allocation.id,
    dispute: dispute.id, task: task!.id, outboxMessage: outboxMessage.id, webhook: webhook.row.id,
  };
}

/** Which record a path parameter names, by the resource the path starts with. */
function fill(url: string, ids: Ids): string {
  const resource = /^\/api\/([^/]+)/.exec(url)?.[1];
  const byResource: Record<string, string | undefined> = {
    customers: ids.customer,
    contacts: ids.contact,
    invoices: ids.invoice,
    'credit-notes': ids.creditNote,
    payments: ids.payment,
    allocations: ids.allocation,
    disputes: ids.dispute,
    tasks: ids.task,
    outbox: ids.outboxMessage,
    users: ids.user,
    'api-keys': ids.apiKey,
    webhooks: ids.webhook,
    scenarios: ids.scenario,
    // Template ids are the built-in ones every organization shares.
    templates: 'firm-reminder',
    // Import jobs live in the server's memory, not in the ledger; import-jobs-api checks another organization's.
    'import-jobs': 'an-import-job-of-another-organization',
    'bank-accounts': ids.bankAccount,
    reconciliation: ids.bankLine,
    'debtor-requests': ids.debtorRequest,
    'inbound-messages': ids.inboundMessage,
    mandates: ids.mandate,
    // An agency's cases and tasks: a creditor's caller is answered "not found" whatever the id.
    agency: ids.customer,
  };
  return url.replace(/:(\w+)/g, (_, param: string) => {
    if (param === 'kind') return 'customers';
    if (param === 'language') return 'fr';
    if (param === 'file_id') return ids.debtorRequestFile;
    if (param === 'attachmentId') return ids.inboundAttachment;
    const id = param === 'id' && resource ? byResource[resource] : undefined;
    if (!id) throw new Error(`the tenancy test does not know which record ${url} names with :${param}; teach fill() about it`);
    return id;
  });
}

/**
 * A valid body for each write route, naming the other organization's records where the
 * route takes an id in its body. null: the route takes no id at all (nothing to cross over).
 */
function bodyFor(method: string, url: string, other: Ids): unknown {
  const key = `${method} ${url}`;
  const bodies: Record<string, unknown> = {
    'POST /api/auth/login': null,
    'POST /api/auth/logout': null,
    'POST /api/users': null,
    'POST /api/api-keys': null,
    'POST /api/webhooks': null,
    'POST /api/imports/:kind': null,
    'POST /api/bank-accounts': null,
    'POST /api/reconciliation/:id/confirm': { customer_id: other.customer, allocations: [{ invoice_id: other.invoice, amount: eur('100.00') }] },
    'POST /api/reconciliation/:id/ignore': null,
    'POST /api/reconciliation/:id/undo': null,
    'POST /api/import-previews/:kind': null,
    'POST /api/import-jobs/:kind': null,
    'POST /api/customers': { reference: 'NEW', name: 'New', owner_user_id: other.user },
    'PATCH /api/customers/:id': { name: 'Changed' },
    'POST /api/customers/:id/contacts': { email: 'new@example.test' },
    'PATCH /api/contacts/:id': { name: 'Changed' },
    'POST /api/invoices': { customer_id: other.customer, number: 'NEW-1', issue_date: '2025-03-01', amount: eur('10.00') },
    'PATCH /api/invoices/:id': { number: 'CHANGED' },
    'PUT /api/invoices/:id/pdf': '%PDF-1.4\n% replaced\n',
    'POST /api/credit-notes': { customer_id: other.customer, number: 'NEW-AV', issue_date: '2025-03-01', amount: eur('10.00') },
    'PATCH /api/credit-notes/:id': { number: 'CHANGED' },
    'POST /api/payments': { customer_id: other.customer, reference: 'NEW-VIR', received_on: '2025-03-01', amount: eur('10.00') },
    'PATCH /api/payments/:id': { reference: 'CHANGED' },
    'POST /api/allocations': { invoice_id: other.invoice, payment_id: other.payment, amount: eur('1.00') },
    'PATCH /api/users/:id': { name: 'Changed' },
    'POST /api/customers/:id/disputes': { invoice_id: other.invoice, reason: 'price' },
    'POST /api/disputes/:id/resolve': { resolution: 'rejected' },
    'POST /api/customers/:id/promises': { promised_on: '2099-01-31' },
    'POST /api/customers/:id/payment-claims': { paid_on: '2025-01-31' },
    'POST /api/customers/:id/payment-plans': { instalments: [{ due_date: '2099-01-31', amount: eur('650.00') }] },
    'POST /api/customers/:id/holds': { reason: 'Talking to their CFO', until: '2099-01-31' },
    'PUT /api/invoices/:id/reminders': { excluded: true, reason: 'Handled by phone' },
    'POST /api/customers/:id/next-step/send-now': {},
    'POST /api/collection/runs': null,
    'POST /api/tasks/:id/approve': {},
    'POST /api/tasks/:id/reject': {},
    'POST /api/tasks/approve': { ids: [other.task] },
    'POST /api/tasks/reject': { ids: [other.task], reason: 'Not now' },
    'POST /api/tasks/bulk': { action: 'approve', task_ids: [other.task] },
    'PUT /api/tasks/:id/assignee': { user_id: null },
    'POST /api/customers/:id/contact-log': { channel: 'call', on: '2025-02-15', note: 'Spoke to accounts payable' },
    'POST /api/customers/:id/notes': { text: 'Prefers calls after 2 pm' },
    'POST /api/customers/:id/portal-links': { days: 7 },
    'POST /api/tasks/:id/complete': { outcome: 'Called' },
    'POST /api/tasks/:id/call-outcome': { outcome: 'reached', note: 'Spoke to accounts payable' },
    'POST /api/late-fees/rates': null,
    'PUT /api/settings/late-fees': null,
    'POST /api/outbox/:id/retry': null,
    'POST /api/outbox/:id/cancel': null,
    'POST /api/outbox/:id/hold': null,
    'POST /api/outbox/:id/release': null,
    'POST /api/outbox/:id/send-now': null,
    'POST /api/templates/tone-check': null,
    'POST /api/templates/preview': { text: '--- text\n{{ balance | money }}', language: 'fr', customer_id: other.customer },
    'PUT /api/templates/:id/:language': null,
    'PUT /api/scenarios/:id': null,
    'POST /api/scenarios/import': null,
    'PUT /api/scenario-rules': { items: [{ scenario_id: other.scenario }] },
    'PUT /api/customers/:id/scenario': { scenario_id: 'standard' },
    'PUT /api/settings/collection': { default_scenario_id: other.scenario },
    'PUT /api/settings/holidays': null,
    'PUT /api/settings/bank-details': null,
    'PUT /api/settings/debtor-page-code': null,
    'PUT /api/settings/payment-references': null,
    'PUT /api/settings/organization': null,
    'PUT /api/settings/debtor-page': null,
    'PUT /api/settings/debtor-page/logo': null,
    'PUT /api/settings/channels': null,
    'POST /api/settings/channels/test': null,
    'POST /api/scenario-rules/preview': { items: [{ scenario_id: other.scenario }] },
    'POST /api/simulations': null,
    'POST /api/debtor-requests/:id/accept': {},
    'POST /api/debtor-requests/:id/reject': { reason: 'Not this time' },
    'POST /api/debtor-requests/:id/answer': { text: 'Here is the document' },
    'POST /api/inbound-messages/:id/answer': { text: 'Thank you for your email' },
    'POST /api/inbound-messages/:id/attach': { customer_id: other.customer },
    'PUT /api/inbound-settings': null,
    'POST /api/agency/cases/:id/payments': { amount: eur('10.00'), received_on: '2025-03-01', reference: 'AGENCY-1' },
    'POST /api/agency/tasks/:id/done': {},
    'POST /api/agency/cases/:id/messages': { subject: 'Your account', text: 'Please settle the invoices below.' },
    'PUT /api/agency/templates/:id/:language': { text: '--- subject\nYour account\n--- text\nPlease pay.' },
    'PUT /api/agency/scenario': { steps: [{ key: 'first_letter', day: 0, enabled: true }] },
    'POST /api/customers/:id/mandates': { partner_email: 'cases@partner.test', partner_name: 'Partner', acting_as: 'creditor', fee_percent: '15' },
    'POST /api/mandates/:id/take-back': {},
    'POST /api/mandates/:id/end': {},
  };
  if (!(key in bodies)) throw new Error(`the tenancy test has no body for ${key}; add one naming the other organization's ids`);
  return bodies[key];
}

async function snapshot(db: Db, organizationId: string): Promise<Record<string, unknown[]>> {
  const tables = ['users', 'api_keys', 'customers', 'contacts', 'invoices', 'credit_notes', 'payments', 'allocations', 'outbox_messages', 'webhook_endpoints', 'custom_scenarios', 'scenario_assignment_rules', 'invoice_files', 'bank_accounts', 'bank_lines', 'inbound_messages'] as const;
  const result: Record<string, unknown[]> = {};
  for (const table of tables) {
    // An invoice's file is keyed by its invoice.
    const key = table === 'invoice_files' ? 'invoice_id' : 'id';
    result[table] = await db.kysely.selectFrom(table).selectAll().where('organization_id', '=', organizationId).orderBy(sql.ref(key)).execute();
  }
  return result;
}

// The session route answers everyone (`signed_in: false` without a session); what it reveals is checked in api-auth.
const PUBLIC_API = ['/api/health', '/api/auth/login', '/api/auth/session', '/api/openapi.json'];
const isPublicApi = (url: string) => PUBLIC_API.includes(url) || url === '/api/docs' || url.startsWith('/api/docs/');
const isAdminRoute = (method: string, url: string) =>
  url.startsWith('/api/api-keys') || (url === '/api/inbound-settings' && method !== 'GET') || (url.startsWith('/api/bank-accounts') && method !== 'GET') || url.startsWith('/api/webhooks') || url.startsWith('/api/settings/channels') || url === '/api/scenario-rules/preview' || (['/api/users', '/api/settings/organization'].some((prefix) => url.startsWith(prefix)) && method !== 'GET');
// Work queues for the people who act on the ledger (administrators and collectors): they name customers of every owner.
const isWritersQueue = (url: string) => url === '/api/reconciliation';
// An agency's workspace answers only an agency's callers: every caller here is a creditor's, told "not found".
const isAgencyRoute = (url: string) => url.startsWith('/api/agency/');
// Computations rather than lists: without their inputs they answer 422, not an empty page.
const needsQuery = (url: string) => url === '/api/late-fees/compute' || url === '/api/outbox/letters.pdf';
const isWrite = (method: string, url: string) => method !== 'GET' && url !== '/api/auth/logout' && url !== '/api/auth/login';
// Account owners may pause their own accounts (a sales user's hold); viewers still may not.
const ownersMayWrite = (url: string) => url === '/api/customers/:id/holds' || url === '/api/customers/:id/contact-log' || url === '/api/customers/:id/notes';

describe.each(ENGINES)('tenancy and roles on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let routes: Array<{ method: string; url: string }>;
  let a: Ids;
  let aUnowned: Ids;
  let b: Ids;
  let bIdsAndNames: string[];
  let orgBId: string;
  const as: Record<'admin' | 'collector' | 'sales' | 'viewer', ApiCaller> = {} as never;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const orgA = await createOrganization(db, { name: 'Alpha', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    const orgB = await createOrganization(db, { name: 'Bravo', country: 'BE', currency: 'EUR', timeZone: 'Europe/Brussels', locale: 'fr' });
    orgBId = orgB.id;
    const users: Record<string, string> = {};
    for (const role of ['admin', 'collector', 'sales', 'viewer'] as const) {
      users[role] = (await createUser(db, orgA.id, { email: `${role}@alpha.test`, name: `Alpha ${role}`, password: PASSWORD, role })).id;
    }
    const bAdmin = await createUser(db, orgB.id, { email: 'admin@bravo.test', name: 'Bravo admin', password: PASSWORD, role: 'admin' });
    const aKey = await createApiKeyFor(db, orgA.id, { name: 'Alpha ERP', role: 'collector' });
    const bKey = await createApiKeyFor(db, orgB.id, { name: 'Bravo ERP', role: 'collector' });
    a = { ...(await seedLedger(db, orgA.id, 'ALPHAOWN', users.sales!)), user: users.collector!, apiKey: aKey.row.id };
    aUnowned = { ...(await seedLedger(db, orgA.id, 'ALPHAOTHER', users.collector!)), user: users.collector!, apiKey: aKey.row.id };
    b = { ...(await seedLedger(db, orgB.id, 'BRAVO', bAdmin.id)), user: bAdmin.id, apiKey: bKey.row.id };
    bIdsAndNames = [...Object.values(b), 'BRAVO', 'Bravo', bKey.row.prefix];

    app = await buildApp({ db });
    await app.ready();
    routes = routesOf(app).filter((r) => r.method !== 'HEAD' && r.url.startsWith('/api/'));
    for (const role of ['admin', 'collector', 'sales', 'viewer'] as const) as[role] = await signIn(app, `${role}@alpha.test`, PASSWORD);
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('knows the routes it checks: the resources of the ledger are all registered', () => {
    const listed = routes.map((r) => `${r.method} ${r.url}`);
    for (const expected of ['GET /api/customers', 'POST /api/allocations', 'GET /api/customers/:id/statement', 'DELETE /api/api-keys/:id', 'GET /api/reports/aging']) {
      expect(listed).toContain(expected);
    }
  });

  it("answers 404 to every route that names another organization's record, and changes nothing there", async () => {
    const bBefore = await snapshot(db, orgBId);
    const checked: string[] = [];
    for (const { method, url } of routes) {
      if (isPublicApi(url)) continue;
      const takesId = /:id\b/.test(url);
      const body = method === 'GET' || method === 'DELETE' ? undefined : bodyFor(method, url, b);
      if (!takesId && (body === null || body === undefined)) continue;
      // Scenario ids are names each organization picks: a PUT naming another's creates the caller's own.
      if (method === 'PUT' && url === '/api/scenarios/:id') continue;
      // Likewise a template's own text: a PUT saves the caller's, whatever another organization has.
      if (method === 'PUT' && url === '/api/templates/:id/:language') continue;
      const response = await as.admin.request(method, fill(url, b), body ?? undefined);
      expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(404);
      expect(response.body).not.toContain('BRAVO');
      checked.push(`${method} ${url}`);
    }
    expect(checked.length).toBeGreaterThan(25);
    expect(await snapshot(db, orgBId)).toEqual(bBefore);
  });

  it("never shows another organization's data in a list, even when a filter names it", async () => {
    const lists = routes.filter((r) => r.method === 'GET' && !r.url.includes(':') && !isPublicApi(r.url) && !isAgencyRoute(r.url));
    expect(lists.length).toBeGreaterThan(8);
    for (const { url } of lists) {
      for (const query of ['', `?customer=${b.customer}`, `?owner=${b.user}`, `?invoice=${b.invoice}&payment=${b.payment}`]) {
        const response = await as.admin.get(`${url}${query}`);
        if (response.statusCode === 422) continue;
        expect(response.statusCode, `${url}${query}: ${response.body}`).toBe(200);
        for (const marker of bIdsAndNames) expect(response.body, `${url}${query} shows ${marker}`).not.toContain(marker);
      }
    }
  });

  it('asks for a sign-in on every API route except health, sign-in, the session check and the documentation', async () => {
    const nobody = callerWith(app);
    const forged = callerWith(app, { bearer: 'rk_not-a-real-key' });
    const stale = callerWith(app, { cookie: 'relance_session=expired-or-made-up' });
    for (const { method, url } of routes) {
      const response = await nobody.request(method, fill(url, a));
      if (isPublicApi(url)) {
        expect(response.statusCode, `${method} ${url}`).not.toBe(401);
        continue;
      }
      expect(response.statusCode, `${method} ${url}`).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((await forged.request(method, fill(url, a))).statusCode, `${method} ${url} with a forged key`).toBe(401);
      expect((await stale.request(method, fill(url, a))).statusCode, `${method} ${url} with a made-up cookie`).toBe(401);
    }
  });

  it('refuses every write to viewers and sales users with 403, before looking at the body', async () => {
    const writes = routes.filter((r) => isWrite(r.method, r.url) && !isPublicApi(r.url));
    expect(writes.length).toBeGreaterThan(15);
    for (const role of ['viewer', 'sales'] as const) {
      for (const { method, url } of writes) {
        if (role === 'sales' && ownersMayWrite(url)) continue;
        const response = await as[role].request(method, fill(url, a), {});
        expect(response.statusCode, `${role} ${method} ${url}: ${response.body}`).toBe(403);
      }
    }
  });

  it('keeps users and API keys to administrators', async () => {
    const adminRoutes = routes.filter((r) => isAdminRoute(r.method, r.url));
    expect(adminRoutes.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining(['GET /api/api-keys', 'POST /api/api-keys', 'DELETE /api/api-keys/:id', 'POST /api/users', 'PATCH /api/users/:id', 'DELETE /api/users/:id']),
    );
    for (const role of ['collector', 'viewer', 'sales'] as const) {
      for (const { method, url } of adminRoutes) {
        const response = await as[role].request(method, fill(url, a), {});
        expect(response.statusCode, `${role} ${method} ${url}`).toBe(403);
      }
    }
    expect((await as.admin.get('/api/api-keys')).statusCode).toBe(200);
    // The owner filter needs the list of users, so every role may read it.
    for (const role of ['collector', 'viewer', 'sales'] as const) expect((await as[role].get('/api/users')).statusCode).toBe(200);
  });

  it("shows a sales user only the accounts they own: others' are not found", async () => {
    const reads = routes.filter((r) => r.method === 'GET' && /:id\b/.test(r.url) && !/^\/api\/(users|api-keys|webhooks|import-jobs|agency)\//.test(r.url));
    expect(reads.length).toBeGreaterThan(10);
    for (const { url } of reads) {
      const own = await as.sales.get(fill(url, a));
      expect(own.statusCode, `own ${url}: ${own.body}`).toBe(200);
      const other = await as.sales.get(fill(url, aUnowned));
      expect(other.statusCode, `other ${url}: ${other.body}`).toBe(404);
      // The same record is visible to a viewer: the 404 comes from ownership, not from the data.
      expect((await as.viewer.get(fill(url, aUnowned))).statusCode, `viewer ${url}`).toBe(200);
    }
    const lists = routes.filter((r) => r.method === 'GET' && !r.url.includes(':') && !isPublicApi(r.url) && !isAdminRoute(r.method, r.url) && !needsQuery(r.url) && !isWritersQueue(r.url) && !isAgencyRoute(r.url));
    for (const { url } of lists) {
      const response = await as.sales.get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.body, url).not.toContain('ALPHAOTHER');
    }
    for (const { url } of routes.filter((r) => r.method === 'GET' && isWritersQueue(r.url))) {
      for (const role of ['sales', 'viewer'] as const) expect((await as[role].get(url)).statusCode, `${role} ${url}`).toBe(403);
      expect((await as.collector.get(url)).statusCode, url).toBe(200);
    }
    const customers = (await as.sales.get('/api/customers')).json();
    expect(customers.items.map((c: { reference: string }) => c.reference)).toEqual(['ALPHAOWN-REF']);
    // Each seeded account owes 1000 - 200 allocated - 100 unapplied payment - 50 credit note = 650.
    const report = (await as.sales.get('/api/reports/aging?as_of=2025-03-01')).json();
    expect(report.balance.amount).toBe('650.00');
    expect(report.customers.map((c: { reference: string }) => c.reference)).toEqual(['ALPHAOWN-REF']);
    expect((await as.viewer.get('/api/reports/aging?as_of=2025-03-01')).json().balance.amount).toBe('1300.00');
  });
});
