import type { FastifyInstance } from 'fastify';
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/adapters/db/database.js';
import { migrateToLatest, MIGRATIONS } from '../src/adapters/db/migrator.js';
import { createCustomer } from '../src/adapters/db/stores/customers.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { buildApp } from '../src/http/build-app.js';
import { signIn } from './support/api-session.js';
import { ENGINES, freshDatabase, freshDatabaseUrl } from './support/engines.js';

const PASSWORD = 'a long enough secret';
const ORG = { country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' } as const;

describe.each(ENGINES)('one email in two organizations on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const alpha = await createOrganization(db, { name: 'Alpha', ...ORG });
    const bravo = await createOrganization(db, { name: 'Bravo', ...ORG });
    await createUser(db, alpha.id, { email: 'camille@shared.test', name: 'Camille at Alpha', password: PASSWORD, role: 'viewer' });
    await createUser(db, bravo.id, { email: 'admin@bravo.test', name: 'Bravo admin', password: PASSWORD, role: 'admin' });
    app = await buildApp({ db });
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it("creates a user whose email another organization uses, as it would any new email, and each signs in to their own", async () => {
    const bravoAdmin = await signIn(app, 'admin@bravo.test', PASSWORD);
    const taken = await bravoAdmin.post('/api/users', { email: 'Camille@Shared.test', name: 'Camille at Bravo', role: 'collector', password: 'the bravo password' });
    const fresh = await bravoAdmin.post('/api/users', { email: 'nobody-yet@shared.test', name: 'Someone new', role: 'collector', password: 'the bravo password' });
    expect(taken.statusCode).toBe(201);
    expect(fresh.statusCode).toBe(201);
    expect(Object.keys(taken.json()).sort()).toEqual(Object.keys(fresh.json()).sort());
    expect(taken.json()).toMatchObject({ email: 'camille@shared.test', name: 'Camille at Bravo', role: 'collector' });

    const bravoUsers = (await bravoAdmin.get('/api/users')).json().items.map((u: { name: string }) => u.name);
    expect(bravoUsers).toEqual(expect.arrayContaining(['Camille at Bravo']));
    expect(bravoUsers).not.toContain('Camille at Alpha');

    const atAlpha = await signIn(app, 'camille@shared.test', PASSWORD);
    expect((await atAlpha.get('/api/me')).json()).toMatchObject({ user: { name: 'Camille at Alpha', role: 'viewer' }, organization: { name: 'Alpha' } });
    const atBravo = await signIn(app, 'camille@shared.test', 'the bravo password');
    expect((await atBravo.get('/api/me')).json()).toMatchObject({ user: { name: 'Camille at Bravo', role: 'collector' }, organization: { name: 'Bravo' } });
  });

  it('still refuses the same email twice in one organization, naming the field', async () => {
    const bravoAdmin = await signIn(app, 'admin@bravo.test', PASSWORD);
    const again = await bravoAdmin.post('/api/users', { email: 'camille@shared.test', name: 'Camille twice', role: 'viewer' });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors).toEqual([{ field: 'email', message: 'a user with the email camille@shared.test already exists in this organization' }]);
  });
});

describe.each(ENGINES)('upgrading a database to per-organization emails on %s', (engine) => {
  it('keeps the users, their sessions and the accounts they own', async () => {
    const db = await openDatabase(await freshDatabaseUrl(engine), { migrate: false });
    try {
      const migrator = new Migrator({ db: db.kysely, provider: { getMigrations: async () => MIGRATIONS } });
      const before = await migrator.migrateTo('0015-sign-in-failures');
      expect(before.error).toBeUndefined();
      const org = await createOrganization(db, { name: 'Alpha', ...ORG });
      const user = await createUser(db, org.id, { email: 'owner@alpha.test', name: 'Owner', password: PASSWORD, role: 'sales' });
      const at = new Date().toISOString();
      await db.kysely.insertInto('sessions').values({ token_hash: 'h', user_id: user.id, organization_id: org.id, expires_at: '2999-01-01T00:00:00.000Z', created_at: at }).execute();
      await createCustomer(db, org.id, { externalRef: 'C1', name: 'Client', ownerUserId: user.id });

      await migrateToLatest(db.kysely);

      expect(await db.kysely.selectFrom('sessions').select('user_id').execute()).toEqual([{ user_id: user.id }]);
      expect(await db.kysely.selectFrom('customers').select('owner_user_id').execute()).toEqual([{ owner_user_id: user.id }]);
      const other = await createOrganization(db, { name: 'Bravo', ...ORG });
      await expect(createUser(db, other.id, { email: 'owner@alpha.test', name: 'Owner at Bravo', password: PASSWORD, role: 'admin' })).resolves.toBeDefined();
      await expect(createUser(db, org.id, { email: 'owner@alpha.test', name: 'Owner twice', password: PASSWORD, role: 'admin' })).rejects.toThrow();
    } finally {
      await db.close();
    }
  });
});
