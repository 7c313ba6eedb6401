import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { transportsFromConfig } from '../src/adapters/channels/transports-from-config.js';
import type { Db } from '../src/adapters/db/database.js';
import type { OrganizationRow, WebhookDeliveryRow } from '../src/adapters/db/schema.js';
import { insertTaskOnce } from '../src/adapters/db/stores/collection-tasks.js';
import { deleteWebhookEndpoint } from '../src/adapters/db/stores/webhooks.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import { createWebhookEndpoint } from '../src/app/webhooks/create-webhook-endpoint.js';
import { deliverDueWebhooks } from '../src/app/webhooks/deliver-due-webhooks.js';
import { emitEvent } from '../src/app/webhooks/emit-event.js';
import { verifyWebhookSignature } from '../src/app/webhooks/sign-webhook-payload.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';

interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A real receiver on 127.0.0.1: records every post and answers with the next queued status (200 when none). */
async function startReceiver() {
  const received: Received[] = [];
  const statuses: number[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(statuses.shift() ?? 200, { 'content-type': 'text/plain' });
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, statuses, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

// The receiver listens on 127.0.0.1, which only the operator's switch lets webhooks reach.
const LOCAL_RECEIVER = { allowPrivateAddresses: true };
const AS_OF = '2025-05-16' as PlainDate;
const IN_HOURS = new Date('2025-05-16T08:00:00Z');
const later = (from: Date, seconds: number) => new Date(from.getTime() + seconds * 1000);

describe.each(ENGINES)('webhook deliveries on %s', (engine) => {
  let db: Db;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let alpha: OrganizationRow;
  let bravo: OrganizationRow;
  let alphaSecret: string;
  let alphaEndpointId: string;

  async function deliveriesOf(endpointId: string): Promise<WebhookDeliveryRow[]> {
    return db.kysely.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId).orderBy('created_at').execute();
  }

  beforeAll(async () => {
    db = await freshDatabase(engine);
    receiver = await startReceiver();
    alpha = await collectionOrganization(db, 'Atelier Durand');
    bravo = await collectionOrganization(db, 'Menuiserie Petit');
    const alphaEndpoint = await createWebhookEndpoint(db, alpha.id, { url: `${receiver.url}/alpha`, events: ['case.opened', 'case.closed', 'task.created', 'action.sent', 'action.failed'], createdBy: null }, LOCAL_RECEIVER);
    alphaSecret = alphaEndpoint.secret;
    alphaEndpointId = alphaEndpoint.row.id;
    await createWebhookEndpoint(db, bravo.id, { url: `${receiver.url}/bravo`, events: ['case.opened', 'task.created', 'action.sent'], createdBy: null }, LOCAL_RECEIVER);
  });
  beforeEach(() => {
    receiver.received.length = 0;
    receiver.statuses.length = 0;
  });
  afterAll(async () => {
    await receiver?.close();
    await db?.close();
  });

  it('posts what the collection run did, signed with the endpoint secret over "timestamp.body"', async () => {
    const { customer } = await customerWithInvoices(db, alpha.id, 'A001', [['A-F1', '2025-05-12', 150_00]]);
    await runCollection(db, alpha, { asOf: AS_OF, now: IN_HOURS, allowPrivateWebhooks: true, transports: transportsFromConfig({ outboxDir: mkdtempSync(join(tmpdir(), 'relance-webhooks-')) }) });

    const events = receiver.received.map((r) => JSON.parse(r.body) as { id: string; type: string; data: Record<string, unknown> });
    expect(events.map((e) => e.type).sort()).toEqual(['action.sent', 'case.opened']);
    expect(events.every((e) => e.data.customer_id === customer.id)).toBe(true);
    for (const post of receiver.received) {
      expect(post.path).toBe('/alpha');
      const header = String(post.headers['relance-signature']);
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header)!;
      // Computed here the way a receiver would, independently of the sending code.
      expect(v1).toBe(createHmac('sha256', alphaSecret).update(`${t}.${post.body}`).digest('hex'));
      expect(Number(t)).toBe(Math.floor(IN_HOURS.getTime() / 1000));
      expect(verifyWebhookSignature(alphaSecret, post.body, header, Number(t))).toBe(true);
      expect(verifyWebhookSignature('whsec_someone-else', post.body, header, Number(t))).toBe(false);
      expect(verifyWebhookSignature(alphaSecret, post.body.replace(customer.id, 'another-customer'), header, Number(t))).toBe(false);
      expect(post.headers['content-type']).toBe('application/json');
    }
    expect((await deliveriesOf(alphaEndpointId)).map((d) => [d.event_type, d.status, Number(d.response_code)]).sort()).toEqual([
      ['action.sent', 'delivered', 200],
      ['case.opened', 'delivered', 200],
    ]);
  });

  it('retries a 500 later with a growing back-off, then marks the delivery delivered on a 200', async () => {
    const start = new Date('2025-06-02T08:00:00Z');
    await emitEvent(db, alpha.id, 'case.closed', { case_id: 'case-1' });
    receiver.statuses.push(500, 500);

    await deliverDueWebhooks(db, { now: start, ...LOCAL_RECEIVER });
    let [delivery] = (await deliveriesOf(alphaEndpointId)).filter((d) => d.event_type === 'case.closed');
    expect([delivery!.status, Number(delivery!.attempts), Number(delivery!.response_code)]).toEqual(['pending', 1, 500]);
    const firstWait = (Date.parse(delivery!.next_attempt_at) - start.getTime()) / 1000;
    expect(firstWait).toBeGreaterThan(0);

    // Not due yet: nothing is posted.
    await deliverDueWebhooks(db, { now: later(start, firstWait - 1), ...LOCAL_RECEIVER });
    expect(receiver.received).toHaveLength(1);

    const second = later(start, firstWait);
    await deliverDueWebhooks(db, { now: second, ...LOCAL_RECEIVER });
    [delivery] = (await deliveriesOf(alphaEndpointId)).filter((d) => d.event_type === 'case.closed');
    expect([delivery!.status, Number(delivery!.attempts)]).toEqual(['pending', 2]);
    const secondWait = (Date.parse(delivery!.next_attempt_at) - second.getTime()) / 1000;
    expect(secondWait).toBe(firstWait * 2);

    await deliverDueWebhooks(db, { now: later(second, secondWait), ...LOCAL_RECEIVER });
    [delivery] = (await deliveriesOf(alphaEndpointId)).filter((d) => d.event_type === 'case.closed');
    expect([delivery!.status, Number(delivery!.attempts), Number(delivery!.response_code)]).toEqual(['delivered', 3, 200]);
    expect(receiver.received).toHaveLength(3);
    // The same event every time: receivers deduplicate on its id.
    expect(new Set(receiver.received.map((r) => (JSON.parse(r.body) as { id: string }).id)).size).toBe(1);

    await deliverDueWebhooks(db, { now: later(second, 24 * 3600), ...LOCAL_RECEIVER });
    expect(receiver.received).toHaveLength(3);
  });

  it('counts an endpoint that cannot be reached as a failed attempt to retry', async () => {
    const down = await createWebhookEndpoint(db, alpha.id, { url: 'http://127.0.0.1:9/unreachable', events: ['task.created'], createdBy: null }, LOCAL_RECEIVER);
    await emitEvent(db, alpha.id, 'task.created', { task_id: 'task-1' });
    const now = new Date('2025-06-03T08:00:00Z');
    const summary = await deliverDueWebhooks(db, { now, ...LOCAL_RECEIVER });
    expect(summary.retrying).toBeGreaterThanOrEqual(1);
    const [delivery] = await deliveriesOf(down.row.id);
    expect([delivery!.status, Number(delivery!.attempts), delivery!.response_code]).toEqual(['pending', 1, null]);
    expect(delivery!.last_error).toBeTruthy();
    await deleteWebhookEndpoint(db, alpha.id, down.row.id);
  });

  it("never posts another organization's events to this endpoint", async () => {
    const { customer: bravoCustomer } = await customerWithInvoices(db, bravo.id, 'B001', [['B-F1', '2025-05-12', 990_00]]);
    await insertTaskOnce(db, bravo.id, {
      customer_id: bravoCustomer.id, case_id: null, action_id: null, kind: 'call', step_id: null, dedupe_key: 'call:B001',
      title_en: 'Call B001', title_fr: 'Appeler B001', detail: null, due_on: '2025-05-16', assignee_user_id: null, created_on: '2025-05-16',
    });
    await runCollection(db, bravo, { asOf: AS_OF, now: IN_HOURS, send: false, allowPrivateWebhooks: true });
    await deliverDueWebhooks(db, { now: later(IN_HOURS, 30 * 24 * 3600), ...LOCAL_RECEIVER });

    const toBravo = receiver.received.filter((r) => r.path === '/bravo');
    expect(toBravo.map((r) => (JSON.parse(r.body) as { type: string }).type).sort()).toEqual(['case.opened', 'task.created']);
    const toAlpha = receiver.received.filter((r) => r.path === '/alpha');
    for (const post of toAlpha) expect(post.body).not.toContain(bravoCustomer.id);
    expect((await deliveriesOf(alphaEndpointId)).some((d) => d.payload.includes(bravoCustomer.id))).toBe(false);
  });
});
