import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { smtpEmailTransport } from '../src/adapters/channels/email/smtp-email-transport.js';
import { transportsFromConfig } from '../src/adapters/channels/transports-from-config.js';
import { getAction, insertActionOnce } from '../src/adapters/db/stores/collection-actions.js';
import { getTask, insertTaskOnce } from '../src/adapters/db/stores/collection-tasks.js';
import { getOrganization, setOrganizationBankAccounts } from '../src/adapters/db/stores/organizations.js';
import { listOutboxMessages } from '../src/adapters/db/stores/outbox.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import { sendCollectionMessages } from '../src/app/collection/send-collection-messages.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { buildApp } from '../src/http/build-app.js';
import { signIn, type ApiCaller } from './support/api-session.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase, freshDatabaseUrl } from './support/engines.js';
import { relanceCli } from './support/relance-cli.js';
import { startSmtpTestServer, type SmtpTestServer } from './fixtures/outbox/smtp-test-server.js';

const PASSWORD = 'bank secret';
const AS_OF = '2025-05-16' as PlainDate;
// Friday 16 May 2025, 10:00 in Paris: inside business hours.
const IN_HOURS = new Date('2025-05-16T08:00:00Z');
const BAD_IBAN = 'FR76 3000 6000 0112 3456 7890 198';
const IBAN = 'FR7630006000011234567890189';

describe.each(ENGINES)('bank details, sender email and hand-off partner on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let org: OrganizationRow;
  const as: Record<'admin' | 'collector' | 'viewer', ApiCaller> = {} as never;
  const customers: Record<string, { id: string; invoiceIds: Record<string, string> }> = {};
  let smtp: SmtpTestServer | undefined;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    org = await collectionOrganization(db, 'Atelier Durand', { senderEmail: null });
    await setOrganizationBankAccounts(db, org.id, []);
    org = (await getOrganization(db, org.id))!;
    for (const role of ['admin', 'collector', 'viewer'] as const) await createUser(db, org.id, { email: `${role}@atelier.test`, name: role, password: PASSWORD, role });
    for (const ref of ['C001', 'C002', 'C003']) {
      const { customer, invoiceIds } = await customerWithInvoices(db, org.id, ref, [[`F-${ref}`, '2025-05-01', 1000_00]]);
      customers[ref] = { id: customer.id, invoiceIds };
    }
    app = await buildApp({ db });
    await app.ready();
    for (const role of ['admin', 'collector', 'viewer'] as const) as[role] = await signIn(app, `${role}@atelier.test`, PASSWORD);
  });
  afterEach(async () => {
    await smtp?.close();
    smtp = undefined;
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const run = (ref: string) => runCollection(db, org, { asOf: AS_OF, now: IN_HOURS, send: false, customerIds: [customers[ref]!.id] });
  const emailsOf = async (ref: string) => (await listOutboxMessages(db, org.id, { channel: 'email', customerIds: [customers[ref]!.id] }));

  it('writes a message without bank details with no IBAN line, and says so once in the run report', async () => {
    const report = await run('C001');
    expect(report.warnings.map((warning) => warning.code)).toEqual(['no_bank_details', 'no_sender_email']);
    const [email] = await emailsOf('C001');
    expect(email).toBeDefined();
    expect(email!.text_body).not.toMatch(/IBAN|BIC/);
    expect(email!.html_body).not.toMatch(/IBAN|BIC/);
  });

  it('refuses an invalid IBAN or BIC naming the field, changes nothing, and lets only an administrator change them', async () => {
    const before = (await as.viewer.get('/api/settings/bank-details')).json();
    expect(before).toEqual({ iban: null, bic: null, account_holder: null, beneficiary: null });
    const wrongIban = await as.admin.request('PUT', '/api/settings/bank-details', { iban: BAD_IBAN, bic: 'AGRIFRPP', account_holder: 'Durand Trésorerie' });
    expect(wrongIban.statusCode).toBe(422);
    expect(wrongIban.json().errors).toEqual([{ field: 'iban', message: expect.stringContaining('check digits') }]);
    const wrongBic = await as.admin.request('PUT', '/api/settings/bank-details', { iban: IBAN, bic: 'AGRI-FR' });
    expect(wrongBic.statusCode).toBe(422);
    expect(wrongBic.json().errors[0].field).toBe('bic');
    expect((await as.collector.request('PUT', '/api/settings/bank-details', { iban: IBAN })).statusCode).toBe(403);
    expect((await as.viewer.get('/api/settings/bank-details')).json()).toEqual(before);
    expect(JSON.parse((await getOrganization(db, org.id))!.bank_accounts)).toEqual([]);
  });

  it('prints the IBAN in groups of four, with the account holder as beneficiary, once bank details are set', async () => {
    const saved = await as.admin.request('PUT', '/api/settings/bank-details', { iban: IBAN.toLowerCase(), bic: 'agrifrpp', account_holder: 'Durand Trésorerie' });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({ iban: 'FR76 3000 6000 0112 3456 7890 189', bic: 'AGRIFRPP', account_holder: 'Durand Trésorerie', beneficiary: 'Durand Trésorerie' });
    org = (await getOrganization(db, org.id))!;
    const report = await run('C002');
    expect(report.warnings.map((warning) => warning.code)).toEqual(['no_sender_email']);
    const [email] = await emailsOf('C002');
    expect(email!.text_body).toContain('IBAN: FR76 3000 6000 0112 3456 7890 189');
    expect(email!.text_body).toContain('BIC: AGRIFRPP');
    expect(email!.text_body).toContain('Beneficiary: Durand Trésorerie');
  });

  it('holds emails in the outbox with one warning until a sender email is set, then sends them from it', async () => {
    smtp = await startSmtpTestServer();
    const transports = { ...transportsFromConfig({ outboxDir: mkdtempSync(join(tmpdir(), 'relance-held-')) }), email: smtpEmailTransport({ url: smtp.url }) };
    const held = await sendCollectionMessages(db, org, { now: IN_HOURS, workerId: 'w1', transports });
    expect(held).toMatchObject({ sent: 0, held: 2 });
    expect(smtp.received).toHaveLength(0);
    const emails = [...(await emailsOf('C001')), ...(await emailsOf('C002'))];
    expect(emails.map((email) => email.status)).toEqual(['queued', 'queued']);

    const list = (await as.viewer.get('/api/outbox?channel=email')).json();
    expect(list.warnings).toEqual([{ code: 'no_sender_email', count: 2, message: expect.stringContaining('no sender email') }]);
    expect(list.items.map((item: { held: boolean }) => item.held)).toEqual([true, true]);

    const set = await as.collector.request('PUT', '/api/settings/collection', { sender_email: 'relances@atelier-durand.example' });
    expect(set.statusCode).toBe(200);
    const sent = await sendCollectionMessages(db, org, { now: IN_HOURS, workerId: 'w1', transports });
    expect(sent).toMatchObject({ sent: 2, held: 0 });
    expect(smtp.received).toHaveLength(2);
    for (const mail of smtp.received) {
      expect(mail.raw).toMatch(/^From: .*<relances@atelier-durand\.example>/m);
      expect(mail.raw).toMatch(/^Reply-To: relances@atelier-durand\.example/m);
    }
    const after = (await as.viewer.get('/api/outbox?channel=email')).json();
    expect(after.warnings).toEqual([]);
    expect(after.items.map((item: { status: string }) => item.status)).toEqual(['sent', 'sent']);
  });

  it('holds emails without a sender email even when they would only be kept as .eml files', async () => {
    const other = await collectionOrganization(db, 'Menuiserie Petit', { senderEmail: null });
    await customerWithInvoices(db, other.id, 'P001', [['P-1', '2025-05-01', 500_00]]);
    await runCollection(db, other, { asOf: AS_OF, now: IN_HOURS, send: false });
    const outboxDir = mkdtempSync(join(tmpdir(), 'relance-held-eml-'));
    const transports = transportsFromConfig({ outboxDir });
    expect(await sendCollectionMessages(db, other, { now: IN_HOURS, workerId: 'w1', transports })).toMatchObject({ kept: 0, held: 1 });
    expect(existsSync(join(outboxDir, other.id))).toBe(false);

    const { saveCollectionSettings } = await import('../src/adapters/db/stores/collection-settings.js');
    await saveCollectionSettings(db, other.id, { senderEmail: 'compta@menuiserie-petit.example', replyTo: 'recouvrement@menuiserie-petit.example' });
    expect(await sendCollectionMessages(db, other, { now: IN_HOURS, workerId: 'w1', transports })).toMatchObject({ kept: 1, held: 0 });
    const [file] = readdirSync(join(outboxDir, other.id));
    const eml = readFileSync(join(outboxDir, other.id, file!), 'utf8');
    expect(eml).toMatch(/^From: .*<compta@menuiserie-petit\.example>/m);
    expect(eml).toMatch(/^Reply-To: recouvrement@menuiserie-petit\.example/m);
  });

  it('refuses to approve a hand-off while no partner is set, changing nothing, and approves it once one is', async () => {
    const customer = customers.C003!;
    const action = (await insertActionOnce(db, org.id, {
      customer_id: customer.id,
      case_id: null,
      episode_key: `${customer.id}:test`,
      step_id: 'handoff',
      scenario_id: 'standard',
      channel: 'handoff',
      status: 'awaiting_approval',
      planned_on: AS_OF,
      not_before: null,
      invoice_numbers: JSON.stringify(['F-C003']),
      invoice_ids: JSON.stringify([customer.invoiceIds['F-C003']]),
      invoice_amounts: JSON.stringify([1000_00]),
      balance_minor: 1000_00,
      currency: 'EUR',
      reason_en: 'Hand-off after the formal notice',
      reason_fr: 'Transmission après la mise en demeure',
    }))!;
    const task = (await insertTaskOnce(db, org.id, {
      customer_id: customer.id,
      case_id: null,
      action_id: action.id,
      kind: 'approval',
      step_id: 'handoff',
      dedupe_key: `approval:${action.id}`,
      title_en: 'Approve the hand-off',
      title_fr: 'Valider la transmission',
      detail: null,
      due_on: AS_OF,
      assignee_user_id: null,
      created_on: AS_OF,
    }))!;

    const refused = await as.collector.post(`/api/tasks/${task.id}/approve`, {});
    expect(refused.statusCode).toBe(409);
    const problem = refused.json();
    expect(problem.errors).toEqual([{ field: 'agency_name', message: expect.stringContaining('No collection partner is set') }]);
    expect(problem.localized_detail.fr).toContain('renseignez dans les réglages');
    expect((await getTask(db, org.id, task.id))!.status).toBe('open');
    expect((await getAction(db, org.id, action.id))!.status).toBe('awaiting_approval');

    expect((await as.collector.request('PUT', '/api/settings/collection', { agency_name: 'Cabinet Recouvre & Associés' })).statusCode).toBe(200);
    const approved = await as.collector.post(`/api/tasks/${task.id}/approve`, {});
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ result: 'handoff_task' });
  });
});

describe.each(ENGINES)('relance org set and relance run on %s', (engine) => {
  it('refuses a bad IBAN naming --iban and changing nothing, warns once per run without bank details, then prints the IBAN', async () => {
    const databaseUrl = await freshDatabaseUrl(engine);
    const db = await openDatabase(databaseUrl);
    const org = await collectionOrganization(db);
    await setOrganizationBankAccounts(db, org.id, []);
    await customerWithInvoices(db, org.id, 'C1', [['F-1', '2025-05-01', 1200_00]]);
    await db.close();
    const env = { DATABASE_URL: databaseUrl, OUTBOX_DIR: mkdtempSync(join(tmpdir(), 'relance-cli-bank-')) };

    const wrong = await relanceCli(['org', 'set', '--iban', BAD_IBAN, '--bic', 'AGRIFRPP', '--account-holder', 'Durand Trésorerie'], env);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^relance: --iban: .*check digits/);

    const dry = await relanceCli(['run', '--as-of', AS_OF, '--dry-run', '--json'], env);
    expect(dry.code).toBe(0);
    const warnings = dry.stderr.split('\n').filter((line) => line.startsWith('relance: warning:'));
    expect(warnings).toEqual([expect.stringContaining('Atelier Durand has no bank details: messages go out without IBAN or BIC')]);
    expect(JSON.parse(dry.stdout).warnings).toEqual([{ code: 'no_bank_details', message: expect.any(String) }]);

    const set = await relanceCli(['org', 'set', '--iban', IBAN, '--bic', 'AGRIFRPP', '--account-holder', 'Durand Trésorerie'], env);
    expect(set.stderr).toBe('');
    expect(set.stdout).toContain('IBAN FR76 3000 6000 0112 3456 7890 189, BIC AGRIFRPP, beneficiary Durand Trésorerie');
    const realRun = await relanceCli(['run', '--as-of', AS_OF], env);
    expect(realRun.code).toBe(0);
    expect(realRun.stderr).toBe('');
    const after = await openDatabase(databaseUrl);
    const [email] = await listOutboxMessages(after, org.id, { channel: 'email' });
    expect(email!.text_body).toContain('FR76 3000 6000 0112 3456 7890 189');
    await after.close();
  });
});
