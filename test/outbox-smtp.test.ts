import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { claimDueMessages, findOutboxMessage, recordTransportCall } from '../src/adapters/db/stores/outbox.js';
import type { OutboxMessageRow } from '../src/adapters/db/schema.js';
import { smtpEmailTransport } from '../src/adapters/channels/email/smtp-email-transport.js';
import { transportsFromConfig } from '../src/adapters/channels/transports-from-config.js';
import { enqueueMessage } from '../src/app/outbox/enqueue-message.js';
import { messageIdFor } from '../src/app/outbox/message-id.js';
import { sendDueMessages } from '../src/app/outbox/send-due-messages.js';
import { inTransaction } from '../src/adapters/db/stores/in-transaction.js';
import { createInvoice, createPayment, insertAllocation } from '../src/adapters/db/stores/documents.js';
import { ENGINES, freshDatabase } from './support/engines.js';
import { emailFor, outboxLedger } from './fixtures/outbox/outbox-ledger.js';
import { startSmtpTestServer, type DataVerdict, type SmtpTestServer } from './fixtures/outbox/smtp-test-server.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MONDAY_9AM = new Date('2026-03-02T09:00:00Z');

describe.each(ENGINES)('outbox over SMTP on %s', (engine) => {
  let db: Db;
  let smtp: SmtpTestServer | undefined;
  let organizationId: string;
  let customerId: string;

  beforeEach(async () => {
    db = await freshDatabase(engine);
    ({ organizationId, customerId } = await outboxLedger(db));
  });
  afterEach(async () => {
    await smtp?.close();
    smtp = undefined;
    await db.close();
  });

  function transports(url: string) {
    return { ...transportsFromConfig({ outboxDir: mkdtempSync(join(tmpdir(), 'relance-outbox-')) }), email: smtpEmailTransport({ url }) };
  }

  async function serve(verdict?: (attempt: number) => DataVerdict) {
    smtp = await startSmtpTestServer(verdict);
    return smtp;
  }

  it('delivers HTML and plain text with a Message-ID derived from the outbox row', async () => {
    const server = await serve();
    const statement = Buffer.from('%PDF-1.4 statement of account');
    const { id, created } = await enqueueMessage(
      db,
      organizationId,
      emailFor(customerId, 1, { attachments: [{ filename: 'releve-C-001.pdf', contentType: 'application/pdf', contentBase64: statement.toString('base64') }] }),
    );
    expect(created).toBe(true);
    const summary = await sendDueMessages(db, { now: MONDAY_9AM, workerId: 'w1', transports: transports(server.url) });
    expect(summary).toMatchObject({ claimed: 1, sent: 1 });
    expect(server.received).toHaveLength(1);
    const mail = server.received[0]!;
    expect(mail.messageId).toBe(messageIdFor(id));
    expect(mail.to).toEqual(['compta+1@dubois.example']);
    expect(mail.raw).toMatch(/^Content-Type: multipart\/alternative/im);
    expect(mail.raw).toMatch(/Content-Type: text\/plain/i);
    expect(mail.raw).toMatch(/Content-Type: text\/html/i);
    expect(mail.raw).toMatch(/^Reply-To: compta@morel\.example/im);
    expect(mail.raw).toContain('<strong>F-1</strong>');
    expect(mail.raw).toMatch(/Content-Disposition: attachment; filename=releve-C-001\.pdf/i);
    expect(mail.raw.replace(/\r?\n/g, '')).toContain(statement.toString('base64'));
    const row = await findOutboxMessage(db, organizationId, id);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, sent_at: MONDAY_9AM.toISOString() });
  });

  it('queues a message once per action and channel, even inside a transaction', async () => {
    const first = await inTransaction(db, (tx) => enqueueMessage(tx, organizationId, emailFor(customerId, 1)));
    const second = await inTransaction(db, (tx) => enqueueMessage(tx, organizationId, emailFor(customerId, 1, { subject: 'changed' })));
    expect(second).toEqual({ id: first.id, created: false });
    const sms = await enqueueMessage(db, organizationId, emailFor(customerId, 1, { channel: 'sms', recipient: { phone: '+33600000000' } }));
    expect(sms.created).toBe(true);
  });

  it('does not send before the business-hours slot it was given', async () => {
    const server = await serve();
    await enqueueMessage(db, organizationId, emailFor(customerId, 1, { notBefore: '2026-03-02T10:30:00+01:00' }));
    expect((await sendDueMessages(db, { now: MONDAY_9AM, workerId: 'w1', transports: transports(server.url) })).claimed).toBe(0);
    const later = new Date('2026-03-02T09:30:00Z');
    expect((await sendDueMessages(db, { now: later, workerId: 'w1', transports: transports(server.url) })).sent).toBe(1);
    expect(server.received).toHaveLength(1);
  });

  it('retries a transient refusal (451) with growing delays, then sends it exactly once', async () => {
    const server = await serve((attempt) => (attempt <= 3 ? { code: 451, message: 'Greylisted, try later' } : 'accept'));
    const { id } = await enqueueMessage(db, organizationId, emailFor(customerId, 1));
    const t = transports(server.url);
    let now = MONDAY_9AM;
    const waits: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      expect((await sendDueMessages(db, { now, workerId: 'w1', transports: t })).retried).toBe(1);
      const row = (await findOutboxMessage(db, organizationId, id))!;
      expect(row.status).toBe('queued');
      expect(row.last_error).toMatch(/Greylisted/);
      // Not due again right away.
      expect((await sendDueMessages(db, { now, workerId: 'w1', transports: t })).claimed).toBe(0);
      const next = new Date(row.next_attempt_at);
      waits.push(next.getTime() - now.getTime());
      now = next;
    }
    expect(waits[1]).toBeGreaterThan(waits[0]!);
    expect(waits[2]).toBeGreaterThan(waits[1]!);
    expect((await sendDueMessages(db, { now, workerId: 'w1', transports: t })).sent).toBe(1);
    expect(server.received.map((m) => m.messageId)).toEqual([messageIdFor(id)]);
    expect(await findOutboxMessage(db, organizationId, id)).toMatchObject({ status: 'sent', attempts: 4 });
  });

  it('marks a permanent refusal (550) as failed and tells the permanent-failure hook', async () => {
    const server = await serve(() => ({ code: 550, message: 'Mailbox unavailable' }));
    const { id } = await enqueueMessage(db, organizationId, emailFor(customerId, 1));
    const failures: { message: OutboxMessageRow; error: string }[] = [];
    const summary = await sendDueMessages(db, {
      now: MONDAY_9AM,
      workerId: 'w1',
      transports: transports(server.url),
      onPermanentFailure: async (message, error) => {
        failures.push({ message, error });
      },
    });
    expect(summary.failed).toBe(1);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.message.id).toBe(id);
    expect(failures[0]!.error).toMatch(/Mailbox unavailable/);
    expect(await findOutboxMessage(db, organizationId, id)).toMatchObject({ status: 'failed', failure_kind: 'permanent' });
    expect((await sendDueMessages(db, { now: new Date('2026-03-03T09:00:00Z'), workerId: 'w1', transports: transports(server.url) })).claimed).toBe(0);
  });

  it('marks a message "unknown" when the server drops the connection after the data, and never resends it', async () => {
    const server = await serve(() => 'drop');
    const { id } = await enqueueMessage(db, organizationId, emailFor(customerId, 1));
    const unknown: string[] = [];
    const summary = await sendDueMessages(db, {
      now: MONDAY_9AM,
      workerId: 'w1',
      transports: transports(server.url),
      onOutcomeUnknown: async (message) => {
        unknown.push(message.id);
      },
    });
    expect(summary.unknown).toBe(1);
    expect(unknown).toEqual([id]);
    expect(await findOutboxMessage(db, organizationId, id)).toMatchObject({ status: 'unknown', failure_kind: 'unknown' });
    const again = await sendDueMessages(db, { now: new Date('2026-03-03T09:00:00Z'), workerId: 'w2', transports: transports(server.url) });
    expect(again.claimed).toBe(0);
    expect(server.received).toHaveLength(1);
  });

  it('retries, without marking it unknown, when the server cannot be reached at all', async () => {
    const server = await serve();
    const url = server.url;
    await server.close();
    smtp = undefined;
    const { id } = await enqueueMessage(db, organizationId, emailFor(customerId, 1));
    expect((await sendDueMessages(db, { now: MONDAY_9AM, workerId: 'w1', transports: transports(url) })).retried).toBe(1);
    expect(await findOutboxMessage(db, organizationId, id)).toMatchObject({ status: 'queued' });
  });

  it('cancels a message when the last check says it is no longer due', async () => {
    const server = await serve();
    const { id } = await enqueueMessage(db, organizationId, emailFor(customerId, 1));
    const summary = await sendDueMessages(db, {
      now: MONDAY_9AM,
      workerId: 'w1',
      transports: transports(server.url),
      beforeSend: async () => ({ send: false, reason: 'the invoices were paid meanwhile' }),
    });
    expect(summary.cancelled).toBe(1);
    expect(server.received).toHaveLength(0);
    expect(await findOutboxMessage(db, organizationId, id)).toMatchObject({ status: 'cancelled', last_error: 'the invoices were paid meanwhile', attempts: 0 });
  });

  it('requeues the messages of a dead worker that never reached the channel, and flags the one it was handing over', async () => {
    const server = await serve();
    const first = await enqueueMessage(db, organizationId, emailFor(customerId, 1));
    const second = await enqueueMessage(db, organizationId, emailFor(customerId, 2));
    // A worker claims both, reaches the channel for the first, then dies.
    const claimed = await claimDueMessages(db, { now: MONDAY_9AM.toISOString(), workerId: 'dead', claimedUntil: '2026-03-02T09:05:00.000Z', limit: 10 });
    expect(claimed.map((m) => m.id).sort()).toEqual([first.id, second.id].sort());
    expect(await recordTransportCall(db, first.id, 'dead', MONDAY_9AM.toISOString())).toBe(true);

    // While the claim holds, nobody else touches them.
    const during = await sendDueMessages(db, { now: new Date('2026-03-02T09:04:00Z'), workerId: 'w2', transports: transports(server.url) });
    expect(during.claimed).toBe(0);

    const flagged: string[] = [];
    const after = await sendDueMessages(db, {
      now: new Date('2026-03-02T09:06:00Z'),
      workerId: 'w2',
      transports: transports(server.url),
      onOutcomeUnknown: async (message) => {
        flagged.push(message.id);
      },
    });
    expect(after).toMatchObject({ requeued: 1, unknown: 1, sent: 1 });
    expect(flagged).toEqual([first.id]);
    expect(await findOutboxMessage(db, organizationId, first.id)).toMatchObject({ status: 'unknown', failure_kind: 'expired_claim' });
    expect(await findOutboxMessage(db, organizationId, second.id)).toMatchObject({ status: 'sent' });
    expect(server.received.map((m) => m.messageId)).toEqual([messageIdFor(second.id)]);
  });

  it('does not send a reminder whose invoices were all paid after it was queued, but sends one still partly due', async () => {
    const server = await serve();
    const paid = await createInvoice(db, organizationId, { customerId, number: 'F-10', issueDate: '2026-01-05', dueDate: '2026-02-04', currency: 'EUR', amountMinor: 50000 });
    const partly = await createInvoice(db, organizationId, { customerId, number: 'F-11', issueDate: '2026-01-05', dueDate: '2026-02-04', currency: 'EUR', amountMinor: 30000 });
    const aboutPaid = await enqueueMessage(db, organizationId, emailFor(customerId, 10, { invoiceIds: [paid.id] }));
    const aboutBoth = await enqueueMessage(db, organizationId, emailFor(customerId, 11, { invoiceIds: [paid.id, partly.id] }));
    const payment = await createPayment(db, organizationId, { customerId, reference: 'VIR-9', receivedOn: '2026-02-28', currency: 'EUR', amountMinor: 60000 });
    await insertAllocation(db, organizationId, { invoiceId: paid.id, paymentId: payment.id, amountMinor: 50000, allocatedOn: '2026-02-28' });
    await insertAllocation(db, organizationId, { invoiceId: partly.id, paymentId: payment.id, amountMinor: 10000, allocatedOn: '2026-02-28' });

    const summary = await sendDueMessages(db, { now: MONDAY_9AM, workerId: 'w1', transports: transports(server.url) });
    expect(summary).toMatchObject({ sent: 1, cancelled: 1 });
    expect(await findOutboxMessage(db, organizationId, aboutPaid.id)).toMatchObject({ status: 'cancelled' });
    expect(server.received.map((m) => m.messageId)).toEqual([messageIdFor(aboutBoth.id)]);
  });
});
