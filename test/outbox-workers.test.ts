import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/adapters/db/database.js';
import { smtpEmailTransport } from '../src/adapters/channels/email/smtp-email-transport.js';
import { transportsFromConfig } from '../src/adapters/channels/transports-from-config.js';
import { enqueueMessage } from '../src/app/outbox/enqueue-message.js';
import { sendDueMessages } from '../src/app/outbox/send-due-messages.js';
import { ENGINES, freshDatabaseUrl } from './support/engines.js';
import { emailFor, outboxLedger } from './fixtures/outbox/outbox-ledger.js';
import { startSmtpTestServer } from './fixtures/outbox/smtp-test-server.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MESSAGES = 120;

describe.each(ENGINES)('two sending workers at once on %s', (engine) => {
  it('send every message exactly once between them', async () => {
    const url = await freshDatabaseUrl(engine);
    const setup = await openDatabase(url);
    const { organizationId, customerId } = await outboxLedger(setup);
    for (let n = 1; n <= MESSAGES; n += 1) await enqueueMessage(setup, organizationId, emailFor(customerId, n));
    const smtp = await startSmtpTestServer(() => 'accept', { answerDelayMs: 2 });
    const now = new Date('2026-03-02T09:00:00Z');

    // Each worker has its own connection pool, as two processes would.
    const work = async (workerId: string): Promise<number> => {
      const db: Db = await openDatabase(url, { migrate: false });
      const transports = { ...transportsFromConfig({ outboxDir: mkdtempSync(join(tmpdir(), 'relance-outbox-')) }), email: smtpEmailTransport({ url: smtp.url }) };
      let sent = 0;
      try {
        for (;;) {
          const summary = await sendDueMessages(db, { now, workerId, transports, limit: 4 });
          sent += summary.sent;
          if (summary.claimed === 0) return sent;
        }
      } finally {
        await transports.email.close?.();
        await db.close();
      }
    };
    const [a, b] = await Promise.all([work('worker-a'), work('worker-b')]);
    await smtp.close();

    const received = smtp.received.map((m) => m.messageId);
    expect(new Set(received).size).toBe(received.length);
    expect(received).toHaveLength(MESSAGES);
    expect(a + b).toBe(MESSAGES);
    // Both took part, or the test did not exercise concurrent claims.
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    const statuses = await setup.kysely.selectFrom('outbox_messages').select('status').distinct().execute();
    expect(statuses.map((s) => s.status)).toEqual(['sent']);
    await setup.close();
  });
});
