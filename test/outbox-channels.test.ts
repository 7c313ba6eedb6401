import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createInvoice, createPayment, insertAllocation } from '../src/adapters/db/stores/documents.js';
import { findOutboxMessage } from '../src/adapters/db/stores/outbox.js';
import { pdfWords } from '../src/adapters/channels/pdf-words.test-support.js';
import { transportsFromConfig } from '../src/adapters/channels/transports-from-config.js';
import { enqueueMessage } from '../src/app/outbox/enqueue-message.js';
import { messageIdFor } from '../src/app/outbox/message-id.js';
import { sendDueMessages } from '../src/app/outbox/send-due-messages.js';
import { ENGINES, freshDatabase } from './support/engines.js';
import { emailFor, outboxLedger } from './fixtures/outbox/outbox-ledger.js';

const MONDAY_9AM = new Date('2026-03-02T09:00:00Z');

interface SmsRequest {
  authorization: string | undefined;
  idempotencyKey: string | undefined;
  body: { to: string; from: string; text: string; reference: string };
}

/** A real HTTP server standing in for the SMS provider; `answer` picks the status per request. */
async function startSmsProvider(answer: (n: number) => number): Promise<{ url: string; requests: SmsRequest[]; server: Server }> {
  const requests: SmsRequest[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    requests.push({ authorization: req.headers.authorization, idempotencyKey: req.headers['idempotency-key'] as string | undefined, body: JSON.parse(body) });
    const status = answer(requests.length);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(status < 300 ? JSON.stringify({ id: `sms-${requests.length}` }) : JSON.stringify({ error: 'nope' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/messages`, requests, server };
}

/** A PDF's text pieces, one per line. */
async function pdfText(path: string): Promise<string> {
  return (await pdfWords(readFileSync(path))).join('\n');
}

describe.each(ENGINES)('outbox channels on %s', (engine) => {
  let db: Db;
  let organizationId: string;
  let customerId: string;
  let outboxDir: string;
  let servers: Server[] = [];

  beforeEach(async () => {
    db = await freshDatabase(engine);
    ({ organizationId, customerId } = await outboxLedger(db));
    outboxDir = mkdtempSync(join(tmpdir(), 'relance-outbox-'));
  });
  afterEach(async () => {
    for (const server of servers) server.close();
    servers = [];
    await db.close();
  });

  it('sends an SMS through the HTTP provider with the bearer token and the message id as idempotency key', async () => {
    const provider = await startSmsProvider(() => 201);
    servers.push(provider.server);
    const { id } = await enqueueMessage(db, organizationId, emailFor(customerId, 1, { channel: 'sms', recipient: { phone: '+33612345678' }, text: 'Facture F-1 échue.' }));
    const transports = transportsFromConfig({ outboxDir, smsProviderUrl: provider.url, smsProviderToken: 'secret-token' });
    expect((await sendDueMessages(db, { now: MONDAY_9AM, workerId: 'w1', transports })).sent).toBe(1);
    expect(provider.requests).toEqual([
      {
        authorization: 'Bearer secret-token',
        idempotencyKey: messageIdFor(id),
        body: { to: '+33612345678', from: 'Atelier Morel', text: 'Facture F-1 échue.', reference: messageIdFor(id) },
      },
    ]);
    expect(await findOutboxMessage(db, organizationId, id)).toMatchObject({ status: 'sent', provider_message_id: 'sms-1' });
  });

  it('retries an SMS the provider refuses for now (503) and fails one it rejects (400)', async () => {
    const provider = await startSmsProvider((n) => (n === 1 ? 503 : 400));
    servers.push(provider.server);
    const { id } = await enqueueMessage(db, organizationId, emailFor(customerId, 1, { channel: 'sms', recipient: { phone: '+33612345678' } }));
    const transports = transportsFromConfig({ outboxDir, smsProviderUrl: provider.url, smsProviderToken: 't' });
    expect((await sendDueMessages(db, { now: MONDAY_9AM, workerId: 'w1', transports })).retried).toBe(1);
    const later = new Date('2026-03-02T10:00:00Z');
    expect((await sendDueMessages(db, { now: later, workerId: 'w1', transports })).failed).toBe(1);
    expect(await findOutboxMessage(db, organizationId, id)).toMatchObject({ status: 'failed', attempts: 2 });
    expect((await findOutboxMessage(db, organizationId, id))!.last_error).toMatch(/400/);
  });

  it('keeps an email as an .eml file when no SMTP server is configured', async () => {
    const { id } = await enqueueMessage(db, organizationId, emailFor(customerId, 7));
    const summary = await sendDueMessages(db, { now: MONDAY_9AM, workerId: 'w1', transports: transportsFromConfig({ outboxDir }) });
    expect(summary.kept).toBe(1);
    const row = (await findOutboxMessage(db, organizationId, id))!;
    expect(row.status).toBe('kept');
    expect(row.document_path).toBe(join(outboxDir, organizationId, `${id}.eml`));
    const eml = readFileSync(row.document_path!, 'utf8');
    expect(eml).toMatch(new RegExp(`^Message-ID: ${messageIdFor(id)}`, 'm'));
    expect(eml).toMatch(/^To: Claire Dubois <compta\+7@dubois\.example>/m);
    expect(eml).toContain('<strong>F-7</strong>');
  });

  it('writes a registered letter as a PDF listing the open invoices with their outstanding amounts and total', async () => {
    const a = await createInvoice(db, organizationId, { customerId, number: 'F-2026-011', issueDate: '2026-01-05', dueDate: '2026-02-04', currency: 'EUR', amountMinor: 120000 });
    const b = await createInvoice(db, organizationId, { customerId, number: 'F-2026-019', issueDate: '2026-01-12', dueDate: '2026-02-11', currency: 'EUR', amountMinor: 45050 });
    const payment = await createPayment(db, organizationId, { customerId, reference: 'VIR-1', receivedOn: '2026-02-20', currency: 'EUR', amountMinor: 20000 });
    await insertAllocation(db, organizationId, { invoiceId: a.id, paymentId: payment.id, amountMinor: 20000, allocatedOn: '2026-02-20' });
    const { id } = await enqueueMessage(db, organizationId, {
      ...emailFor(customerId, 3),
      channel: 'registered_letter',
      recipient: { name: 'Boulangerie Dubois', postalAddress: '4 place du Marché\n38000 Grenoble' },
      subject: 'Mise en demeure de payer',
      text: 'Malgré nos relances, les factures ci-dessous restent impayées.',
      invoiceIds: [a.id, b.id],
    });
    const summary = await sendDueMessages(db, { now: MONDAY_9AM, workerId: 'w1', transports: transportsFromConfig({ outboxDir }) });
    expect(summary.kept).toBe(1);
    const row = (await findOutboxMessage(db, organizationId, id))!;
    expect(row.status).toBe('kept');
    expect(row.last_error).toMatch(/ready to print and post/);
    const text = await pdfText(row.document_path!);
    expect(text).toContain('Mise en demeure de payer');
    expect(text).toContain('Lettre recommandée avec accusé de réception');
    expect(text).toContain('Boulangerie Dubois');
    expect(text).toContain('38000 Grenoble');
    expect(text).toContain('12 rue des Lilas');
    expect(text).toContain('2 mars 2026');
    // 1 200,00 − 200,00 paid = 1 000,00 open; plus 450,50: 1 450,50 in all, written the French way.
    expect(text).toMatch(/F-2026-011\s+RF\d{2} \d+\s+05\/01\/2026\s+04\/02\/2026\s+1\s200,00\s€\s+1\s000,00\s€/);
    expect(text).toMatch(/F-2026-019\s+RF\d{2} \d+\s+12\/01\/2026\s+11\/02\/2026\s+450,50\s€\s+450,50\s€/);
    expect(text).toMatch(/Total restant dû\s+1\s450,50\s€/);
  });
});
