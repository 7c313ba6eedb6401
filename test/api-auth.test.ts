import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { SESSION_DAYS } from '../src/app/auth/log-in.js';
import { buildApp } from '../src/http/build-app.js';
import { callerWith, signIn } from './support/api-session.js';
import { ENGINES, freshDatabase } from './support/engines.js';

describe.each(ENGINES)('signing in and API keys on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let clock = new Date('2025-03-10T09:00:00Z');

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const org = await createOrganization(db, { name: 'Atelier Dupont', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    await createUser(db, org.id, { email: 'Claire@Atelier.test', name: 'Claire', password: 'a long enough secret', role: 'admin', locale: 'fr' });
    await createUser(db, org.id, { email: 'vince@atelier.test', name: 'Vince', password: 'another long secret', role: 'viewer' });
    app = await buildApp({ db, now: () => clock });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('signs in with a session cookie that scripts cannot read, and says who is signed in', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: ' claire@atelier.TEST ', password: 'a long enough secret' } });
    expect(response.statusCode).toBe(200);
    const cookie = String([response.headers['set-cookie']].flat()[0]);
    expect(cookie).toMatch(/^relance_session=[\w-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    const me = await callerWith(app, { cookie: cookie.split(';')[0]! }).get('/api/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      user: { email: 'claire@atelier.test', name: 'Claire', role: 'admin', locale: 'fr' },
      organization: { name: 'Atelier Dupont', country: 'FR', currency: 'EUR', time_zone: 'Europe/Paris', locale: 'fr' },
    });
  });

  it('stores only a hash of the session token', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'vince@atelier.test', password: 'another long secret' } });
    const token = String([response.headers['set-cookie']].flat()[0]).split(';')[0]!.split('=')[1]!;
    const rows = await db.kysely.selectFrom('sessions').select('token_hash').execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.token_hash)).not.toContain(token);
  });

  it('gives the same answer for an unknown email and a wrong password', async () => {
    const wrong = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'claire@atelier.test', password: 'not it at all' } });
    const unknown = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'nobody@atelier.test', password: 'not it at all' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('ends the session on sign-out, for viewers too', async () => {
    const viewer = await signIn(app, 'vince@atelier.test', 'another long secret');
    expect((await viewer.get('/api/me')).statusCode).toBe(200);
    const out = await viewer.post('/api/auth/logout');
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/relance_session=;/);
    expect((await viewer.get('/api/me')).statusCode).toBe(401);
  });

  it('says whether anyone is signed in without a 401, for the page to ask before sign-in', async () => {
    const nobody = await app.inject({ method: 'GET', url: '/api/auth/session' });
    expect(nobody.statusCode).toBe(200);
    expect(nobody.json()).toEqual({ signed_in: false });
    const stale = await app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: 'relance_session=no-such-session' } });
    expect(stale.json()).toEqual({ signed_in: false });
    const claire = await signIn(app, 'claire@atelier.test', 'a long enough secret');
    const signedIn = await claire.get('/api/auth/session');
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json()).toMatchObject({ signed_in: true, user: { email: 'claire@atelier.test', role: 'admin' }, organization: { name: 'Atelier Dupont' } });
    await claire.post('/api/auth/logout');
    expect((await claire.get('/api/auth/session')).json()).toEqual({ signed_in: false });
  });

  it(`expires a session after ${SESSION_DAYS} days`, async () => {
    const admin = await signIn(app, 'claire@atelier.test', 'a long enough secret');
    const signedInAt = clock;
    try {
      clock = new Date(signedInAt.getTime() + (SESSION_DAYS * 24 - 1) * 3600_000);
      expect((await admin.get('/api/me')).statusCode).toBe(200);
      clock = new Date(signedInAt.getTime() + SESSION_DAYS * 24 * 3600_000 + 1000);
      const expired = await admin.get('/api/me');
      expect(expired.statusCode).toBe(401);
      expect(expired.json().type).toBe('urn:relance:problem:unauthenticated');
    } finally {
      clock = signedInAt;
    }
  });

  it('creates an API key shown once, accepts it as a bearer token with its role, and refuses it once revoked', async () => {
    const admin = await signIn(app, 'claire@atelier.test', 'a long enough secret');
    const created = await admin.post('/api/api-keys', { name: 'ERP sync', role: 'viewer' });
    expect(created.statusCode).toBe(201);
    const { key, id, prefix } = created.json();
    expect(key).toMatch(/^rk_/);
    expect(key.startsWith(prefix)).toBe(true);
    const listed = (await admin.get('/api/api-keys')).json();
    expect(JSON.stringify(listed)).not.toContain(key);

    const integration = callerWith(app, { bearer: key });
    const me = (await integration.get('/api/me')).json();
    expect(me).toMatchObject({ user: null, api_key: { id, name: 'ERP sync', role: 'viewer' }, organization: { name: 'Atelier Dupont' } });
    expect((await integration.get('/api/customers')).statusCode).toBe(200);
    expect((await integration.post('/api/customers', { reference: 'K1', name: 'By key' })).statusCode).toBe(403);

    expect((await admin.delete(`/api/api-keys/${id}`)).statusCode).toBe(204);
    expect((await integration.get('/api/customers')).statusCode).toBe(401);
  });

  it('refuses to issue a key with the sales role, which has no accounts of its own', async () => {
    const admin = await signIn(app, 'claire@atelier.test', 'a long enough secret');
    const response = await admin.post('/api/api-keys', { name: 'CRM', role: 'sales' });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([{ field: 'role', message: expect.stringContaining('must be one of') }]);
  });

  it('lets an administrator create a user, generating a password that works once handed over', async () => {
    const admin = await signIn(app, 'claire@atelier.test', 'a long enough secret');
    const created = await admin.post('/api/users', { email: 'sam@atelier.test', name: 'Sam', role: 'sales' });
    expect(created.statusCode).toBe(201);
    const { password } = created.json();
    expect(password).toMatch(/^.{10,}$/);
    const sam = await signIn(app, 'sam@atelier.test', password);
    expect((await sam.get('/api/me')).json().user.role).toBe('sales');
    const again = await admin.post('/api/users', { email: 'SAM@atelier.test', name: 'Sam again', role: 'viewer' });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0].field).toBe('email');
  });

  it('keeps health, sign-in and the API documentation open, and documents the API as OpenAPI 3.1', async () => {
    const nobody = callerWith(app);
    expect((await nobody.get('/api/health')).json()).toEqual({ status: 'ok', database: engine });
    const spec = await nobody.get('/api/openapi.json');
    expect(spec.statusCode).toBe(200);
    const doc = spec.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/customers', '/api/customers/{id}/statement', '/api/allocations', '/api/auth/login']));
    expect(Object.keys(doc.paths).every((p: string) => p.startsWith('/api/'))).toBe(true);
    expect(doc.paths['/api/invoices'].post.requestBody.content['application/json'].schema.properties.amount.properties.amount.type).toBe('string');
    const ui = await nobody.get('/api/docs/');
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger');
  });
});
