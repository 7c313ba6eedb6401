import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/adapters/db/database.js';
import { enqueueMessage } from '../src/app/outbox/enqueue-message.js';
import { finishSenders, killSendersAtRandom } from './fixtures/outbox/kill-senders.js';
import { emailFor, outboxLedger } from './fixtures/outbox/outbox-ledger.js';
import { startSmtpTestServer } from './fixtures/outbox/smtp-test-server.js';
import { ENGINES, freshDatabaseUrl } from './support/engines.js';
import { evenlySpread } from './support/evenly-spread.js';

// Twelve kills, aimed at evenly spread points of the work rather than at random ones, reach every
// stage of it in each run; the crash soak (bench/crash-soak.ts) draws many more at random.
const KILLS = 12;
// SQLite has one writer at a time; on PostgreSQL two workers share the queue through SKIP LOCKED.
const WORKERS = { sqlite: 1, postgres: 2 } as const;
// Enough mail that the queue is still flowing at the last kill.
const MESSAGES_PER_WORKER = 80;

describe.each(ENGINES)('the sending worker killed at random instants on %s', (engine) => {
  const workers = WORKERS[engine];
  it(`never sends a message twice and loses none across ${KILLS} SIGKILLs and restarts of ${workers === 1 ? 'one worker' : `${workers} workers at once`}`, async () => {
    const messages = MESSAGES_PER_WORKER * workers;
    const databaseUrl = await freshDatabaseUrl(engine);
    const setup = await openDatabase(databaseUrl);
    const { organizationId, customerId } = await outboxLedger(setup);
    for (let n = 1; n <= messages; n += 1) {
      await enqueueMessage(setup, organizationId, emailFor(customerId, n, { notBefore: '2020-01-01T00:00:00Z' }));
    }
    await setup.close();
    // A slow server widens the window between "handed to the transport" and "marked sent".
    const smtp = await startSmtpTestServer(() => 'accept', { answerDelayMs: 15 });

    const kills = await killSendersAtRandom({ databaseUrl, smtpUrl: smtp.url, received: smtp.received, workers, kills: KILLS, windowMs: 400, random: evenlySpread() });
    for (const worker of kills.finished) expect(worker).toEqual({ code: 0, stderr: '' });
    for (const worker of await finishSenders(databaseUrl, smtp.url, workers)) expect(worker).toMatchObject({ code: 0, stderr: '' });
    await smtp.close();

    const db = await openDatabase(databaseUrl);
    const rows = await db.kysely.selectFrom('outbox_messages').selectAll().execute();
    await db.close();

    // The kills must land while mail is flowing, or the test proves nothing.
    expect(kills.killed).toBeGreaterThanOrEqual(KILLS);
    expect(kills.killedMidBatch).toBeGreaterThanOrEqual(KILLS / 2);
    const received = smtp.received.map((m) => m.messageId);
    expect(received.filter((id, at) => received.indexOf(id) !== at)).toEqual([]);
    expect(rows).toHaveLength(messages);
    for (const row of rows) {
      expect(['sent', 'unknown']).toContain(row.status);
      // A message marked sent did arrive; one that arrived is sent or waits for a person.
      if (row.status === 'sent') expect(received).toContain(row.message_id);
      if (row.status === 'unknown') expect(row.last_error).toBeTruthy();
    }
    for (const id of received) expect(rows.find((r) => r.message_id === id)).toBeDefined();
  }, 300_000);
});
