import { randomBytes, scryptSync } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { hashPassword, verifyPassword } from '../src/adapters/security/password.js';
import { buildApp } from '../src/http/build-app.js';
import { ENGINES, freshDatabase } from './support/engines.js';

/** A hash as earlier versions wrote it: scrypt with N=2^15. */
function legacyScryptHash(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', 2 ** 15, 8, 1, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

describe('password hashes', () => {
  it('are argon2id with at least OWASP parameters (19 MiB, 2 passes, 1 lane), salted', async () => {
    const first = await hashPassword('correct horse battery');
    const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(first);
    expect(match).not.toBeNull();
    expect(Number(match![1])).toBeGreaterThanOrEqual(19 * 1024);
    expect(Number(match![2])).toBeGreaterThanOrEqual(2);
    expect(Number(match![3])).toBe(1);
    expect(await hashPassword('correct horse battery')).not.toBe(first);
    expect(await verifyPassword('correct horse battery', first)).toBe(true);
    expect(await verifyPassword('correct horse batterY', first)).toBe(false);
  });

  it('written by earlier versions with scrypt still verify', async () => {
    const legacy = legacyScryptHash('an older password');
    expect(await verifyPassword('an older password', legacy)).toBe(true);
    expect(await verifyPassword('not the older password', legacy)).toBe(false);
  });
});

describe.each(ENGINES)('upgrading password hashes on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const org = await createOrganization(db, { name: 'Atelier Dupont', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    await createUser(db, org.id, { email: 'old@atelier.test', name: 'Old', password: 'placeholder password', role: 'admin' });
    await db.kysely.updateTable('users').set({ password_hash: legacyScryptHash('an older password') }).where('email', '=', 'old@atelier.test').execute();
    app = await buildApp({ db });
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('replaces a scrypt hash by an argon2id one at the next sign-in, and the password keeps working', async () => {
    const login = () => app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'old@atelier.test', password: 'an older password' } });
    expect((await login()).statusCode).toBe(200);
    const row = await db.kysely.selectFrom('users').select('password_hash').where('email', '=', 'old@atelier.test').executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await login()).statusCode).toBe(200);
  });
});
