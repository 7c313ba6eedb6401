import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { smtpEmailTransport } from '../src/adapters/channels/email/smtp-email-transport.js';
import { transportsFromConfig } from '../src/adapters/channels/transports-from-config.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { enqueueMessage } from '../src/app/outbox/enqueue-message.js';
import { messageIdFor } from '../src/app/outbox/message-id.js';
import { sendDueMessages } from '../src/app/outbox/send-due-messages.js';
import { buildApp } from '../src/http/build-app.js';
import { signIn, type ApiCaller } from './support/api-session.js';
import { ENGINES, freshDatabase } from './support/engines.js';
import { emailFor, outboxLedger } from './fixtures/outbox/outbox-ledger.js';
import { startSmtpTestServer, type SmtpTestServer } from './fixtures/outbox/smtp-test-server.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MONDAY_9AM = new Date('2026-03-02T09:00:00Z');
const PASSWORD = 'correct horse battery';

describe.each(ENGINES)('outbox API on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let smtp: SmtpTestServer;
  let organizationId: string;
  let customerId: string;
  let collector: ApiCaller;
  let viewer: ApiCaller;

  beforeEach(async () => {
    db = await freshDatabase(engine);
    ({ organizationId, customerId } = await outboxLedger(db));
    await createUser(db, organizationId, { email: 'collector@morel.test', name: 'Collector', password: PASSWORD, role: 'collector' });
    await createUser(db, organizationId, { email: 'viewer@morel.test', name: 'Viewer', password: PASSWORD, role: 'viewer' });
    app = await buildApp({ db, now: () => MONDAY_9AM });
    await app.ready();
    collector = await signIn(app, 'collector@morel.test', PASSWORD);
    viewer = await signIn(app, 'viewer@morel.test', PASSWORD);
    // The first message is refused for good, the others accepted.
    smtp = await startSmtpTestServer((attempt) => (attempt === 1 ? { code: 550, message: 'No such mailbox' } : 'accept'));
  });
  afterEach(async () => {
    await smtp.close();
    await app.close();
    await db.close();
  });

  const send = (now = MONDAY_9AM) =>
    sendDueMessages(db, {
      now,
      workerId: 'w1',
      transports: { ...transportsFromConfig({ outboxDir: mkdtempSync(join(tmpdir(), 'relance-outbox-')) }), email: smtpEmailTransport({ url: smtp.url }) },
    });

  it('lists the messages that need a person, shows one with its text and HTML, and serves it as .eml', async () => {
    const failed = await enqueueMessage(db, organizationId, emailFor(customerId, 1));
    await send();
    await enqueueMessage(db, organizationId, emailFor(customerId, 2, { notBefore: '2026-03-03T08:00:00Z' }));

    const attention = (await viewer.get('/api/outbox?status=failed')).json();
    expect(attention.items.map((m: { id: string }) => m.id)).toEqual([failed.id]);
    expect(attention.items[0]).toMatchObject({ needs_attention: true, channel: 'email', customer: { reference: 'C-001' } });
    expect(attention.items[0].last_error).toMatch(/No such mailbox/);
    expect((await viewer.get('/api/outbox?channel=sms')).json().items).toEqual([]);
    expect((await viewer.get('/api/outbox')).json().items).toHaveLength(2);

    const detail = (await viewer.get(`/api/outbox/${failed.id}`)).json();
    expect(detail).toMatchObject({ text: 'Bonjour, la facture F-1 reste à régler.', message_id: messageIdFor(failed.id), status: 'failed' });
    expect(detail.html).toContain('<strong>F-1</strong>');

    const eml = await viewer.get(`/api/outbox/${failed.id}/document`);
    expect(eml.statusCode).toBe(200);
    expect(eml.headers['content-type']).toMatch(/^message\/rfc822/);
    expect(eml.body).toMatch(new RegExp(`^Message-ID: ${messageIdFor(failed.id)}`, 'm'));
  });

  it('lets a collector retry a failed message, which then goes out once', async () => {
    const { id } = await enqueueMessage(db, organizationId, emailFor(customerId, 1));
    await send();
    expect((await viewer.post(`/api/outbox/${id}/retry`)).statusCode).toBe(403);
    const retried = await collector.post(`/api/outbox/${id}/retry`);
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ status: 'queued', attempts: 0, last_error: null });
    expect((await send()).sent).toBe(1);
    expect(smtp.received.map((m) => m.messageId)).toEqual([messageIdFor(id)]);
    const again = await collector.post(`/api/outbox/${id}/retry`);
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toMatch(/a sent message cannot be retried/);
  });

  it('lets a collector cancel a queued message, which is then never sent', async () => {
    const { id } = await enqueueMessage(db, organizationId, emailFor(customerId, 1, { notBefore: '2026-03-02T10:00:00Z' }));
    const cancelled = await collector.post(`/api/outbox/${id}/cancel`, { reason: 'customer phoned: paid today' });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', last_error: 'customer phoned: paid today' });
    expect((await send(new Date('2026-03-02T11:00:00Z'))).claimed).toBe(0);
    expect(smtp.received).toHaveLength(0);
  });
});
