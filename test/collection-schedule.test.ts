import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { transportsFromConfig } from '../src/adapters/channels/transports-from-config.js';
import { saveCollectionSettings } from '../src/adapters/db/stores/collection-settings.js';
import { scheduleDailyCollection } from '../src/app/collection/schedule-daily-collection.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { buildApp } from '../src/http/build-app.js';
import { signIn } from './support/api-session.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';

describe.each(ENGINES)('daily collection schedule on %s', (engine) => {
  let db: Db;
  let org: OrganizationRow;
  let clock: Date;
  let db2: Db;
  const transports = transportsFromConfig({ outboxDir: mkdtempSync(join(tmpdir(), 'relance-schedule-outbox-')) });
  const schedule = () => scheduleDailyCollection(db, { now: () => clock, start: false, transports });

  beforeAll(async () => {
    db = await freshDatabase(engine);
    org = await collectionOrganization(db);
    await saveCollectionSettings(db, org.id, { dailyRunTime: '08:30' });
    await customerWithInvoices(db, org.id, 'S1', [['F-S1', '2025-05-10', 400_00]]);
  });
  afterAll(async () => {
    await db?.close();
  });

  const actionCount = async () => (await db.kysely.selectFrom('collection_actions').select('id').where('organization_id', '=', org.id).execute()).length;

  it('waits for the configured local time (Paris), then runs once', async () => {
    const server = schedule();
    clock = new Date('2025-05-16T06:29:00Z'); // 08:29 in Paris
    expect((await server.tick()).ran).toEqual([]);
    expect(await actionCount()).toBe(0);
    clock = new Date('2025-05-16T06:30:00Z'); // 08:30 in Paris
    expect((await server.tick()).ran).toEqual([org.id]);
    expect(await actionCount()).toBe(1);
    clock = new Date('2025-05-16T06:31:00Z');
    expect((await server.tick()).ran).toEqual([]);
  });

  it('sends what the run queued once business hours begin, not before', async () => {
    const server = schedule();
    const statuses = async () => (await db.kysely.selectFrom('outbox_messages').select('status').where('organization_id', '=', org.id).execute()).map((row) => row.status);
    expect(await statuses()).toEqual(['queued']);
    clock = new Date('2025-05-16T06:45:00Z'); // 08:45 in Paris
    await server.tick();
    expect(await statuses()).toEqual(['queued']);
    clock = new Date('2025-05-16T07:01:00Z'); // 09:01 in Paris
    await server.tick();
    expect(await statuses()).toEqual(['kept']);
  });

  it('does not run again the same day after a restart, and runs the next day', async () => {
    const restarted = schedule();
    clock = new Date('2025-05-16T15:00:00Z');
    expect((await restarted.tick()).ran).toEqual([]);
    const runs = await db.kysely.selectFrom('collection_runs').selectAll().where('organization_id', '=', org.id).execute();
    expect(runs.map((run) => [run.run_on, run.finished_at !== null])).toEqual([['2025-05-16', true]]);
    clock = new Date('2025-05-17T06:45:00Z');
    expect((await restarted.tick()).ran).toEqual([org.id]);
  });

  it("keeps a failed run's error for the API, still runs the other organizations, and runs the day once fixed", async () => {
    db2 = await freshDatabase(engine);
    const broken = await collectionOrganization(db2, 'Broken Hours');
    const healthy = await collectionOrganization(db2, 'Healthy Books');
    for (const o of [broken, healthy]) {
      await saveCollectionSettings(db2, o.id, { dailyRunTime: '08:30' });
      await customerWithInvoices(db2, o.id, `C-${o.name.slice(0, 3)}`, [['F-1', '2025-05-10', 400_00]]);
    }
    // Hours that end before they start: every sending slot of this organization is an error.
    await saveCollectionSettings(db2, broken.id, { businessHours: { start: '18:00', end: '09:00' } });
    const server = scheduleDailyCollection(db2, { now: () => clock, start: false, transports });
    clock = new Date('2025-05-20T06:45:00Z');

    const tick = await server.tick();
    expect(tick.ran).toEqual([healthy.id]);
    expect(tick.failed).toEqual(
      expect.arrayContaining([expect.objectContaining({ organizationId: broken.id, stage: 'run', code: 'configuration', message: 'business hours must start before they end' })]),
    );
    expect(tick.failed.every((failure) => failure.organizationId === broken.id)).toBe(true);

    await createUser(db2, broken.id, { email: 'viewer@broken.test', name: 'Viewer', password: 'correct horse battery', role: 'viewer' });
    const app = await buildApp({ db: db2 });
    try {
      const viewer = await signIn(app, 'viewer@broken.test', 'correct horse battery');
      const runs = (await viewer.get('/api/collection/daily-runs')).json();
      expect(runs.items).toEqual([
        expect.objectContaining({ run_on: '2025-05-20', status: 'failed', finished_at: null, error: expect.objectContaining({ code: 'configuration', message: 'business hours must start before they end' }) }),
      ]);

      await saveCollectionSettings(db2, broken.id, { businessHours: { start: '09:00', end: '18:00' } });
      clock = new Date('2025-05-20T06:46:00Z');
      expect((await server.tick())).toEqual({ ran: [broken.id], failed: [] });
      expect((await viewer.get('/api/collection/daily-runs')).json().items).toEqual([
        expect.objectContaining({ run_on: '2025-05-20', status: 'finished', error: null, summary: expect.objectContaining({ actions: 1 }) }),
      ]);
    } finally {
      await app.close();
      await db2.close();
    }
  });
});
