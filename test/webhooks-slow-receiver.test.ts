import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { insertWebhookEndpoint } from '../src/adapters/db/stores/webhooks.js';
import { deliverDueWebhooks } from '../src/app/webhooks/deliver-due-webhooks.js';
import { emitEvent } from '../src/app/webhooks/emit-event.js';
import { ENGINES, freshDatabase } from './support/engines.js';

describe.each(ENGINES)('a receiver that never finishes its answer on %s', (engine) => {
  let db: Db;
  let server: Server;
  const open: ServerResponse[] = [];

  beforeAll(async () => {
    db = await freshDatabase(engine);
    // Answers 200 at once, then keeps the body coming without end.
    server = createServer((request, response) => {
      request.resume();
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('still going');
      open.push(response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const response of open) response.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await db?.close();
  });

  it('counts the delivery as delivered on its status, without waiting for the body', async () => {
    const organizationId = (await createOrganization(db, { name: 'Alpha', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' })).id;
    const { port } = server.address() as AddressInfo;
    await insertWebhookEndpoint(db, organizationId, { url: `http://127.0.0.1:${port}/slow`, events: ['case.closed'], secret: 'whsec_test', createdBy: null });
    await emitEvent(db, organizationId, 'case.closed', { case_id: 'case-1' });
    const summary = await deliverDueWebhooks(db, { now: new Date('2025-06-02T08:00:00Z'), timeoutMs: 1_000, allowPrivateAddresses: true });
    expect(summary).toEqual({ delivered: 1, retrying: 0, failed: 0 });
  });
});
