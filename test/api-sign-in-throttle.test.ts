import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { buildApp } from '../src/http/build-app.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const RIGHT = 'the right long password';

describe.each(ENGINES)('sign-in throttling on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let clock = new Date('2026-03-10T09:00:00Z');
  const later = (seconds: number) => {
    clock = new Date(clock.getTime() + seconds * 1000);
  };

  const logIn = (email: string, password: string, extra: Partial<InjectOptions> = {}, on = app) =>
    on.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, ...extra });

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const org = await createOrganization(db, { name: 'Atelier Dupont', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    for (const name of ['claire', 'marc', 'nina', 'paul']) {
      await createUser(db, org.id, { email: `${name}@atelier.test`, name, password: RIGHT, role: 'admin' });
    }
    app = await buildApp({ db, now: () => clock });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('refuses the right password after 300 wrong ones, with 429, Retry-After and a problem body', async () => {
    const address = { remoteAddress: '203.0.113.7' };
    const statuses: number[] = [];
    for (let i = 0; i < 300; i += 1) statuses.push((await logIn('claire@atelier.test', `guess number ${i}`, address)).statusCode);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);

    const right = await logIn(' Claire@Atelier.TEST ', RIGHT, { remoteAddress: '198.51.100.1' });
    expect(right.statusCode).toBe(429);
    expect(right.headers['retry-after']).toBe('30');
    expect(right.headers['set-cookie']).toBeUndefined();
    expect(right.headers['content-type']).toContain('application/problem+json');
    expect(right.json()).toMatchObject({
      status: 429,
      code: 'too_many_requests',
      detail: 'too many failed sign-ins: try again in 1 minute',
      errors: [{ field: 'email' }],
      localized_detail: { fr: 'Trop de connexions échouées : réessayez dans 1 minute.' },
    });
  });

  it('doubles the delay at each further failure, and a success clears the account', async () => {
    later(30);
    expect((await logIn('claire@atelier.test', 'still wrong')).statusCode).toBe(401);
    expect((await logIn('claire@atelier.test', RIGHT)).headers['retry-after']).toBe('60');
    later(60);
    expect((await logIn('claire@atelier.test', 'wrong again')).statusCode).toBe(401);
    expect((await logIn('claire@atelier.test', RIGHT)).headers['retry-after']).toBe('120');
    later(119);
    expect((await logIn('claire@atelier.test', RIGHT)).headers['retry-after']).toBe('1');
    later(1);
    expect((await logIn('claire@atelier.test', RIGHT)).statusCode).toBe(200);
    for (let i = 0; i < 4; i += 1) expect((await logIn('claire@atelier.test', 'a fresh mistake')).statusCode).toBe(401);
    expect((await logIn('claire@atelier.test', RIGHT)).statusCode).toBe(200);
  });

  it('keeps the lock-out in the database: another server on it refuses too', async () => {
    for (let i = 0; i < 5; i += 1) await logIn('marc@atelier.test', `wrong ${i}`);
    const other = await buildApp({ db, now: () => clock });
    try {
      const response = await logIn('marc@atelier.test', RIGHT, {}, other);
      expect(response.statusCode).toBe(429);
      expect(response.headers['retry-after']).toBe('30');
    } finally {
      await other.close();
    }
  });

  it('throttles one address trying many accounts, not the other addresses', async () => {
    const attacker = { remoteAddress: '192.0.2.66' };
    const emails = ['nina@atelier.test', 'paul@atelier.test', 'nobody@atelier.test', 'ghost@atelier.test', 'who@atelier.test'];
    for (let i = 0; i < 20; i += 1) expect((await logIn(emails[i % emails.length]!, `spray ${i}`, attacker)).statusCode).toBe(401);
    const refused = await logIn('paul@atelier.test', RIGHT, attacker);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('30');
    // X-Forwarded-For is the client's word: without a trusted proxy it changes nothing.
    expect((await logIn('paul@atelier.test', RIGHT, { ...attacker, headers: { 'x-forwarded-for': '198.51.100.9' } })).statusCode).toBe(429);
    expect((await logIn('paul@atelier.test', RIGHT, { remoteAddress: '192.0.2.67' })).statusCode).toBe(200);
  });

  it('counts the forwarded client address when the proxy is trusted', async () => {
    const proxied = await buildApp({ db, now: () => clock, trustProxy: true });
    try {
      const viaProxy = (client: string, password: string) =>
        logIn('nina@atelier.test', password, { remoteAddress: '10.0.0.2', headers: { 'x-forwarded-for': client } }, proxied);
      for (let i = 0; i < 20; i += 1) await logIn(`user${i}@atelier.test`, 'wrong', { remoteAddress: '10.0.0.2', headers: { 'x-forwarded-for': '192.0.2.200' } }, proxied);
      expect((await viaProxy('192.0.2.200', RIGHT)).statusCode).toBe(429);
      expect((await viaProxy('192.0.2.201', RIGHT)).statusCode).toBe(200);
    } finally {
      await proxied.close();
    }
  });
});
