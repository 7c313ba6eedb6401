import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { buildApp, type AppOptions } from '../src/http/build-app.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const PASSWORD = 'a long enough secret';

describe.each(ENGINES)('the session cookie on %s', (engine) => {
  let db: Db;
  const apps: FastifyInstance[] = [];

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const org = await createOrganization(db, { name: 'Atelier Dupont', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    await createUser(db, org.id, { email: 'claire@atelier.test', name: 'Claire', password: PASSWORD, role: 'admin' });
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await db?.close();
  });

  /** The Set-Cookie lines of a sign-in and of the sign-out that follows, on an app built with `options`. */
  async function cookiesWith(options: Partial<AppOptions>, headers: Record<string, string> = {}): Promise<{ signIn: string; signOut: string }> {
    const app = await buildApp({ db, ...options });
    apps.push(app);
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', headers, payload: { email: 'claire@atelier.test', password: PASSWORD } });
    expect(login.statusCode).toBe(200);
    const signIn = String([login.headers['set-cookie']].flat()[0]);
    const logout = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...headers, cookie: signIn.split(';')[0]! } });
    expect(logout.statusCode).toBe(204);
    return { signIn, signOut: String([logout.headers['set-cookie']].flat()[0]) };
  }

  const secure = /;\s*Secure(;|$)/i;

  it('is not Secure over plain HTTP, and a client cannot make it so by claiming HTTPS', async () => {
    const plain = await cookiesWith({});
    expect(plain.signIn).toMatch(/^relance_session=/);
    expect(plain.signIn).not.toMatch(secure);
    const claimed = await cookiesWith({}, { 'x-forwarded-proto': 'https' });
    expect(claimed.signIn).not.toMatch(secure);
  });

  it('is Secure, on sign-in and sign-out, when a trusted proxy says the browser used HTTPS', async () => {
    const proxied = await cookiesWith({ trustProxy: true }, { 'x-forwarded-proto': 'https' });
    expect(proxied.signIn).toMatch(secure);
    expect(proxied.signOut).toMatch(secure);
    expect((await cookiesWith({ trustProxy: true }, { 'x-forwarded-proto': 'http' })).signIn).not.toMatch(secure);
  });

  it('trusts only the listed proxy addresses when TRUST_PROXY names them', async () => {
    const app = await buildApp({ db, trustProxy: '10.0.0.2' });
    apps.push(app);
    const via = (remoteAddress: string) =>
      app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, headers: { 'x-forwarded-proto': 'https' }, payload: { email: 'claire@atelier.test', password: PASSWORD } });
    expect(String((await via('10.0.0.2')).headers['set-cookie'])).toMatch(secure);
    expect(String((await via('10.0.0.3')).headers['set-cookie'])).not.toMatch(secure);
  });

  it('is always Secure with secureCookies', async () => {
    const forced = await cookiesWith({ secureCookies: true });
    expect(forced.signIn).toMatch(secure);
    expect(forced.signOut).toMatch(secure);
  });
});
