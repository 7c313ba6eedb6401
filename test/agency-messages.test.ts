import type { FastifyInstance } from 'fastify';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import type { MandateRow } from '../src/adapters/db/mandate-schema.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { saveChannelSettings } from '../src/adapters/db/stores/channel-settings.js';
import { saveCollectionSettings } from '../src/adapters/db/stores/collection-settings.js';
import { closeMandate, insertMandate } from '../src/adapters/db/stores/mandates.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { findOutboxMessage, listOutboxMessages } from '../src/adapters/db/stores/outbox.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { sendCollectionMessages } from '../src/app/collection/send-collection-messages.js';
import { buildApp } from '../src/http/build-app.js';
import { signIn, type ApiCaller } from './support/api-session.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';
import { handedCaseTerms } from './support/handed-case.js';
import { startSmtpTestServer, type SmtpTestServer } from './fixtures/outbox/smtp-test-server.js';

const PASSWORD = 'agency message words';
// Wednesday 1 April 2026, 10:00 in Paris: inside business hours.
const NOW = new Date('2026-04-01T08:00:00Z');

async function smtpOf(db: Db, organizationId: string, smtp: SmtpTestServer, from: string): Promise<void> {
  await saveChannelSettings(db, organizationId, { smtp_host: '127.0.0.1', smtp_port: Number(new URL(smtp.url).port), smtp_security: 'none', smtp_from: from });
}

describe.each(ENGINES)('an agency writing to the customer of a case it holds, on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let creditorSmtp: SmtpTestServer;
  let agencySmtp: SmtpTestServer;
  let creditor: OrganizationRow;
  let agent: ApiCaller;
  let agencyViewer: ApiCaller;
  let agencyAdmin: ApiCaller;
  let creditorAdmin: ApiCaller;
  let inOwnName: MandateRow;
  let inCreditorName: MandateRow;
  let takenBack: MandateRow;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    [creditorSmtp, agencySmtp] = await Promise.all([startSmtpTestServer(), startSmtpTestServer()]);
    creditor = await collectionOrganization(db, 'Alpha Tools');
    await smtpOf(db, creditor.id, creditorSmtp, 'relances@alpha-tools.example');
    const agency = await createOrganization(db, { name: 'Recouvre Agency', legalName: 'Recouvre SAS', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr', kind: 'agency' });
    await saveCollectionSettings(db, agency.id, { senderEmail: 'cases@recouvre.example' });
    await smtpOf(db, agency.id, agencySmtp, 'cases@recouvre.example');
    await createUser(db, agency.id, { email: 'agent@recouvre.test', name: 'Agnès Agent', password: PASSWORD, role: 'collector' });
    await createUser(db, agency.id, { email: 'viewer@recouvre.test', name: 'Victor Viewer', password: PASSWORD, role: 'viewer' });
    await createUser(db, agency.id, { email: 'admin@recouvre.test', name: 'Adèle Admin', password: PASSWORD, role: 'admin' });
    await createUser(db, creditor.id, { email: 'admin@alpha.test', name: 'Alice Alpha', password: PASSWORD, role: 'admin' });

    const first = await customerWithInvoices(db, creditor.id, 'C1', [['F-1', '2026-01-10', 1_000_00]], { language: 'en' });
    const second = await customerWithInvoices(db, creditor.id, 'C2', [['G-1', '2026-01-15', 1_000_00]], { language: 'fr' });
    const third = await customerWithInvoices(db, creditor.id, 'C3', [['H-1', '2026-01-15', 1_000_00]]);
    inOwnName = await insertMandate(db, creditor.id, handedCaseTerms(agency, first.customer.id, [first.invoiceIds['F-1']!]));
    inCreditorName = await insertMandate(db, creditor.id, handedCaseTerms(agency, second.customer.id, [second.invoiceIds['G-1']!], { actingAs: 'creditor' }));
    takenBack = await insertMandate(db, creditor.id, handedCaseTerms(agency, third.customer.id, [third.invoiceIds['H-1']!]));

    app = await buildApp({ db, now: () => NOW });
    agent = await signIn(app, 'agent@recouvre.test', PASSWORD);
    agencyViewer = await signIn(app, 'viewer@recouvre.test', PASSWORD);
    agencyAdmin = await signIn(app, 'admin@recouvre.test', PASSWORD);
    creditorAdmin = await signIn(app, 'admin@alpha.test', PASSWORD);
  });

  afterAll(async () => {
    await app?.close();
    await creditorSmtp?.close();
    await agencySmtp?.close();
    await db?.close();
  });

  const send = () => sendCollectionMessages(db, creditor, { now: NOW, workerId: 'test' });

  it('says before writing that a message in its own name goes from its address, signed as mandated by the creditor', async () => {
    const preview = await agent.get(`/api/agency/cases/${inOwnName.id}/messages/preview`);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({
      acting_as: 'agency',
      language: 'en',
      sender: { name: 'Recouvre SAS', email: 'cases@recouvre.example' },
      recipient: { email: 'ap-c1@example.test' },
      signature: 'Recouvre SAS, mandated by Alpha Tools SAS',
      problem: null,
    });
  });

  it('queues a message in its own name in the creditor’s outbox, and it leaves From the agency through the agency’s mail server', async () => {
    const response = await agent.post(`/api/agency/cases/${inOwnName.id}/messages`, { subject: 'Your account with Alpha Tools', text: 'We have been asked to settle invoice F-1 with you. Please call us.' });
    expect(response.statusCode, response.body).toBe(201);
    const message = response.json();
    expect(message).toMatchObject({ status: 'queued', sender: { name: 'Recouvre SAS', email: 'cases@recouvre.example' }, recipient: { email: 'ap-c1@example.test' }, subject: 'Your account with Alpha Tools' });
    const row = await findOutboxMessage(db, creditor.id, message.id);
    expect(row?.mandate_id).toBe(inOwnName.id);

    const summary = await send();
    expect(summary.sent).toBe(1);
    expect(creditorSmtp.received).toHaveLength(0);
    expect(agencySmtp.received).toHaveLength(1);
    const mail = await simpleParser(agencySmtp.received[0]!.raw);
    expect(mail.from?.value[0]).toMatchObject({ name: 'Recouvre SAS', address: 'cases@recouvre.example' });
    expect(mail.to).toMatchObject({ value: [{ address: 'ap-c1@example.test' }] });
    expect(mail.text).toContain('We have been asked to settle invoice F-1 with you.');
    expect(mail.text).toContain('Recouvre SAS, mandated by Alpha Tools SAS');
    expect((await findOutboxMessage(db, creditor.id, message.id))?.status).toBe('sent');
  });

  it('sends a message in the creditor’s name exactly as the creditor’s own: its address, its server, no agency signature', async () => {
    const response = await agent.post(`/api/agency/cases/${inCreditorName.id}/messages`, { subject: 'Votre compte', text: 'Merci de régler la facture G-1.' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().sender).toEqual({ name: 'Alpha Tools', email: 'relances@alpha-tools.example' });
    expect((await send()).sent).toBe(1);
    expect(creditorSmtp.received).toHaveLength(1);
    const mail = await simpleParser(creditorSmtp.received[0]!.raw);
    expect(mail.from?.value[0]?.address).toBe('relances@alpha-tools.example');
    expect(mail.text).toContain('Merci de régler la facture G-1.');
    expect(mail.text).not.toContain('Recouvre');
  });

  it('shows the creditor the agency’s message in the customer’s timeline, live', async () => {
    const timeline = await creditorAdmin.get(`/api/customers/${inOwnName.customer_id}/timeline`);
    expect(timeline.statusCode, timeline.body).toBe(200);
    const text = timeline.body;
    expect(text).toContain('Email written by Recouvre Agency: Your account with Alpha Tools');
    const outbox = await creditorAdmin.get('/api/outbox');
    expect(outbox.body).toContain('Your account with Alpha Tools');
  });

  it('keeps a queued message from leaving once the case is taken back, and finds no case to write on', async () => {
    const queued = await agent.post(`/api/agency/cases/${takenBack.id}/messages`, { subject: 'Last words', text: 'Please pay H-1.' });
    expect(queued.statusCode, queued.body).toBe(201);
    expect(await closeMandate(db, creditor.id, takenBack.id, { status: 'taken_back', closedOn: '2026-04-01', closedBy: null })).toBe(true);
    const summary = await send();
    expect(summary).toMatchObject({ sent: 0, cancelled: 1 });
    expect(agencySmtp.received).toHaveLength(1);
    expect((await findOutboxMessage(db, creditor.id, queued.json().id))?.status).toBe('cancelled');

    const after = await agent.post(`/api/agency/cases/${takenBack.id}/messages`, { subject: 'Again', text: 'Please pay H-1.' });
    expect(after.statusCode).toBe(404);
    expect((await agent.get(`/api/agency/cases/${takenBack.id}/messages/preview`)).statusCode).toBe(404);
  });

  it('lets neither a creditor nor an agency viewer write on a case', async () => {
    expect((await creditorAdmin.post(`/api/agency/cases/${inOwnName.id}/messages`, { subject: 'x', text: 'y' })).statusCode).toBe(404);
    expect((await agencyViewer.post(`/api/agency/cases/${inOwnName.id}/messages`, { subject: 'x', text: 'y' })).statusCode).toBe(403);
  });

  it('refuses an empty message in words', async () => {
    const response = await agent.post(`/api/agency/cases/${inOwnName.id}/messages`, { subject: 'Hello', text: '   ' });
    expect(response.statusCode).toBe(422);
    expect(response.json().localized_detail).toEqual({ en: 'Write the message.', fr: 'Écrivez le message.' });
  });

  it('shows a letter of the agency’s scenario as it would go today, with the agency’s own text once it wrote one', async () => {
    const builtIn = await agent.get(`/api/agency/cases/${inOwnName.id}/messages/preview?template=agency-first-letter`);
    expect(builtIn.statusCode, builtIn.body).toBe(200);
    expect(builtIn.json().draft.subject).toBe('Your account with Alpha Tools SAS has been entrusted to Recouvre SAS');
    expect(builtIn.json().draft.text).toContain('Invoice F-1, due 10 January 2026: €1,000.00');

    const text = '--- subject\nCase {{ customer.number }}\n--- text\nWe act for {{ creditor.name }}: {{ balance | money }} is due.\n';
    expect((await agent.request('PUT', '/api/agency/templates/agency-first-letter/en', { text })).statusCode).toBe(403);
    const broken = await agencyAdmin.request('PUT', '/api/agency/templates/agency-first-letter/en', { text: text.replace('creditor.name', 'creditor.nickname') });
    expect(broken.statusCode).toBe(422);
    expect(broken.body).toContain('agency-first-letter.en.liquid:4');
    const saved = await agencyAdmin.request('PUT', '/api/agency/templates/agency-first-letter/en', { text });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().override.text).toBe(text);
    const own = await agent.get(`/api/agency/cases/${inOwnName.id}/messages/preview?template=agency-first-letter`);
    expect(own.json().draft.subject).toBe('Case C1');
    expect(own.json().draft.text.trim()).toBe('We act for Alpha Tools SAS: €1,000.00 is due.');
    expect((await agencyAdmin.delete('/api/agency/templates/agency-first-letter/en')).statusCode).toBe(204);
    expect((await creditorAdmin.get('/api/agency/templates')).statusCode).toBe(404);
    expect((await agencyAdmin.request('PUT', '/api/agency/templates/firm-reminder/en', { text })).statusCode).toBe(404);
  });

  it('tells an agency without a sender email to set one before it writes in its own name', async () => {
    const silent = await createOrganization(db, { name: 'Quiet Agency', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr', kind: 'agency' });
    await createUser(db, silent.id, { email: 'agent@quiet.test', name: 'Quentin', password: PASSWORD, role: 'collector' });
    const customer = await customerWithInvoices(db, creditor.id, 'C9', [['Q-1', '2026-01-15', 200_00]]);
    const mandate = await insertMandate(db, creditor.id, handedCaseTerms(silent, customer.customer.id, [customer.invoiceIds['Q-1']!]));
    const quiet = await signIn(app, 'agent@quiet.test', PASSWORD);
    const sentence = { en: 'Set your sender email (Settings) before writing in your own name.', fr: 'Indiquez votre adresse d’expéditeur (Paramètres) avant d’écrire en votre nom.' };
    expect((await quiet.get(`/api/agency/cases/${mandate.id}/messages/preview`)).json().problem).toEqual(sentence);
    const refused = await quiet.post(`/api/agency/cases/${mandate.id}/messages`, { subject: 'Hello', text: 'Please pay.' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().localized_detail).toEqual(sentence);
    expect((await listOutboxMessages(db, creditor.id, { customerIds: [customer.customer.id] }))).toEqual([]);
  });
});
