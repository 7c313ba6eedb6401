import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { DEFAULT_COLLECTION_SETTINGS } from '../src/adapters/db/stores/collection-settings.js';
import { createOrganization, getOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { firstSendingInstant } from '../src/app/collection/sending-window.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { buildApp } from '../src/http/build-app.js';
import { signIn, type ApiCaller } from './support/api-session.js';
import { ENGINES, freshDatabase, freshDatabaseUrl } from './support/engines.js';
import { relanceCli } from './support/relance-cli.js';

const PASSWORD = 'correct horse battery';
const HOURS = { ...DEFAULT_COLLECTION_SETTINGS, businessHours: { start: '09:00', end: '18:00' } };

describe.each(ENGINES)('public holidays of an organization on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let organizationId: string;
  const as: Record<'admin' | 'collector', ApiCaller> = {} as never;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const metz = await createOrganization(db, { name: 'Metz Négoce', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    organizationId = metz.id;
    for (const role of ['admin', 'collector'] as const) await createUser(db, metz.id, { email: `${role}@metz.test`, name: role, password: PASSWORD, role });
    app = await buildApp({ db });
    await app.ready();
    for (const role of ['admin', 'collector'] as const) as[role] = await signIn(app, `${role}@metz.test`, PASSWORD);
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('sends on 26 December in France, but waits for Monday once the organization says it is in Moselle', async () => {
    // Friday 26 December 2025, 08:00 in Paris.
    const morning = new Date('2025-12-26T07:00:00Z');
    const asOf = '2025-12-26' as PlainDate;
    expect(firstSendingInstant((await getOrganization(db, organizationId))!, HOURS, asOf, morning)).toBe('2025-12-26T08:00:00.000Z');

    const saved = await as.admin.request('PUT', '/api/settings/holidays', { region: '57' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ country: 'FR', region: '57' });
    expect(saved.json().regions).toEqual(expect.arrayContaining([{ code: '57', name: 'Département Moselle' }]));
    expect(firstSendingInstant((await getOrganization(db, organizationId))!, HOURS, asOf, morning)).toBe('2025-12-29T08:00:00.000Z');

    expect((await as.collector.get('/api/settings/holidays')).json()).toMatchObject({ region: '57' });
    const back = await as.admin.request('PUT', '/api/settings/holidays', { region: null });
    expect(back.json()).toMatchObject({ region: null });
    expect(firstSendingInstant((await getOrganization(db, organizationId))!, HOURS, asOf, morning)).toBe('2025-12-26T08:00:00.000Z');
  });

  it('refuses a region the country does not have, naming the field, and lets only an administrator choose', async () => {
    const wrong = await as.admin.request('PUT', '/api/settings/holidays', { region: 'BY' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors).toEqual([expect.objectContaining({ field: 'region' })]);
    expect(wrong.json().detail).toContain('57 (Département Moselle)');
    expect((await as.collector.request('PUT', '/api/settings/holidays', { region: '67' })).statusCode).toBe(403);
    expect((await getOrganization(db, organizationId))!.holiday_region).toBeNull();
  });
});

describe.each(ENGINES)('relance org set --holiday-region on %s', (engine) => {
  it('sets a German Land, and refuses one of another country with the valid list', async () => {
    const env = { DATABASE_URL: await freshDatabaseUrl(engine) };
    const created = await relanceCli(['org', 'create', '--name', 'Berlin GmbH', '--country', 'DE'], env);
    expect(created.code, created.stderr).toBe(0);
    const set = await relanceCli(['org', 'set', '--holiday-region', 'by'], env);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('public holidays of DE, region BY (Bayern)');
    const wrong = await relanceCli(['org', 'set', '--holiday-region', '57'], env);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('"57" is not a holiday region of DE');
    const shown = await relanceCli(['org', 'holidays'], env);
    expect(shown.stdout).toContain('region BY');
  });
});
