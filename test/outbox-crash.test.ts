import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/adapters/db/database.js';
import { enqueueMessage } from '../src/app/outbox/enqueue-message.js';
import { emailFor, outboxLedger } from './fixtures/outbox/outbox-ledger.js';
import { startSmtpTestServer } from './fixtures/outbox/smtp-test-server.js';

const root = join(import.meta.dirname, '..');
const MESSAGES = 60;
const KILLS = 20;

function startWorker(databaseUrl: string, smtpUrl: string, workerId: string) {
  const child = spawn('node', ['--import', 'tsx', join(root, 'test/fixtures/outbox/send-worker.ts'), databaseUrl, smtpUrl, workerId], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, OUTBOX_DIR: mkdtempSync(join(tmpdir(), 'relance-outbox-')) },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = new Promise<void>((resolve) => child.stdout.on('data', () => resolve()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, ready, exited };
}

describe('the sending worker killed at random instants', () => {
  it(`never sends a message twice and loses none across ${KILLS} SIGKILLs and restarts`, async () => {
    const databaseUrl = `sqlite:${join(mkdtempSync(join(tmpdir(), 'relance-crash-')), 'relance.db')}`;
    const setup = await openDatabase(databaseUrl);
    const { organizationId, customerId } = await outboxLedger(setup);
    for (let n = 1; n <= MESSAGES; n += 1) {
      await enqueueMessage(setup, organizationId, emailFor(customerId, n, { notBefore: '2020-01-01T00:00:00Z' }));
    }
    await setup.close();
    // A slow server widens the window between "handed to the transport" and "marked sent".
    const smtp = await startSmtpTestServer(() => 'accept', { answerDelayMs: 15 });

    let killed = 0;
    let killedMidBatch = 0;
    for (let run = 0; run < KILLS; run += 1) {
      const worker = startWorker(databaseUrl, smtp.url, `worker-${run}`);
      let timer: NodeJS.Timeout | undefined;
      void worker.ready.then(() => {
        timer = setTimeout(() => worker.child.kill('SIGKILL'), Math.floor(Math.random() * 400));
      });
      const before = smtp.received.length;
      const exit = await worker.exited;
      clearTimeout(timer);
      if (exit.signal === 'SIGKILL') killed += 1;
      if (exit.signal === 'SIGKILL' && smtp.received.length > before) killedMidBatch += 1;
      else expect(exit.stderr).toBe('');
    }
    const last = await startWorker(databaseUrl, smtp.url, 'worker-final').exited;
    expect(last.stderr).toBe('');
    expect(last.code).toBe(0);
    await smtp.close();

    const db = await openDatabase(databaseUrl);
    const rows = await db.kysely.selectFrom('outbox_messages').selectAll().execute();
    await db.close();

    // The kills must land while mail is flowing, or the test proves nothing.
    expect(killed).toBeGreaterThanOrEqual(KILLS / 2);
    expect(killedMidBatch).toBeGreaterThan(0);
    const received = smtp.received.map((m) => m.messageId);
    expect(new Set(received).size).toBe(received.length);
    expect(rows).toHaveLength(MESSAGES);
    for (const row of rows) {
      expect(['sent', 'unknown']).toContain(row.status);
      // A message marked sent did arrive; one that arrived is sent or waits for a person.
      if (row.status === 'sent') expect(received).toContain(row.message_id);
      if (row.status === 'unknown') expect(row.last_error).toBeTruthy();
    }
    for (const id of received) expect(rows.find((r) => r.message_id === id)).toBeDefined();
  }, 240_000);
});
