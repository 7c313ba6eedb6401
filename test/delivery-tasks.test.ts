import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { listTasks } from '../src/adapters/db/stores/collection-tasks.js';
import { listOutboxMessages } from '../src/adapters/db/stores/outbox.js';
import { smtpEmailTransport } from '../src/adapters/channels/email/smtp-email-transport.js';
import { transportsFromConfig } from '../src/adapters/channels/transports-from-config.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import { sendCollectionMessages } from '../src/app/collection/send-collection-messages.js';
import { retryOutboxMessage } from '../src/app/outbox/retry-outbox-message.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { startSmtpTestServer, type DataVerdict, type SmtpTestServer } from './fixtures/outbox/smtp-test-server.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';

// Friday 16 May 2025, 10:00 and 11:00 in Paris: inside business hours.
const FRIDAY_10 = new Date('2025-05-16T08:00:00Z');
const FRIDAY_11 = new Date('2025-05-16T09:00:00Z');

describe.each(ENGINES)('a message a person must look at, on %s', (engine) => {
  let db: Db;
  let org: OrganizationRow;
  let smtp: SmtpTestServer | undefined;

  beforeEach(async () => {
    db = await freshDatabase(engine);
    org = await collectionOrganization(db);
    await customerWithInvoices(db, org.id, 'DUBOIS', [['F-1', '2025-05-10', 120_000]]);
    // The courteous reminder (D+3) is queued for 09:00.
    await runCollection(db, org, { asOf: '2025-05-16' as PlainDate, now: new Date('2025-05-16T05:00:00Z'), send: false });
  });
  afterEach(async () => {
    await smtp?.close();
    smtp = undefined;
    await db.close();
  });

  async function sendThrough(verdict: (attempt: number) => DataVerdict, now: Date) {
    smtp ??= await startSmtpTestServer(verdict);
    const transports = { ...transportsFromConfig({ outboxDir: mkdtempSync(join(tmpdir(), 'relance-delivery-')) }), email: smtpEmailTransport({ url: smtp.url }) };
    return sendCollectionMessages(db, org, { now, workerId: 'w1', transports });
  }

  const deliveryTasks = async () => listTasks(db, org.id, { kind: 'delivery' });

  it('gives a collector one task per refusal, naming the customer, the address and the error', async () => {
    const summary = await sendThrough(() => ({ code: 550, message: 'No such mailbox' }), FRIDAY_10);
    expect(summary.failed).toBe(1);
    const [task, ...others] = await deliveryTasks();
    expect(others).toEqual([]);
    expect(task).toMatchObject({ status: 'open', due_on: '2025-05-16', title_en: 'The email to Customer DUBOIS (ap-dubois@example.test) was refused' });
    expect(task!.title_fr).toBe("L'e-mail à Customer DUBOIS (ap-dubois@example.test) a été refusé");
    expect(task!.detail).toMatch(/No such mailbox/);
    expect(task!.action_id).not.toBeNull();

    // Another pass, or a second worker, opens nothing more.
    await sendThrough(() => ({ code: 550, message: 'No such mailbox' }), FRIDAY_11);
    expect(await deliveryTasks()).toHaveLength(1);

    // Retried after the contact was corrected, refused again: a new failure, a new task.
    const [failed] = await listOutboxMessages(db, org.id, { status: 'failed' });
    await retryOutboxMessage(db, org.id, failed!.id, FRIDAY_11);
    await sendThrough(() => ({ code: 550, message: 'No such mailbox' }), new Date('2025-05-16T09:30:00Z'));
    expect(await deliveryTasks()).toHaveLength(2);
  });

  it('asks a person to check a message whose fate is unknown, and does not send it again', async () => {
    const summary = await sendThrough(() => 'drop', FRIDAY_10);
    expect(summary.unknown).toBe(1);
    const tasks = await deliveryTasks();
    expect(tasks.map((task) => task.title_en)).toEqual(['Check whether the email to Customer DUBOIS (ap-dubois@example.test) arrived']);
    expect(tasks[0]!.detail).toMatch(/Message-ID/);
    await sendThrough(() => 'accept', FRIDAY_11);
    expect(smtp!.received).toHaveLength(1);
    expect(await deliveryTasks()).toHaveLength(1);
  });
});
