import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { createWebhookEndpoint } from '../src/app/webhooks/create-webhook-endpoint.js';
import { deliverDueWebhooks } from '../src/app/webhooks/deliver-due-webhooks.js';
import { emitEvent } from '../src/app/webhooks/emit-event.js';
import { buildApp } from '../src/http/build-app.js';
import { signIn, type ApiCaller } from './support/api-session.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const PASSWORD = 'correct horse battery';

describe.each(ENGINES)('webhooks API on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let admin: ApiCaller;
  let collector: ApiCaller;
  let organizationId: string;
  let otherEndpointId: string;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const org = await createOrganization(db, { name: 'Alpha', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    const other = await createOrganization(db, { name: 'Bravo', country: 'BE', currency: 'EUR', timeZone: 'Europe/Brussels', locale: 'fr' });
    organizationId = org.id;
    await createUser(db, org.id, { email: 'admin@alpha.test', name: 'Admin', password: PASSWORD, role: 'admin' });
    await createUser(db, org.id, { email: 'collector@alpha.test', name: 'Collector', password: PASSWORD, role: 'collector' });
    otherEndpointId = (await createWebhookEndpoint(db, other.id, { url: 'https://bravo.example/hooks', events: ['case.opened'], createdBy: null })).row.id;
    app = await buildApp({ db });
    await app.ready();
    admin = await signIn(app, 'admin@alpha.test', PASSWORD);
    collector = await signIn(app, 'collector@alpha.test', PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('shows the signing secret once, at creation, and never in the list', async () => {
    const created = await admin.post('/api/webhooks', { url: 'https://erp.example/relance', events: ['case.opened', 'action.sent'] });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body.secret).toMatch(/^whsec_.{40,}$/);
    expect(body.events).toEqual(['case.opened', 'action.sent']);
    const listed = await admin.get('/api/webhooks');
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items.map((e: { id: string }) => e.id)).toEqual([body.id]);
    expect(listed.body).not.toContain(body.secret);
    expect(listed.body).not.toContain(otherEndpointId);
  });

  it('refuses an unknown event or a URL that is not http(s), naming the field', async () => {
    const unknownEvent = await admin.post('/api/webhooks', { url: 'https://erp.example/x', events: ['invoice.paid'] });
    expect(unknownEvent.statusCode).toBe(422);
    expect(unknownEvent.body).toContain('events');
    const ftp = await admin.post('/api/webhooks', { url: 'ftp://erp.example/x', events: ['case.opened'] });
    expect(ftp.statusCode).toBe(422);
    expect(ftp.json().field ?? ftp.body).toContain('url');
  });

  it('keeps endpoints to administrators', async () => {
    expect((await collector.get('/api/webhooks')).statusCode).toBe(403);
    expect((await collector.post('/api/webhooks', { url: 'https://erp.example/c', events: ['case.opened'] })).statusCode).toBe(403);
  });

  it('lists the deliveries of an endpoint with their attempts and outcome', async () => {
    const { row } = await createWebhookEndpoint(db, organizationId, { url: 'http://127.0.0.1:9/closed', events: ['case.closed'], createdBy: null }, { allowPrivateAddresses: true });
    await emitEvent(db, organizationId, 'case.closed', { case_id: 'case-9' });
    await deliverDueWebhooks(db, { now: new Date('2025-06-02T08:00:00Z'), allowPrivateAddresses: true });
    const response = await admin.get(`/api/webhooks/${row.id}/deliveries`);
    expect(response.statusCode).toBe(200);
    const [delivery] = response.json().items;
    expect(delivery).toMatchObject({ event: 'case.closed', status: 'pending', attempts: 1, response_code: null, payload: { type: 'case.closed', data: { case_id: 'case-9' } } });
    expect(Date.parse(delivery.next_attempt_at)).toBeGreaterThan(Date.parse('2025-06-02T08:00:00Z'));
    expect(delivery.last_error).toBeTruthy();
  });

  it('deletes an endpoint: it leaves the list and its deliveries are no longer tried', async () => {
    const { row } = await createWebhookEndpoint(db, organizationId, { url: 'https://erp.example/gone', events: ['case.opened'], createdBy: null });
    await emitEvent(db, organizationId, 'case.opened', { case_id: 'case-10' });
    expect((await admin.delete(`/api/webhooks/${row.id}`)).statusCode).toBe(204);
    expect((await admin.delete(`/api/webhooks/${row.id}`)).statusCode).toBe(404);
    expect((await admin.get('/api/webhooks')).json().items.map((e: { id: string }) => e.id)).not.toContain(row.id);
    const pending = await db.kysely.selectFrom('webhook_deliveries').select('status').where('endpoint_id', '=', row.id).execute();
    expect(pending.map((d) => d.status)).toEqual(['failed']);
  });

  it("answers 404 for another organization's endpoint", async () => {
    expect((await admin.get(`/api/webhooks/${otherEndpointId}/deliveries`)).statusCode).toBe(404);
    expect((await admin.delete(`/api/webhooks/${otherEndpointId}`)).statusCode).toBe(404);
  });
});
