import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/adapters/db/database.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { buildApp } from '../src/http/build-app.js';
import { signIn } from './support/api-session.js';
import { ENGINES, freshDatabaseUrl } from './support/engines.js';
import { relanceCli } from './support/relance-cli.js';

const ORG = { country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' } as const;

describe.each(ENGINES)('relance users set-password on %s', (engine) => {
  let url: string;
  let db: Db;

  beforeAll(async () => {
    url = await freshDatabaseUrl(engine);
    db = await openDatabase(url);
    const alpha = await createOrganization(db, { name: 'Alpha', ...ORG });
    const bravo = await createOrganization(db, { name: 'Bravo', ...ORG });
    await createUser(db, alpha.id, { email: 'lost@alpha.test', name: 'Lost', password: 'the forgotten one', role: 'admin' });
    await createUser(db, alpha.id, { email: 'both@shared.test', name: 'Both at Alpha', password: 'alpha password', role: 'viewer' });
    await createUser(db, bravo.id, { email: 'both@shared.test', name: 'Both at Bravo', password: 'bravo password', role: 'viewer' });
  });

  afterAll(async () => {
    await db?.close();
  });

  it('prints a generated password that signs in, closes the old sessions, and the old password no longer works', async () => {
    const app = await buildApp({ db });
    try {
      const before = await signIn(app, 'lost@alpha.test', 'the forgotten one');
      const run = await relanceCli(['users', 'set-password', '--email', 'Lost@Alpha.test'], { DATABASE_URL: url });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const password = /^Password: (\S+)$/m.exec(run.stdout)?.[1];
      expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
      expect((await before.get('/api/me')).statusCode).toBe(401);
      expect((await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'lost@alpha.test', password: 'the forgotten one' } })).statusCode).toBe(401);
      await signIn(app, 'lost@alpha.test', password!);
    } finally {
      await app.close();
    }
  });

  it('asks which organization when several have a user with that email', async () => {
    const ambiguous = await relanceCli(['users', 'set-password', '--email', 'both@shared.test', '--password', 'a new long password'], { DATABASE_URL: url });
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('2 organizations have a user both@shared.test: say which with --org NAME');
    const chosen = await relanceCli(['users', 'set-password', '--email', 'both@shared.test', '--password', 'a new long password', '--org', 'Bravo'], { DATABASE_URL: url });
    expect(chosen.code).toBe(0);
    expect(chosen.stdout).not.toContain('a new long password');
  });
});
