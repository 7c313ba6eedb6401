import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { getOrganization } from '../src/adapters/db/stores/organizations.js';
import { DEMO_HISTORY_DAYS, loadDemoWithHistory, type LoadedDemoWithHistory } from '../src/app/demo/play-demo-history.js';
import { renderOutboxDocument } from '../src/app/outbox/render-outbox-document.js';
import { getWorklist } from '../src/app/worklist/get-worklist.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const TODAY = '2026-03-12' as PlainDate;
const SIZE = { customers: 150, invoices: 2000, seed: 4 } as const;
const SMALL = { customers: 30, invoices: 400, seed: 9 } as const;
const HISTORY_DAYS = DEMO_HISTORY_DAYS;

async function loadWithHistory(db: Db, size: typeof SIZE | typeof SMALL = SIZE): Promise<LoadedDemoWithHistory> {
  return loadDemoWithHistory(db, { ...size, historyDays: HISTORY_DAYS, today: TODAY });
}

describe.each(ENGINES)('the demo with three weeks of collection behind it on %s', (engine) => {
  let db: Db;
  let loaded: LoadedDemoWithHistory;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    loaded = await loadWithHistory(db);
  }, 240_000);
  afterAll(async () => {
    await db?.close();
  });

  it('opens Today on formal notices awaiting approval, calls and disputes or broken promises', async () => {
    const organization = (await getOrganization(db, loaded.organizationId))!;
    const worklist = await getWorklist(db, organization, TODAY, { limit: 500 });
    expect(worklist.counts.approval).toBeGreaterThan(0);
    expect(worklist.counts.call).toBeGreaterThan(0);
    expect(worklist.counts.dispute + worklist.counts.broken_promise).toBeGreaterThan(0);
    const approvals = await db.kysely
      .selectFrom('collection_tasks')
      .select(['step_id'])
      .where('organization_id', '=', loaded.organizationId)
      .where('kind', '=', 'approval')
      .where('status', '=', 'open')
      .where('due_on', '<=', TODAY)
      .execute();
    expect(approvals.map((a) => a.step_id)).toContain('formal-notice');
    expect(loaded.history!.waitingToday).toEqual(worklist.counts);
  });

  it('has sent reminders over the weeks before today, each readable from the outbox, never twice a day nor after payment', async () => {
    const sent = await db.kysely
      .selectFrom('outbox_messages')
      .selectAll()
      .where('organization_id', '=', loaded.organizationId)
      .where('status', '=', 'sent')
      .orderBy('sent_at')
      .execute();
    expect(sent.length).toBe(loaded.history!.report.messages_sent);
    expect(sent.length).toBeGreaterThan(SIZE.customers);
    const days = new Set(sent.map((m) => m.sent_at!.slice(0, 10)));
    expect(days.size).toBeGreaterThan(8);
    expect([...days].sort()[0]! < '2026-02-25').toBe(true);
    expect([...days].every((day) => day < TODAY)).toBe(true);
    const queued = await db.kysely.selectFrom('outbox_messages').select('id').where('organization_id', '=', loaded.organizationId).where('status', '=', 'queued').execute();
    expect(queued).toEqual([]);
    const email = sent.find((m) => m.channel === 'email')!;
    const document = await renderOutboxDocument(db, email, new Date(`${TODAY}T10:00:00Z`));
    expect(document.content.toString('utf8')).toContain(`Subject:`);
    const report = loaded.history!.report;
    expect(report.errors).toEqual([]);
    expect(report.same_day_double_contacts).toBe(0);
    expect(report.reminders_after_payment).toBe(0);
    expect(report.formal_notices).toBeGreaterThan(0);
    expect(report.payments).toBeGreaterThan(0);
    expect(report.to).toBe('2026-03-11');
  });
});

describe('the demo history', () => {
  it('is the same for the same seed', async () => {
    const [first, second] = [await freshDatabase('sqlite'), await freshDatabase('sqlite')];
    try {
      const a = (await loadWithHistory(first, SMALL)).history!;
      const b = (await loadWithHistory(second, SMALL)).history!;
      const { organization: _a, ...reportA } = a.report;
      const { organization: _b, ...reportB } = b.report;
      expect(reportA).toEqual(reportB);
      expect(a.waitingToday).toEqual(b.waitingToday);
    } finally {
      await first.close();
      await second.close();
    }
  }, 240_000);
});
