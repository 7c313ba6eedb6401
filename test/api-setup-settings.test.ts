import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { createCustomer } from '../src/adapters/db/stores/customers.js';
import { createInvoice } from '../src/adapters/db/stores/documents.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { forgetSecretsKey, openSecret } from '../src/adapters/security/secret-box.js';
import { buildApp } from '../src/http/build-app.js';
import { eur, signIn, type ApiCaller } from './support/api-session.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';
import { startSmtpTestServer, type SmtpTestServer } from './fixtures/outbox/smtp-test-server.js';

const PASSWORD = 'setup pages secret';
const SMTP_PASSWORD = 'smtp-pass-Zq81x';
const SMS_TOKEN = 'sms-token-Hw52k';
// Friday 16 May 2025, 10:00 in Paris: a business day, inside business hours.
const NOW = new Date('2025-05-16T08:00:00Z');

describe.each(ENGINES)('setup settings for administrators on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let org: OrganizationRow;
  let smtp: SmtpTestServer;
  const as: Record<'admin' | 'collector' | 'viewer', ApiCaller> = {} as never;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    for (const name of ['RELANCE_SECRETS_KEY', 'SMTP_URL', 'SMS_PROVIDER_URL', 'SMS_PROVIDER_TOKEN', 'OUTBOX_DIR']) saved[name] = process.env[name];
    process.env.RELANCE_SECRETS_KEY = 'a passphrase only this test knows';
    delete process.env.SMTP_URL;
    delete process.env.SMS_PROVIDER_URL;
    delete process.env.SMS_PROVIDER_TOKEN;
    process.env.OUTBOX_DIR = mkdtempSync(join(tmpdir(), 'relance-setup-'));
    forgetSecretsKey();
    smtp = await startSmtpTestServer();
    db = await freshDatabase(engine);
    org = await collectionOrganization(db, 'Atelier Durand');
    for (const role of ['admin', 'collector', 'viewer'] as const) await createUser(db, org.id, { email: `${role}@atelier.test`, name: role, password: PASSWORD, role });
    app = await buildApp({ db, now: () => NOW });
    for (const role of ['admin', 'collector', 'viewer'] as const) as[role] = await signIn(app, `${role}@atelier.test`, PASSWORD);
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
    await smtp?.close();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    forgetSecretsKey();
  });

  it('shows and changes the organization identity that letters print, and keeps country and currency as created', async () => {
    const before = (await as.viewer.get('/api/settings/organization')).json();
    expect(before).toMatchObject({ name: 'Atelier Durand', legal_name: 'Atelier Durand SAS', country: 'FR', currency: 'EUR', address: '12 rue des Tanneurs, 69002 Lyon' });
    const changed = await as.admin.request('PUT', '/api/settings/organization', { legal_name: 'Atelier Durand et Fils SAS', vat_id: 'FR40123456789', registration_id: '123 456 789', address: '3 quai Saint-Vincent\n69001 Lyon' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await as.collector.get('/api/settings/organization')).json()).toMatchObject({ legal_name: 'Atelier Durand et Fils SAS', vat_id: 'FR40123456789', registration_id: '123 456 789', address: '3 quai Saint-Vincent\n69001 Lyon', name: 'Atelier Durand' });

    const empty = await as.admin.request('PUT', '/api/settings/organization', { legal_name: '   ' });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().localized_detail.fr).toContain('raison sociale');
    expect((await as.admin.request('PUT', '/api/settings/organization', { country: 'DE' })).statusCode).toBeGreaterThanOrEqual(400);
    expect((await as.viewer.get('/api/settings/organization')).json().country).toBe('FR');
  });

  it('keeps the setup routes to administrators: collectors and viewers get 403', async () => {
    const calls: [string, string, unknown][] = [
      ['PUT', '/api/settings/organization', { name: 'Taken over' }],
      ['GET', '/api/settings/channels', undefined],
      ['PUT', '/api/settings/channels', { smtp_host: 'evil.example' }],
      ['POST', '/api/settings/channels/test', { channel: 'email' }],
      ['POST', '/api/scenario-rules/preview', { items: [] }],
    ];
    for (const role of ['collector', 'viewer'] as const) {
      for (const [method, url, body] of calls) expect((await as[role].request(method, url, body)).statusCode, `${role} ${method} ${url}`).toBe(403);
    }
    expect((await as.viewer.get('/api/settings/organization')).json().name).toBe('Atelier Durand');
  });

  it('never returns the SMTP password or the SMS token, and stores them encrypted', async () => {
    const response = await as.admin.request('PUT', '/api/settings/channels', {
      smtp_host: 'smtp.atelier.example',
      smtp_port: 587,
      smtp_security: 'starttls',
      smtp_user: 'relance',
      smtp_password: SMTP_PASSWORD,
      smtp_from: 'relances@atelier.example',
      sms_provider_url: 'https://sms.example/send',
      sms_token: SMS_TOKEN,
    });
    expect(response.statusCode, response.body).toBe(200);
    for (const body of [response.body, (await as.admin.get('/api/settings/channels')).body]) {
      expect(body).not.toContain(SMTP_PASSWORD);
      expect(body).not.toContain(SMS_TOKEN);
      expect(JSON.parse(body)).toMatchObject({ smtp_host: 'smtp.atelier.example', smtp_user: 'relance', password_set: true, token_set: true, email_source: 'organization', sms_source: 'organization' });
    }
    const row = await db.kysely.selectFrom('channel_settings').selectAll().where('organization_id', '=', org.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(SMTP_PASSWORD);
    expect(JSON.stringify(row)).not.toContain(SMS_TOKEN);
    expect(openSecret(row.smtp_password_sealed!)).toBe(SMTP_PASSWORD);
    expect(openSecret(row.sms_token_sealed!)).toBe(SMS_TOKEN);

    // Saving without the password keeps it; null removes it.
    await as.admin.request('PUT', '/api/settings/channels', { smtp_user: 'relance2', smtp_password: '' });
    expect((await as.admin.get('/api/settings/channels')).json()).toMatchObject({ smtp_user: 'relance2', password_set: true });
    await as.admin.request('PUT', '/api/settings/channels', { smtp_user: null, smtp_password: null, sms_token: null });
    expect((await as.admin.get('/api/settings/channels')).json()).toMatchObject({ password_set: false, token_set: false, sms_source: 'none' });

    const bad = await as.admin.request('PUT', '/api/settings/channels', { smtp_from: 'not an address' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().localized_detail.en).toBe('Type an email address such as relance@example.com.');
  });

  it("sends the test email to the signed-in administrator through the organization's mail server", async () => {
    const port = Number(new URL(smtp.url).port);
    await as.admin.request('PUT', '/api/settings/channels', { smtp_host: '127.0.0.1', smtp_port: port, smtp_security: 'none', smtp_from: 'relances@atelier.example' });
    const answer = await as.admin.post('/api/settings/channels/test', { channel: 'email' });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toMatchObject({ delivered: true, recipient: 'admin@atelier.test' });
    expect(answer.json().message.en).toBe('The mail server accepted a test email to admin@atelier.test.');
    const mail = smtp.received.at(-1)!;
    expect(mail.to).toEqual(['admin@atelier.test']);
    expect(mail.raw).toContain('test message');
  });

  it('says in words why a test email failed', async () => {
    await as.admin.request('PUT', '/api/settings/channels', { smtp_host: '127.0.0.1', smtp_port: 1, smtp_security: 'none' });
    const answer = (await as.admin.post('/api/settings/channels/test', { channel: 'email' })).json();
    expect(answer.delivered).toBe(false);
    expect(answer.message.en).toBe('Nothing answers at this server name and port: check both.');
    expect(answer.message.fr).toBe('Rien ne répond à ce nom de serveur et ce port : vérifiez-les.');
    const sms = await as.admin.post('/api/settings/channels/test', { channel: 'sms' });
    expect(sms.statusCode).toBe(422);
  });

  it('says in words when the saved password cannot be opened with the secrets key in use', async () => {
    await as.admin.request('PUT', '/api/settings/channels', { smtp_host: '127.0.0.1', smtp_port: 1, smtp_security: 'none', smtp_user: 'relance', smtp_password: SMTP_PASSWORD });
    process.env.RELANCE_SECRETS_KEY = 'a key the password was not sealed with';
    forgetSecretsKey();
    try {
      const answer = (await as.admin.post('/api/settings/channels/test', { channel: 'email' })).json();
      expect(answer.delivered).toBe(false);
      expect(answer.message.en).toContain('cannot be read with this server’s secrets key');
      expect((await as.admin.get('/api/settings/channels')).json().password_set).toBe(true);
    } finally {
      process.env.RELANCE_SECRETS_KEY = 'a passphrase only this test knows';
      forgetSecretsKey();
    }
    await as.admin.request('PUT', '/api/settings/channels', { smtp_user: null, smtp_password: null });
  });

  it("sends the collection's reminders through the organization's mail server while the server environment sets none", async () => {
    const port = Number(new URL(smtp.url).port);
    await as.admin.request('PUT', '/api/settings/channels', { smtp_host: '127.0.0.1', smtp_port: port, smtp_security: 'none' });
    await customerWithInvoices(db, org.id, 'SEND1', [['F-SEND1', '2025-05-10', 500_00]]);
    const before = smtp.received.length;
    const run = await as.admin.post('/api/collection/runs', { as_of: '2025-05-16' });
    expect(run.statusCode, run.body).toBe(200);
    // The run sends what is due right away, inside business hours: through the organization's server.
    expect(run.json().sending.sent).toBe(1);
    expect(smtp.received.slice(before).some((mail) => mail.to.includes('ap-send1@example.test'))).toBe(true);
  });

  it('previews how many customers each draft rule takes, as the next run assigns them', async () => {
    const preview0 = (await as.admin.post('/api/scenario-rules/preview', { items: [] })).json();
    const existing = preview0.total as number;
    const seg = async (ref: string, segment: string | null, amountMinor: number) => {
      const customer = await createCustomer(db, org.id, { externalRef: ref, name: `Customer ${ref}`, language: 'fr', segment });
      await createInvoice(db, org.id, { customerId: customer.id, number: `F-${ref}`, issueDate: '2025-03-01', dueDate: '2025-04-01', currency: 'EUR', amountMinor });
    };
    await seg('KA1', 'key_account', 100_00);
    await seg('KA2', 'key_account', 900_000_00);
    await seg('BIG1', null, 900_000_00);
    const rules = [{ scenario_id: 'key-account', segments: ['key_account'] }, { scenario_id: 'high-risk', min_balance: eur('500000.00') }];
    const preview = await as.admin.post('/api/scenario-rules/preview', { items: rules });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ rules: [2, 1], manual: 0, total: existing + 3, default: existing, default_scenario_id: 'standard' });
    // Reordered, the wide rule comes first and takes the large key account too.
    expect((await as.admin.post('/api/scenario-rules/preview', { items: [rules[1], rules[0]] })).json().rules).toEqual([2, 1]);
    expect((await as.admin.post('/api/scenario-rules/preview', { items: [{ scenario_id: 'no-such-scenario' }] })).statusCode).toBe(404);

    // Saved and run, each customer gets the scenario the preview counted.
    expect((await as.admin.request('PUT', '/api/scenario-rules', { items: rules })).statusCode).toBe(200);
    const counts: Record<string, number> = {};
    for (const ref of ['KA1', 'KA2', 'BIG1']) {
      const customer = await db.kysely.selectFrom('customers').select('id').where('organization_id', '=', org.id).where('external_ref', '=', ref).executeTakeFirstOrThrow();
      const scenario = (await as.admin.get(`/api/customers/${customer.id}/collection`)).json().scenario.id as string;
      counts[scenario] = (counts[scenario] ?? 0) + 1;
    }
    expect(counts).toEqual({ 'key-account': preview.json().rules[0], 'high-risk': preview.json().rules[1] });
  });
});
