import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { insertWebhookEndpoint } from '../src/adapters/db/stores/webhooks.js';
import { deliverDueWebhooks } from '../src/app/webhooks/deliver-due-webhooks.js';
import { emitEvent } from '../src/app/webhooks/emit-event.js';
import { buildApp } from '../src/http/build-app.js';
import { signIn, type ApiCaller } from './support/api-session.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const PASSWORD = 'correct horse battery';

/** A receiver on 127.0.0.1 that counts what reaches it. */
async function startReceiver() {
  const paths: string[] = [];
  const server: Server = createServer((request, response) => {
    paths.push(request.url ?? '');
    request.resume();
    response.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, paths, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe.each(ENGINES)('webhooks and private addresses on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let intranetApp: FastifyInstance;
  let admin: ApiCaller;
  let intranetAdmin: ApiCaller;
  let organizationId: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    receiver = await startReceiver();
    organizationId = (await createOrganization(db, { name: 'Alpha', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' })).id;
    await createUser(db, organizationId, { email: 'admin@alpha.test', name: 'Admin', password: PASSWORD, role: 'admin' });
    app = await buildApp({ db, allowPrivateWebhooks: false });
    intranetApp = await buildApp({ db, allowPrivateWebhooks: true });
    admin = await signIn(app, 'admin@alpha.test', PASSWORD);
    intranetAdmin = await signIn(intranetApp, 'admin@alpha.test', PASSWORD);
  });
  beforeEach(async () => {
    receiver.paths.length = 0;
    await db.kysely.deleteFrom('webhook_deliveries').execute();
    await db.kysely.deleteFrom('webhook_endpoints').execute();
  });
  afterAll(async () => {
    await app?.close();
    await intranetApp?.close();
    await receiver?.close();
    await db?.close();
  });

  it.each([
    ['http://127.0.0.1:8080/hooks', 'loopback'],
    ['http://localhost:8080/hooks', 'loopback'],
    ['http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['http://10.0.0.5/hooks', 'private'],
    ['http://172.16.0.1/hooks', 'private'],
    ['https://192.168.1.10/hooks', 'private'],
    ['http://100.64.0.1/hooks', 'shared carrier'],
    ['http://0.0.0.0:3000/', 'unspecified'],
    ['http://[::1]/hooks', 'loopback'],
    ['http://[fd00::1]/hooks', 'private'],
    ['http://[fe80::1]/hooks', 'link-local'],
    ['http://[::ffff:7f00:1]/hooks', 'loopback'],
    ['http://2130706433/hooks', 'loopback'],
  ])('refuses to save %s (%s), naming the url field', async (url, words) => {
    const response = await admin.post('/api/webhooks', { url, events: ['case.opened'] });
    expect(response.statusCode).toBe(422);
    const problem = response.json();
    expect(problem.errors).toEqual([{ field: 'url', message: expect.stringContaining(words) }]);
    expect(problem.detail).toMatch(/^url must reach a public address: /);
    expect((await admin.get('/api/webhooks')).json().items).toEqual([]);
  });

  it('saves a public address, and a private one only where the operator allows it', async () => {
    expect((await admin.post('/api/webhooks', { url: 'https://93.184.215.14/hooks', events: ['case.opened'] })).statusCode).toBe(201);
    expect((await intranetAdmin.post('/api/webhooks', { url: 'http://10.0.0.5/hooks', events: ['case.opened'] })).statusCode).toBe(201);
  });

  it('does not post to an endpoint whose address is private at delivery time, and fails it at once with the reason', async () => {
    // Saved while the name pointed elsewhere, or before the check existed: delivery checks again.
    for (const host of ['127.0.0.1', 'localhost']) {
      await insertWebhookEndpoint(db, organizationId, { url: `http://${host}:${receiver.port}/${host}`, events: ['case.closed'], secret: 'whsec_test', createdBy: null });
    }
    await emitEvent(db, organizationId, 'case.closed', { case_id: 'case-1' });

    const summary = await deliverDueWebhooks(db, { now: new Date('2025-06-02T08:00:00Z'), allowPrivateAddresses: false });

    expect(receiver.paths).toEqual([]);
    expect(summary).toEqual({ delivered: 0, retrying: 0, failed: 2 });
    const deliveries = await db.kysely.selectFrom('webhook_deliveries').selectAll().orderBy('last_error').execute();
    expect(deliveries.map((d) => [d.status, Number(d.attempts)])).toEqual([['failed', 1], ['failed', 1]]);
    expect(deliveries.map((d) => d.last_error)).toEqual([
      'not sent: 127.0.0.1 is a loopback address; webhooks only reach public addresses',
      expect.stringMatching(/^not sent: localhost resolves to (127\.0\.0\.1|::1), a loopback address; webhooks only reach public addresses$/),
    ]);
    // Given up: a later pass does not try again.
    expect(await deliverDueWebhooks(db, { now: new Date('2025-06-09T08:00:00Z'), allowPrivateAddresses: false })).toEqual({ delivered: 0, retrying: 0, failed: 0 });
  });

  it('posts to a private address when the operator allows it', async () => {
    await insertWebhookEndpoint(db, organizationId, { url: `http://localhost:${receiver.port}/allowed`, events: ['case.closed'], secret: 'whsec_test', createdBy: null });
    await emitEvent(db, organizationId, 'case.closed', { case_id: 'case-2' });
    expect(await deliverDueWebhooks(db, { now: new Date('2025-06-02T08:00:00Z'), allowPrivateAddresses: true })).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(receiver.paths).toEqual(['/allowed']);
  });
});
