import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/adapters/db/database.js';
import { saveCollectionSettings } from '../src/adapters/db/stores/collection-settings.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { buildApp } from '../src/http/build-app.js';
import { portalAccessOf } from '../src/http/portal/portal-access.js';
import { signIn, type ApiCaller } from './support/api-session.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase, freshDatabaseUrl } from './support/engines.js';
import { relanceCli } from './support/relance-cli.js';

const PASSWORD = 'correct horse battery staple';

describe.each(ENGINES)('debtor page links through the API (%s)', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let collector: ApiCaller;
  let viewer: ApiCaller;
  let customerId: string;
  let organizationId: string;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const organization = await collectionOrganization(db);
    organizationId = organization.id;
    customerId = (await customerWithInvoices(db, organization.id, 'C-9', [['F-1', '2026-01-15', 1200_00]])).customer.id;
    await createUser(db, organization.id, { email: 'collector@durand.test', name: 'Camille', password: PASSWORD, role: 'collector' });
    await createUser(db, organization.id, { email: 'viewer@durand.test', name: 'Victor', password: PASSWORD, role: 'viewer' });
    app = await buildApp({ db, now: () => new Date('2026-03-02T09:00:00Z'), publicUrl: 'https://relance.durand.example' });
    app.get('/p/:token/whoami', { config: { access: 'public' } }, async (request) => portalAccessOf(request));
    collector = await signIn(app, 'collector@durand.test', PASSWORD);
    viewer = await signIn(app, 'viewer@durand.test', PASSWORD);
  });

  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const opens = async (url: string) => {
    const path = new URL(url).pathname;
    return (await app.inject({ method: 'GET', url: `${path}/whoami`, headers: { accept: 'application/json' } })).statusCode === 200;
  };

  it('makes a link at PUBLIC_URL that opens the page, for the days asked, and revokes them all', async () => {
    const made = await collector.post(`/api/customers/${customerId}/portal-links`, { days: 7 });
    expect(made.statusCode).toBe(201);
    expect(made.json().url).toMatch(/^https:\/\/relance\.durand\.example\/p\/[A-Za-z0-9_-]{43}$/);
    expect(made.json().expires_at).toBe('2026-03-09T09:00:00.000Z');
    const other = await collector.post(`/api/customers/${customerId}/portal-links`, {});
    expect(other.json().expires_at).toBe('2026-05-31T09:00:00.000Z');
    expect(await opens(made.json().url)).toBe(true);
    expect(await opens(other.json().url)).toBe(true);

    const revoked = await collector.delete(`/api/customers/${customerId}/portal-links`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toEqual({ revoked: 2 });
    expect(await opens(made.json().url)).toBe(false);
    expect(await opens(other.json().url)).toBe(false);
    expect((await collector.delete(`/api/customers/${customerId}/portal-links`)).json()).toEqual({ revoked: 0 });
  });

  it('uses the organization’s own page address when it has one', async () => {
    await saveCollectionSettings(db, organizationId, { portalBaseUrl: 'https://pay.durand.example/' });
    const made = await collector.post(`/api/customers/${customerId}/portal-links`, {});
    expect(made.json().url).toMatch(/^https:\/\/pay\.durand\.example\/p\/[A-Za-z0-9_-]{43}$/);
    await saveCollectionSettings(db, organizationId, { portalBaseUrl: null });
  });

  it('refuses a viewer, a link of a thousand days and an unknown customer', async () => {
    expect((await viewer.post(`/api/customers/${customerId}/portal-links`, {})).statusCode).toBe(403);
    expect((await viewer.delete(`/api/customers/${customerId}/portal-links`)).statusCode).toBe(403);
    const tooLong = await collector.post(`/api/customers/${customerId}/portal-links`, { days: 1000 });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.json().errors[0].field).toBe('days');
    expect((await collector.post('/api/customers/00000000-0000-0000-0000-000000000000/portal-links', {})).statusCode).toBe(404);
  });

  it('previews the next reminder with an example link and makes none; sending it now gives it a link that opens the page', async () => {
    const count = async () => (await db.kysely.selectFrom('portal_links').select('id').where('customer_id', '=', customerId).execute()).length;
    const before = await count();
    const preview = await collector.get(`/api/customers/${customerId}/next-step/preview`);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().messages[0].text).toContain('https://relance.durand.example/p/example-link-shown-in-previews-only');
    expect(await count()).toBe(before);

    const sent = await collector.post(`/api/customers/${customerId}/next-step/send-now`, {});
    expect(sent.statusCode, sent.body).toBe(200);
    expect(await count()).toBe(before + 1);
    const message = await db.kysely.selectFrom('outbox_messages').select('text_body').where('customer_id', '=', customerId).executeTakeFirstOrThrow();
    const url = /https:\/\/relance\.durand\.example\/p\/[A-Za-z0-9_-]{43}/.exec(message.text_body)![0];
    expect(await opens(url)).toBe(true);
  });
});

describe('relance portal link and revoke', () => {
  it('prints a link at PUBLIC_URL with its expiry, and revokes it', async () => {
    const url = await freshDatabaseUrl('sqlite');
    const db = await openDatabase(url);
    const organization = await collectionOrganization(db);
    await customerWithInvoices(db, organization.id, 'C-7', [['F-1', '2026-01-15', 100_00]]);
    await db.close();
    const env = { DATABASE_URL: url, RELANCE_ORG: '', PUBLIC_URL: 'https://relance.durand.example' };

    const made = await relanceCli(['portal', 'link', 'C-7', '--days', '30'], env);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const [link, expiry] = made.stdout.trim().split('\n');
    expect(link).toMatch(/^https:\/\/relance\.durand\.example\/p\/[A-Za-z0-9_-]{43}$/);
    expect(expiry).toMatch(/^Valid until \d{1,2} [A-Z][a-z]+ \d{4} \(\d{4}-\d{2}-\d{2}T\S+\) for Customer C-7 \(C-7\)$/);
    const days = (Date.parse(/\((\S+)\)/.exec(expiry!)![1]!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);

    const revoked = await relanceCli(['portal', 'revoke', 'C-7'], env);
    expect(revoked.stdout).toBe('1 link revoked for Customer C-7 (C-7)\n');
    expect((await relanceCli(['portal', 'link', 'NOPE'], env)).code).not.toBe(0);
  }, 60_000);
});
