import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { transportsFromConfig } from '../src/adapters/channels/transports-from-config.js';
import { saveCollectionSettings } from '../src/adapters/db/stores/collection-settings.js';
import { scheduleDailyCollection } from '../src/app/collection/schedule-daily-collection.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';

describe.each(ENGINES)('daily collection schedule on %s', (engine) => {
  let db: Db;
  let org: OrganizationRow;
  let clock: Date;
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
    expect(await server.tick()).toEqual([]);
    expect(await actionCount()).toBe(0);
    clock = new Date('2025-05-16T06:30:00Z'); // 08:30 in Paris
    expect(await server.tick()).toEqual([org.id]);
    expect(await actionCount()).toBe(1);
    clock = new Date('2025-05-16T06:31:00Z');
    expect(await server.tick()).toEqual([]);
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
    expect(await restarted.tick()).toEqual([]);
    const runs = await db.kysely.selectFrom('collection_runs').selectAll().where('organization_id', '=', org.id).execute();
    expect(runs.map((run) => [run.run_on, run.finished_at !== null])).toEqual([['2025-05-16', true]]);
    clock = new Date('2025-05-17T06:45:00Z');
    expect(await restarted.tick()).toEqual([org.id]);
  });
});
