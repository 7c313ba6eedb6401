import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { DEMO_AGENCY, DEMO_AGENCY_USERS } from '../src/app/demo/demo-agency.js';
import { DEMO_LOGIN, DEMO_ORGANIZATION } from '../src/app/demo/demo-organization.js';
import { describeDemoUsers } from '../src/app/demo/describe-demo-users.js';
import { findDemoLogin } from '../src/app/demo/find-demo-login.js';
import { loadDemoWithHistory, type LoadedDemoWithHistory } from '../src/app/demo/play-demo-history.js';
import { resolveOrganization } from '../src/cli/context.js';
import { addDays, type PlainDate } from '../src/core/plain-date.js';
import { buildApp } from '../src/http/build-app.js';
import { ENGINES, freshDatabase } from './support/engines.js';
import { signIn } from './support/api-session.js';

const TODAY = '2026-03-12' as PlainDate;
const HISTORY_DAYS = 10;
const HANDED_ON = addDays(TODAY, -HISTORY_DAYS);

describe.each(ENGINES)('the demo with its collection agency on %s', (engine) => {
  let db: Db;
  let loaded: LoadedDemoWithHistory;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    loaded = await loadDemoWithHistory(db, { customers: 30, invoices: 400, seed: 9, historyDays: HISTORY_DAYS, today: TODAY, withAgency: true });
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('hands the two customers owing the most overdue money to an agency on the instance, live on both sides', async () => {
    const agency = await db.kysely.selectFrom('organizations').selectAll().where('name', '=', DEMO_AGENCY.name).executeTakeFirstOrThrow();
    expect(agency).toMatchObject({ kind: 'agency', country: 'FR', currency: 'EUR', legal_name: 'Cabinet Recouvrement Rhône SARL' });
    expect(loaded.agency).toMatchObject({ organizationId: agency.id, organizationName: DEMO_AGENCY.name });

    const mandates = await db.kysely.selectFrom('mandates').selectAll().where('organization_id', '=', loaded.organizationId).orderBy('balance_at_handoff_minor', 'desc').execute();
    expect(mandates.map((m) => m.id)).toEqual(loaded.agency!.mandateIds);
    for (const mandate of mandates) {
      expect(mandate).toMatchObject({ agency_organization_id: agency.id, acting_as: 'agency', fee_percent_bp: 1500, status: 'active', starts_on: HANDED_ON, partner_name: DEMO_AGENCY.name });
    }
    // No other customer owed more overdue money on the day of the hand-off.
    const overdue = await db.kysely
      .selectFrom('invoices')
      .select(['customer_id', (eb) => eb.fn.sum<number | string>('open_minor').as('due')])
      .where('organization_id', '=', loaded.organizationId)
      .where('due_date', '<', HANDED_ON)
      .groupBy('customer_id')
      .execute();
    const handed = new Set(mandates.map((m) => m.customer_id));
    const others = overdue.filter((row) => !handed.has(row.customer_id)).map((row) => Number(row.due));
    expect(Math.min(...mandates.map((m) => m.balance_at_handoff_minor))).toBeGreaterThanOrEqual(Math.max(0, ...others));

    // The creditor's own reminders stopped for them during the weeks played after the hand-off.
    const reminders = await db.kysely.selectFrom('outbox_messages').select('id').where('organization_id', '=', loaded.organizationId).where('customer_id', 'in', [...handed]).where('mandate_id', 'is', null).execute();
    expect(reminders).toEqual([]);

    const app = await buildApp({ db, now: () => new Date(`${TODAY}T10:00:00Z`) });
    try {
      const agencyUser = loaded.users.find((u) => u.email === DEMO_AGENCY_USERS[0]!.email)!;
      const agencyAdmin = await signIn(app, agencyUser.email, agencyUser.password);
      const cases = (await agencyAdmin.get('/api/agency/cases')).json<{ items: { creditor: { name: string }; customer: { external_ref: string }; acting_as: string; fee_percent: string }[] }>();
      expect(cases.items.map((c) => c.customer.external_ref).sort()).toEqual([...loaded.agency!.customerRefs].sort());
      for (const item of cases.items) expect(item).toMatchObject({ creditor: { name: DEMO_ORGANIZATION.name }, acting_as: 'agency', fee_percent: '15' });
      const tasks = (await agencyAdmin.get('/api/agency/tasks')).json<{ items: unknown[] }>();
      expect(tasks.items).toHaveLength(2);
      // The agency reaches no creditor data outside its cases.
      expect((await agencyAdmin.get('/api/customers')).json<{ items: unknown[] }>().items).toEqual([]);

      const creditorAdmin = await signIn(app, DEMO_LOGIN.email, loaded.login.password);
      const handedOffs = (await creditorAdmin.get('/api/mandates?status=active')).json<{ items: { live: boolean; partner: { name: string } }[] }>();
      expect(handedOffs.items).toHaveLength(2);
      for (const item of handedOffs.items) expect(item).toMatchObject({ live: true, partner: { name: DEMO_AGENCY.name } });
    } finally {
      await app.close();
    }
  });

  it('prints the agency’s user after the creditor’s, and still finds the creditor’s sign-in first', async () => {
    const lines = describeDemoUsers(loaded.users);
    const heading = lines.findIndex((line) => line.startsWith(`Users of the collection agency "${DEMO_AGENCY.name}"`));
    expect(lines.findIndex((line) => line.includes(DEMO_LOGIN.email))).toBeLessThan(heading);
    expect(lines[heading + 1]).toMatch(/^ {2}nadia\.roussel@recouvrement-rhone\.example +admin +[a-z2-9-]{19} +Nadia Roussel$/);
    expect(await findDemoLogin(db)).toEqual({ organizationName: DEMO_ORGANIZATION.name, email: DEMO_LOGIN.email });
    // The command line needs no --org: the one creditor is meant.
    expect((await resolveOrganization(db, undefined)).id).toBe(loaded.organizationId);
  });
});
