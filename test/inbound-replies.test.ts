import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpEmailTransport } from '../src/adapters/channels/email/smtp-email-transport.js';
import { transportsFromConfig } from '../src/adapters/channels/transports-from-config.js';
import type { Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { listTasks } from '../src/adapters/db/stores/collection-tasks.js';
import { setInboundAddress } from '../src/adapters/db/stores/inbound-messages.js';
import { findOutboxMessage, listOutboxMessages } from '../src/adapters/db/stores/outbox.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import type { InboundSmtpReceiver } from '../src/adapters/mail/inbound-smtp-receiver.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import { sendCollectionMessages } from '../src/app/collection/send-collection-messages.js';
import { startInboundSmtp } from '../src/app/inbound/inbound-mail.js';
import { buildApp } from '../src/http/build-app.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { signIn, type ApiCaller } from './support/api-session.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';
import { startSmtpTestServer, type SmtpTestServer } from './fixtures/outbox/smtp-test-server.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

const AS_OF = '2025-05-16' as PlainDate;
// Friday 16 May 2025, 10:00 in Paris: inside business hours.
const IN_HOURS = new Date('2025-05-16T08:00:00Z');
const INBOUND = 'replies@atelier-durand.example';
const PASSWORD = 'correct horse battery staple';
const fixture = (name: string, outboxId: string) => readFileSync(join(import.meta.dirname, 'fixtures/inbound', name), 'utf8').replaceAll('OUTBOX_ID', outboxId).replaceAll('relances@atelier-durand.example', INBOUND);

describe.each(ENGINES)('replies by email on %s', (engine) => {
  let db: Db;
  let org: OrganizationRow;
  let app: FastifyInstance;
  let api: ApiCaller;
  let outgoing: SmtpTestServer;
  let receiver: InboundSmtpReceiver;
  const customers: Record<string, string> = {};
  const reminders: Record<string, { outboxId: string; messageId: string }> = {};

  const mailer = () => nodemailer.createTransport({ host: '127.0.0.1', port: receiver.port, secure: false, ignoreTLS: true });
  const transports = () => ({ ...transportsFromConfig({ outboxDir: mkdtempSync(join(tmpdir(), 'relance-inbound-')) }), email: smtpEmailTransport({ url: outgoing.url }) });
  const replyTasks = async (customerId: string) => listTasks(db, org.id, { customerId, kind: 'reply' });
  const timeline = async (customerId: string) => ((await api.get(`/api/customers/${customerId}/timeline?limit=100`)).json().items as { summary: { en: string }; type: string }[]);
  const inboundOf = async (query: string) => (await api.get(`/api/inbound-messages?${query}`)).json().items as any[];

  beforeAll(async () => {
    db = await freshDatabase(engine);
    org = await collectionOrganization(db, 'Atelier Durand');
    await setInboundAddress(db, org.id, INBOUND);
    for (const ref of ['C001', 'C002', 'C003', 'C004']) {
      customers[ref] = (await customerWithInvoices(db, org.id, ref, [[`F-${ref}`, '2025-04-30', 1234_56]])).customer.id;
    }
    // Real reminders, through the outbox, to a real SMTP server.
    outgoing = await startSmtpTestServer();
    await runCollection(db, org, { asOf: AS_OF, now: IN_HOURS, send: false, customerIds: [customers.C001!, customers.C004!] });
    expect(await sendCollectionMessages(db, org, { now: IN_HOURS, workerId: 'w1', transports: transports() })).toMatchObject({ sent: 2 });
    for (const ref of ['C001', 'C004']) {
      const [row] = await listOutboxMessages(db, org.id, { channel: 'email', customerIds: [customers[ref]!] });
      const mail = outgoing.received.find((received) => received.messageId === row!.message_id)!;
      expect(mail.to).toEqual([`ap-${ref.toLowerCase()}@example.test`]);
      // No reply-to address of its own: the customer's answer goes where Relance reads replies.
      expect(mail.raw).toMatch(new RegExp(`^Reply-To: ${INBOUND.replace(/[.]/g, '\\.')}`, 'm'));
      reminders[ref] = { outboxId: row!.id, messageId: mail.messageId };
    }
    receiver = await startInboundSmtp(db, { port: 0, host: '127.0.0.1', now: () => IN_HOURS });
    app = await buildApp({ db, now: () => IN_HOURS });
    await createUser(db, org.id, { email: 'admin@durand.test', name: 'Alice Martin', password: PASSWORD, role: 'admin' });
    api = await signIn(app, 'admin@durand.test', PASSWORD);
  });
  afterAll(async () => {
    await receiver?.close();
    await outgoing?.close();
    await app?.close();
    await db?.close();
  });

  it('puts a reply to a reminder on the customer’s timeline and in Today, with its attachment kept', async () => {
    // Sent from an address the customer's contacts do not have: the Message-ID answered is enough.
    await mailer().sendMail({
      from: 'Marie Dubois <marie@dubois-freres.example>',
      to: INBOUND,
      subject: 'Re: your reminder',
      inReplyTo: reminders.C001!.messageId,
      references: [reminders.C001!.messageId],
      text: 'Hello,\n\nWe paid on 27 February. <script>alert(1)</script>\n\nOn Fri, 16 May 2025, Atelier Durand wrote:\n> Dear customer',
      attachments: [{ filename: 'transfer.html', content: '<html><script>alert(1)</script></html>', contentType: 'text/html' }],
    });
    const entry = (await timeline(customers.C001!)).find((item) => item.type === 'email_reply');
    expect(entry?.summary.en).toBe('Reply by email from Marie Dubois <marie@dubois-freres.example>: “Re: your reminder” — Hello,\n\nWe paid on 27 February. <script>alert(1)</script>');

    const today = (await api.get('/api/worklist?limit=100')).json();
    const line = today.items.find((item: any) => item.kind === 'reply');
    expect(line).toMatchObject({ customer: { id: customers.C001 }, why: { en: expect.stringContaining('Re: your reminder') } });

    const [reply] = await inboundOf(`customer_id=${customers.C001}`);
    expect(reply).toMatchObject({ kind: 'human', status: 'open', matched_by: 'message_id', answers_outbox_id: reminders.C001!.outboxId, from: { address: 'marie@dubois-freres.example' } });
    // A file sent as HTML is handed back as bytes to save, never as a page.
    const file = await api.get(reply.attachments[0].url);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/octet-stream');
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="transfer.html"/);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.body).toBe('<html><script>alert(1)</script></html>');
  });

  it('answers the reply from the app: the answer leaves through the outbox, threaded to it, and the task is done', async () => {
    const [reply] = await inboundOf(`customer_id=${customers.C001}&status=open`);
    const answered = await api.post(`/api/inbound-messages/${reply.id}/answer`, { text: 'Thank you, we found your transfer.' });
    expect(answered.statusCode).toBe(201);
    expect(answered.json()).toMatchObject({ status: 'answered', answer_outbox_id: expect.any(String) });
    expect((await replyTasks(customers.C001!)).map((task) => task.status)).toEqual(['done']);

    const before = outgoing.received.length;
    expect(await sendCollectionMessages(db, org, { now: IN_HOURS, workerId: 'w1', transports: transports() })).toMatchObject({ sent: 1 });
    const mail = outgoing.received.slice(before)[0]!;
    expect(mail.to).toEqual(['marie@dubois-freres.example']);
    const replyMessageId = (await db.kysely.selectFrom('inbound_messages').select('message_id').where('id', '=', reply.id).executeTakeFirstOrThrow()).message_id!;
    expect(mail.raw).toMatch(new RegExp(`^In-Reply-To: ${replyMessageId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
    expect(mail.raw).toMatch(/^References: .*<[^>]+@outbox\.relance>/m);
    expect(mail.raw).toMatch(/^Subject: Re: your reminder/m);
    expect(mail.raw).toContain('Thank you, we found your transfer.');
    expect((await timeline(customers.C001!)).filter((item) => item.type === 'message').map((item) => item.summary.en)).toContainEqual(expect.stringContaining('Re: your reminder'));
  });

  it('records an out-of-office answer and a bounce without making work, and marks the bounced reminder failed', async () => {
    await mailer().sendMail({ envelope: { from: 'jan@peeters.example', to: [INBOUND] }, raw: fixture('out-of-office-fr.eml', reminders.C004!.outboxId) });
    await mailer().sendMail({ envelope: { from: '', to: [INBOUND] }, raw: fixture('bounce-postfix.eml', reminders.C004!.outboxId) });
    expect(await replyTasks(customers.C004!)).toEqual([]);
    const types = (await timeline(customers.C004!)).map((item) => item.type);
    expect(types).toContain('email_automatic_reply');
    expect(types).toContain('email_bounce');
    expect(await findOutboxMessage(db, org.id, reminders.C004!.outboxId)).toMatchObject({ status: 'failed' });
    expect((await inboundOf(`customer_id=${customers.C004}`)).map((message) => [message.kind, message.status]).sort()).toEqual([
      ['automatic', 'automatic'],
      ['bounce', 'automatic'],
    ]);
  });

  it('threads a reply that names no reminder by the sender’s address, when one customer alone has it', async () => {
    await mailer().sendMail({ from: 'AP <AP-C002@example.test>', to: INBOUND, subject: 'Invoice F-C002', text: 'Could you send the invoice again?' });
    const [message] = await inboundOf(`customer_id=${customers.C002}`);
    expect(message).toMatchObject({ matched_by: 'sender', status: 'open' });
    expect(await replyTasks(customers.C002!)).toHaveLength(1);
  });

  it('keeps a reply nobody could be found for, until a person attaches it to its customer', async () => {
    await mailer().sendMail({ from: 'stranger@nowhere.example', to: INBOUND, subject: 'About our account', text: 'We are customer C003.' });
    const [unmatched] = await inboundOf('status=unmatched');
    expect(unmatched).toMatchObject({ customer_id: null, subject: 'About our account' });
    const attached = await api.post(`/api/inbound-messages/${unmatched.id}/attach`, { customer_id: customers.C003 });
    expect(attached.json()).toMatchObject({ customer_id: customers.C003, matched_by: 'person', status: 'open' });
    expect(await replyTasks(customers.C003!)).toHaveLength(1);
    expect((await api.post(`/api/inbound-messages/${unmatched.id}/attach`, { customer_id: customers.C002 })).statusCode).toBe(409);
  });

  it('keeps a message delivered twice once, and refuses mail for an address no organization receives at', async () => {
    const raw = fixture('human-reply.eml', reminders.C001!.outboxId).replace('CAF4x9k2', 'twice');
    await mailer().sendMail({ envelope: { from: 'marie@dubois-freres.example', to: [INBOUND] }, raw });
    await mailer().sendMail({ envelope: { from: 'marie@dubois-freres.example', to: [INBOUND] }, raw });
    expect((await inboundOf(`customer_id=${customers.C001}`)).filter((message) => message.subject.startsWith('RE: Reminder'))).toHaveLength(1);
    await expect(mailer().sendMail({ from: 'a@b.example', to: 'someone-else@atelier-durand.example', subject: 'x', text: 'x' })).rejects.toMatchObject({ responseCode: 550 });
    // Another organization named in the headers only gets nothing.
    const other = await collectionOrganization(db, 'Other Creditor');
    await setInboundAddress(db, other.id, 'replies@other.example');
    await mailer().sendMail({ envelope: { from: 'x@nowhere.example', to: [INBOUND] }, raw: 'From: x@nowhere.example\r\nTo: replies@other.example\r\nSubject: Forged\r\n\r\nHello\r\n' });
    expect(await db.kysely.selectFrom('inbound_messages').select('id').where('organization_id', '=', other.id).execute()).toEqual([]);
  });

  it('refuses a message larger than the limit, and keeps nothing of it', async () => {
    const small = await startInboundSmtp(db, { port: 0, host: '127.0.0.1', now: () => IN_HOURS, maxBytes: 10_000 });
    try {
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: small.port, secure: false, ignoreTLS: true });
      await expect(transport.sendMail({ from: 'ap-c002@example.test', to: INBOUND, subject: 'Too big', text: 'x'.repeat(20_000) })).rejects.toMatchObject({ responseCode: 552 });
    } finally {
      await small.close();
    }
    expect((await inboundOf(`customer_id=${customers.C002}`)).map((message) => message.subject)).not.toContain('Too big');
  });
});
