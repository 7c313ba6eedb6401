import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
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

  it('is Secure when the request itself came over TLS, with no proxy and no option', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relance-tls-'));
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    const cert = readFileSync(join(dir, 'cert.pem'));
    const app = await buildApp({ db });
    apps.push(app);
    await app.ready();
    // TLS ends in this process and hands the decrypted socket to the app's own HTTP server.
    const tls = createTlsServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (socket) => app.server.emit('connection', socket));
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    try {
      const setCookie = await new Promise<string>((resolve, reject) => {
        const body = JSON.stringify({ email: 'claire@atelier.test', password: PASSWORD });
        const req = httpsRequest(
          { host: '127.0.0.1', port: (tls.address() as AddressInfo).port, path: '/api/auth/login', method: 'POST', ca: cert, headers: { 'content-type': 'application/json' } },
          (res) => {
            res.resume();
            res.on('end', () => (res.statusCode === 200 ? resolve(String(res.headers['set-cookie'])) : reject(new Error(`sign-in answered ${res.statusCode}`))));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      expect(setCookie).toMatch(/^relance_session=/);
      expect(setCookie).toMatch(secure);
    } finally {
      await new Promise((resolve) => tls.close(resolve));
    }
  });

  it('is always Secure with secureCookies', async () => {
    const forced = await cookiesWith({ secureCookies: true });
    expect(forced.signIn).toMatch(secure);
    expect(forced.signOut).toMatch(secure);
  });
});
