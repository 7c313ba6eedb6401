/**
 * The sending benchmark: N queued emails (10,000 by default) sent by `sendDueMessages` to a
 * real SMTP server (smtp-server) on localhost, through a pooled nodemailer transport, with a
 * fresh SQLite file (or DATABASE_URL) as the queue. It prints messages per second and checks
 * that every Message-ID arrived exactly once.
 *
 *   npx tsx bench/send-emails.ts [--messages N] [--concurrency N] [--batch N]
 *
 * The figures go by hand into docs/performance.md; nothing here asserts a time.
 */
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { openDatabase } from '../src/adapters/db/database.js';
import { smtpEmailTransport } from '../src/adapters/channels/email/smtp-email-transport.js';
import { transportsFromConfig } from '../src/adapters/channels/transports-from-config.js';
import { createCustomer } from '../src/adapters/db/stores/customers.js';
import { inTransaction } from '../src/adapters/db/stores/in-transaction.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { enqueueMessage } from '../src/app/outbox/enqueue-message.js';
import { sendDueMessages } from '../src/app/outbox/send-due-messages.js';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const messages = option('messages', 10_000);
const concurrency = option('concurrency', 8);
const batch = option('batch', 200);

const received = new Map<string, number>();
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    let head = '';
    stream.on('data', (chunk: Buffer) => {
      if (head.length < 4096) head += chunk.toString('utf8');
    });
    stream.on('end', () => {
      const id = /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1] ?? '';
      received.set(id, (received.get(id) ?? 0) + 1);
      callback();
    });
  },
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address()).port;

const databaseUrl = process.env.DATABASE_URL ?? `sqlite:${join(mkdtempSync(join(tmpdir(), 'relance-bench-')), 'relance.db')}`;
const db = await openDatabase(databaseUrl);
const organization = await createOrganization(db, { name: 'Bench', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr-FR' });
const customer = await createCustomer(db, organization.id, { externalRef: 'B-1', name: 'Bench customer' });

const queuedAt = performance.now();
for (let start = 0; start < messages; start += 1000) {
  await inTransaction(db, async (tx) => {
    for (let n = start; n < Math.min(messages, start + 1000); n += 1) {
      await enqueueMessage(tx, organization.id, {
        actionId: `bench-${n}`,
        customerId: customer.id,
        channel: 'email',
        recipient: { name: 'Accounts payable', email: `ap+${n}@customer.example` },
        sender: { name: 'Bench', email: 'collections@bench.example' },
        subject: `Reminder: invoice F-${n}`,
        text: `Hello, invoice F-${n} of 1,250.00 EUR was due on 2026-02-01. Thank you for settling it.`,
        html: `<p>Hello, invoice <b>F-${n}</b> of 1,250.00 EUR was due on 2026-02-01. Thank you for settling it.</p>`,
        invoiceIds: [],
        notBefore: '2026-01-01T00:00:00Z',
      });
    }
  });
}
const queueSeconds = (performance.now() - queuedAt) / 1000;

const email = smtpEmailTransport({ url: `smtp://127.0.0.1:${port}?pool=true&maxConnections=${concurrency}` });
const transports = { ...transportsFromConfig({ outboxDir: mkdtempSync(join(tmpdir(), 'relance-bench-outbox-')) }), email };
const startedAt = performance.now();
let sent = 0;
for (;;) {
  const summary = await sendDueMessages(db, { now: new Date(), workerId: 'bench', transports, limit: batch, concurrency });
  sent += summary.sent;
  if (summary.claimed === 0) break;
}
const sendSeconds = (performance.now() - startedAt) / 1000;
await email.close?.();
await db.close();
await new Promise<void>((resolve) => server.close(() => resolve()));

const duplicates = [...received.values()].filter((count) => count > 1).length;
console.log(
  JSON.stringify(
    {
      engine: db.engine,
      messages,
      concurrency,
      batch,
      queueSeconds: Number(queueSeconds.toFixed(2)),
      sendSeconds: Number(sendSeconds.toFixed(2)),
      messagesPerSecond: Math.round(sent / sendSeconds),
      sent,
      receivedDistinct: received.size,
      duplicates,
      machine: `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    },
    null,
    2,
  ),
);
