import type { FastifyInstance } from 'fastify';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { saveChannelSettings } from '../src/adapters/db/stores/channel-settings.js';
import { saveCollectionSettings } from '../src/adapters/db/stores/collection-settings.js';
import { createCustomer } from '../src/adapters/db/stores/customers.js';
import { createPayment, insertAllocation } from '../src/adapters/db/stores/documents.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { sendCollectionMessages } from '../src/app/collection/send-collection-messages.js';
import { buildApp } from '../src/http/build-app.js';
import { startSmtpTestServer, type SmtpTestServer } from './fixtures/outbox/smtp-test-server.js';
import { eur, signIn, type ApiCaller } from './support/api-session.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const PASSWORD = 'correct horse battery';
// Tuesday 10 March 2026, 11:00 in Paris: inside business hours.
const NOW = new Date('2026-03-10T10:00:00Z');

describe.each(ENGINES)('handing a case over through the API, on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let smtp: SmtpTestServer;
  let creditor: OrganizationRow;
  let agency: OrganizationRow;
  const as: Record<'admin' | 'collector' | 'sales' | 'viewer' | 'agent' | 'other', ApiCaller> = {} as never;
  let customers: Record<'c1' | 'c2' | 'c3' | 'paid', string>;
  let invoiceF1: string;
  let otherCustomer: string;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    smtp = await startSmtpTestServer();
    creditor = await collectionOrganization(db, 'Alpha Tools');
    await saveChannelSettings(db, creditor.id, { smtp_host: '127.0.0.1', smtp_port: Number(new URL(smtp.url).port), smtp_security: 'none', smtp_from: 'relances@alpha-tools.example' });
    agency = await createOrganization(db, { name: 'Recouvre', legalName: 'Recouvre SAS', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr', kind: 'agency' });
    await saveCollectionSettings(db, agency.id, { senderEmail: 'cases@recouvre.example' });
    const other = await createOrganization(db, { name: 'Bravo', country: 'BE', currency: 'EUR', timeZone: 'Europe/Brussels', locale: 'fr' });
    const users: Record<string, string> = {};
    for (const role of ['admin', 'collector', 'sales', 'viewer'] as const) users[role] = (await createUser(db, creditor.id, { email: `${role}@alpha.test`, name: `Alpha ${role}`, password: PASSWORD, role })).id;
    await createUser(db, agency.id, { email: 'agent@recouvre.test', name: 'Agnès', password: PASSWORD, role: 'collector' });
    await createUser(db, other.id, { email: 'admin@bravo.test', name: 'Bravo admin', password: PASSWORD, role: 'admin' });
    const c1 = await customerWithInvoices(db, creditor.id, 'C1', [['F-1', '2026-01-15', 1_000_00], ['F-2', '2026-02-15', 500_00]]);
    invoiceF1 = c1.invoiceIds['F-1']!;
    await db.kysely.updateTable('customers').set({ owner_user_id: users.sales! }).where('id', '=', c1.customer.id).execute();
    const c2 = await customerWithInvoices(db, creditor.id, 'C2', [['G-1', '2026-01-20', 800_00]]);
    const c3 = await customerWithInvoices(db, creditor.id, 'C3', [['H-1', '2026-01-20', 800_00]]);
    const paid = await createCustomer(db, creditor.id, { externalRef: 'PAID', name: 'Nothing Owed' });
    customers = { c1: c1.customer.id, c2: c2.customer.id, c3: c3.customer.id, paid: paid.id };
    otherCustomer = (await customerWithInvoices(db, other.id, 'B1', [['B-1', '2026-01-20', 800_00]])).customer.id;

    app = await buildApp({ db, now: () => NOW });
    for (const role of ['admin', 'collector', 'sales', 'viewer'] as const) as[role] = await signIn(app, `${role}@alpha.test`, PASSWORD);
    as.agent = await signIn(app, 'agent@recouvre.test', PASSWORD);
    as.other = await signIn(app, 'admin@bravo.test', PASSWORD);
  });

  afterAll(async () => {
    await app?.close();
    await smtp?.close();
    await db?.close();
  });

  const toAgency = (extra: Record<string, unknown> = {}) => ({ agency_organization_id: agency.id, acting_as: 'agency', fee_percent: '12.5', fee_fixed: eur('50.00'), ends_on: '2026-06-30', ...extra });

  it('lists the agencies working on the instance as partners', async () => {
    const response = await as.viewer.get('/api/partners');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().items).toEqual([{ id: agency.id, name: 'Recouvre', legal_name: 'Recouvre SAS', country: 'FR' }]);
  });

  it('hands a case to an agency with its terms and figures, tells the owner, and puts it in the agency’s inbox', async () => {
    const response = await as.collector.post(`/api/customers/${customers.c1}/mandates`, toAgency({ note: 'Call before writing' }));
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      customer: { id: customers.c1, name: 'Customer C1', external_ref: 'C1' },
      partner: { kind: 'agency', organization_id: agency.id, name: 'Recouvre', email: null },
      acting_as: 'agency',
      fee_percent: '12.5',
      fee_fixed: eur('50.00'),
      starts_on: '2026-03-10',
      ends_on: '2026-06-30',
      status: 'active',
      live: true,
      overdue_days_at_handoff: 54,
      handed: eur('1500.00'),
      recovered: eur('0.00'),
      outstanding: eur('1500.00'),
      fee: eur('50.00'),
      recovery_rate_percent: '0',
    });
    const ownerTasks = await db.kysely.selectFrom('collection_tasks').select(['kind', 'title_en', 'assignee_user_id']).where('organization_id', '=', creditor.id).where('customer_id', '=', customers.c1).execute();
    expect(ownerTasks).toEqual([expect.objectContaining({ kind: 'owner_notice', title_en: 'Customer C1 was handed to Recouvre: your own reminders stop while the mandate lasts' })]);
    expect(ownerTasks[0]!.assignee_user_id).not.toBeNull();
    const agencyTasks = await db.kysely.selectFrom('collection_tasks').select(['title_en', 'status']).where('organization_id', '=', agency.id).execute();
    expect(agencyTasks).toEqual([{ title_en: 'New case from Alpha Tools: Customer C1', status: 'open' }]);
    const timeline = (await as.viewer.get(`/api/customers/${customers.c1}/timeline`)).body;
    expect(timeline).toContain('Case handed to Recouvre (€1,500.00 open), acting in the name of Recouvre, fee 12.5 % of what is recovered plus €50.00, until 30 June 2026');
  });

  it('refuses a second hand-off of the same customer while the first mandate is active', async () => {
    const response = await as.admin.post(`/api/customers/${customers.c1}/mandates`, toAgency());
    expect(response.statusCode, response.body).toBe(409);
    expect(response.json().errors).toEqual([expect.objectContaining({ field: 'customer_id' })]);
  });

  it('names the field of each term that is wrong', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [toAgency({ fee_percent: '101' }), 'fee_percent'],
      [toAgency({ fee_percent: '12.345' }), 'fee_percent'],
      [toAgency({ fee_percent: 'fifteen' }), 'fee_percent'],
      [toAgency({ fee_fixed: { amount: '50.00', currency: 'USD' } }), 'fee_fixed.currency'],
      [toAgency({ fee_fixed: eur('-1.00') }), 'fee_fixed.amount'],
      [toAgency({ ends_on: '2026-03-09' }), 'ends_on'],
      [toAgency({ partner_email: 'cases@partner.test', partner_name: 'Partner' }), 'partner_email'],
      [{ acting_as: 'creditor', fee_percent: '10' }, 'agency_organization_id'],
      [{ partner_email: 'not an address', partner_name: 'Partner', acting_as: 'creditor', fee_percent: '10' }, 'partner_email'],
      [{ partner_email: 'cases@partner.test', acting_as: 'creditor', fee_percent: '10' }, 'partner_name'],
    ];
    for (const [body, field] of cases) {
      const response = await as.admin.post(`/api/customers/${customers.c2}/mandates`, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(422);
      expect(response.json().errors, JSON.stringify(body)).toEqual([expect.objectContaining({ field })]);
    }
    const notAnAgency = await as.admin.post(`/api/customers/${customers.c2}/mandates`, toAgency({ agency_organization_id: creditor.id }));
    expect(notAnAgency.statusCode).toBe(404);
    expect(notAnAgency.json().errors).toEqual([expect.objectContaining({ field: 'agency_organization_id' })]);
    const owesNothing = await as.admin.post(`/api/customers/${customers.paid}/mandates`, toAgency());
    expect(owesNothing.statusCode).toBe(409);
    expect((await as.admin.get(`/api/mandates?customer_id=${customers.c2}`)).json().items).toEqual([]);
  });

  it('refuses hand-offs, ends and take-backs to sales users and viewers, and shows a sales user only their own accounts’ cases', async () => {
    const [mandate] = (await as.admin.get(`/api/mandates?customer_id=${customers.c1}`)).json().items;
    for (const role of ['sales', 'viewer'] as const) {
      expect((await as[role].post(`/api/customers/${customers.c2}/mandates`, toAgency())).statusCode).toBe(403);
      expect((await as[role].post(`/api/mandates/${mandate.id}/take-back`, {})).statusCode).toBe(403);
      expect((await as[role].post(`/api/mandates/${mandate.id}/end`, {})).statusCode).toBe(403);
    }
    expect((await as.sales.get(`/api/mandates/${mandate.id}`)).statusCode).toBe(200);
    expect((await as.sales.get('/api/mandates')).json().items.map((m: { id: string }) => m.id)).toEqual([mandate.id]);
  });

  it("answers not found about another organization's customer or mandate", async () => {
    const [mandate] = (await as.admin.get(`/api/mandates?customer_id=${customers.c1}`)).json().items;
    expect((await as.other.post(`/api/customers/${customers.c2}/mandates`, toAgency())).statusCode).toBe(404);
    expect((await as.other.get(`/api/mandates/${mandate.id}`)).statusCode).toBe(404);
    expect((await as.other.post(`/api/mandates/${mandate.id}/take-back`, {})).statusCode).toBe(404);
    expect((await as.other.get('/api/mandates')).json().items).toEqual([]);
    expect((await as.admin.post(`/api/customers/${otherCustomer}/mandates`, toAgency())).statusCode).toBe(404);
  });

  it('shows the creditor, live, a payment the agency recorded and one the creditor recorded, with the fee on what came in', async () => {
    const [mandate] = (await as.admin.get(`/api/mandates?customer_id=${customers.c1}`)).json().items;
    const byAgency = await as.agent.post(`/api/agency/cases/${mandate.id}/payments`, { amount: eur('400.00'), received_on: '2026-03-10', reference: 'AGENCY-VIR-1' });
    expect(byAgency.statusCode, byAgency.body).toBe(201);
    const own = await createPayment(db, creditor.id, { customerId: customers.c1, reference: 'VIR-OWN', receivedOn: '2026-03-10', currency: 'EUR', amountMinor: 100_00 });
    await insertAllocation(db, creditor.id, { invoiceId: invoiceF1, paymentId: own.id, amountMinor: 100_00, allocatedOn: '2026-03-10' });

    const view = await as.viewer.get(`/api/mandates/${mandate.id}`);
    expect(view.statusCode, view.body).toBe(200);
    const body = view.json();
    expect(body).toMatchObject({ recovered: eur('500.00'), outstanding: eur('1000.00'), fee: eur('112.50'), recovery_rate_percent: '33.33', live: true });
    expect(body.payments).toEqual([
      { id: expect.any(String), reference: 'AGENCY-VIR-1', received_on: '2026-03-10', amount: eur('400.00'), recorded_by_partner: true },
      { id: own.id, reference: 'VIR-OWN', received_on: '2026-03-10', amount: eur('100.00'), recorded_by_partner: false },
    ]);
    expect(body.activity.map((event: { kind: string }) => event.kind)).toContain('handed_off');
    expect(body.activity.length).toBeGreaterThanOrEqual(2);
  });

  it('shows the creditor each message the agency writes, saying who wrote it and what became of it', async () => {
    const [mandate] = (await as.admin.get(`/api/mandates?customer_id=${customers.c1}`)).json().items;
    const written = await as.agent.post(`/api/agency/cases/${mandate.id}/messages`, { subject: 'Your account with Alpha Tools', text: 'Please call us about invoice F-1.' });
    expect(written.statusCode, written.body).toBe(201);
    const { activity } = (await as.viewer.get(`/api/mandates/${mandate.id}`)).json();
    const told = activity.filter((event: { outbox_message_id: string | null }) => event.outbox_message_id === written.json().id);
    expect(told).toHaveLength(1);
    expect(told[0].summary.en).toMatch(/^Email written by Recouvre.*Your account with Alpha Tools \(scheduled\)$/);
  });

  it('takes the case back: the agency loses it at once, and a second take-back is refused', async () => {
    const [mandate] = (await as.admin.get(`/api/mandates?customer_id=${customers.c1}`)).json().items;
    const response = await as.collector.post(`/api/mandates/${mandate.id}/take-back`, {});
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ status: 'taken_back', live: false, closed_on: '2026-03-10', recovered: eur('500.00') });
    expect((await as.agent.get(`/api/agency/cases/${mandate.id}`)).statusCode).toBe(404);
    const agencyTasks = await db.kysely.selectFrom('collection_tasks').select('status').where('organization_id', '=', agency.id).execute();
    expect(agencyTasks).toEqual([{ status: 'cancelled' }]);
    expect((await as.admin.post(`/api/mandates/${mandate.id}/take-back`, {})).statusCode).toBe(409);
    expect((await as.admin.get('/api/mandates?status=active')).json().items).toEqual([]);
    // Taken back, the customer can be handed again.
    expect((await as.admin.post(`/api/customers/${customers.c1}/mandates`, toAgency())).statusCode).toBe(201);
  });

  it('emails an outside partner the case file attached, from the creditor, over SMTP', async () => {
    const response = await as.admin.post(`/api/customers/${customers.c3}/mandates`, { partner_email: 'dossiers@cabinet-martin.example', partner_name: 'Cabinet Martin', acting_as: 'creditor', fee_percent: '15' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().partner).toEqual({ kind: 'outside', organization_id: null, name: 'Cabinet Martin', email: 'dossiers@cabinet-martin.example' });
    const summary = await sendCollectionMessages(db, creditor, { now: NOW, workerId: 'test' });
    expect(summary.sent).toBe(1);
    expect(smtp.received).toHaveLength(1);
    const mail = await simpleParser(smtp.received[0]!.raw);
    expect(mail.to).toMatchObject({ value: [{ address: 'dossiers@cabinet-martin.example' }] });
    expect(mail.from?.value[0]?.address).toBe('relances@alpha-tools.example');
    expect(mail.subject).toBe('Transmission du dossier Customer C3 (C3) – Alpha Tools');
    expect(mail.text).toContain('Montant dû à ce jour : 800,00');
    expect(mail.text).toContain('honoraires : 15 % des sommes recouvrées');
    expect(mail.attachments.map((file) => [file.contentType, file.filename?.endsWith('.zip')])).toEqual([['application/zip', true]]);
    expect(mail.attachments[0]!.content.subarray(0, 2).toString()).toBe('PK');
    const view = (await as.admin.get(`/api/mandates/${response.json().id}`)).json();
    expect(view.activity).toContainEqual(expect.objectContaining({ kind: 'message_sent', outbox_message_id: expect.any(String) }));
  });

  it('keeps a default partner for the hand-off step in the collection settings, checked like a hand-off', async () => {
    expect((await as.admin.get('/api/settings/collection')).json().handoff_partner).toBeNull();
    const partner = { agency_organization_id: agency.id, acting_as: 'agency', fee_percent: '12.5', fee_fixed: eur('40.00'), term_days: 90 };
    const saved = await as.admin.request('PUT', '/api/settings/collection', { handoff_partner: partner });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().handoff_partner).toEqual(partner);
    const notAnAgency = await as.admin.request('PUT', '/api/settings/collection', { handoff_partner: { ...partner, agency_organization_id: creditor.id } });
    expect(notAnAgency.statusCode).toBe(404);
    expect(notAnAgency.json().errors).toEqual([expect.objectContaining({ field: 'handoff_partner.agency_organization_id' })]);
    const badFee = await as.admin.request('PUT', '/api/settings/collection', { handoff_partner: { ...partner, fee_percent: '100.5' } });
    expect(badFee.json().errors).toEqual([expect.objectContaining({ field: 'handoff_partner.fee_percent' })]);
    const cleared = await as.admin.request('PUT', '/api/settings/collection', { handoff_partner: null });
    expect(cleared.json().handoff_partner).toBeNull();
  });
});
