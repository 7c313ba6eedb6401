import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { transportsFromConfig } from '../src/adapters/channels/transports-from-config.js';
import { createDispute } from '../src/adapters/db/stores/collection-pauses.js';
import { replaceAssignmentRules, setManualScenarioId } from '../src/adapters/db/stores/collection-scenarios.js';
import { updateCustomer } from '../src/adapters/db/stores/customers.js';
import { createPayment, insertAllocation } from '../src/adapters/db/stores/documents.js';
import { decideApproval } from '../src/app/collection/decide-approval.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import { sendCollectionMessages } from '../src/app/collection/send-collection-messages.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { alreadyReminded, collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabaseUrl } from './support/engines.js';

const AS_OF = '2025-05-16' as PlainDate; // a Friday
const BEFORE_HOURS = new Date('2025-05-16T05:00:00Z'); // 07:00 in Paris
const IN_HOURS = new Date('2025-05-16T08:00:00Z'); // 10:00 in Paris

const keepInDirectory = () => transportsFromConfig({ outboxDir: mkdtempSync(join(tmpdir(), 'relance-collection-outbox-')) });

describe.each(ENGINES)('collection workers on %s', (engine) => {
  let url: string;
  let db: Db;
  let second: Db;
  let org: OrganizationRow;

  beforeAll(async () => {
    url = await freshDatabaseUrl(engine);
    db = await openDatabase(url);
    // PostgreSQL: a second pool, as a second worker process would have. SQLite allows one
    // writer at a time, so its second "worker" shares the connection and queues behind it.
    second = engine === 'postgres' ? await openDatabase(url) : db;
    org = await collectionOrganization(db);
  });
  afterAll(async () => {
    if (second !== db) await second?.close();
    await db?.close();
  });

  it('two runs at once write each step once and queue each message once', async () => {
    const refs = Array.from({ length: 12 }, (_, i) => `W${String(i).padStart(2, '0')}`);
    for (const ref of refs) await customerWithInvoices(db, org.id, ref, [[`F-${ref}`, '2025-05-10', 100_00 + refs.indexOf(ref)]]);
    const [a, b] = await Promise.all([
      runCollection(db, org, { asOf: AS_OF, now: BEFORE_HOURS, workerId: 'a', send: false }),
      runCollection(second, org, { asOf: AS_OF, now: BEFORE_HOURS, workerId: 'b', send: false }),
    ]);
    const created = [...a.actions, ...b.actions].filter((action) => action.created);
    expect(created.map((action) => action.customer_reference).sort()).toEqual(refs);
    const actions = await db.kysely.selectFrom('collection_actions').select(['customer_id', 'step_id']).where('organization_id', '=', org.id).execute();
    expect(actions).toHaveLength(refs.length);
    const messages = await db.kysely.selectFrom('outbox_messages').select(['action_id']).where('organization_id', '=', org.id).execute();
    expect(new Set(messages.map((m) => m.action_id)).size).toBe(refs.length);
    expect(messages).toHaveLength(refs.length);
    const cases = await db.kysely.selectFrom('collection_cases').select('customer_id').where('organization_id', '=', org.id).execute();
    expect(cases).toHaveLength(refs.length);
  });
});

describe.each(ENGINES)('the last check before sending on %s', (engine) => {
  let db: Db;
  let org: OrganizationRow;
  const customers: Record<string, { id: string; invoiceIds: Record<string, string> }> = {};

  beforeAll(async () => {
    db = await openDatabase(await freshDatabaseUrl(engine));
    org = await collectionOrganization(db);
    for (const ref of ['P1', 'P2', 'P3']) {
      const { customer, invoiceIds } = await customerWithInvoices(db, org.id, ref, [[`F-${ref}`, '2025-05-10', 500_00]]);
      customers[ref] = { id: customer.id, invoiceIds };
    }
    // Written before business hours: the messages wait in the outbox.
    const report = await runCollection(db, org, { asOf: AS_OF, now: BEFORE_HOURS, transports: keepInDirectory() });
    expect(report.sending?.claimed).toBe(0);
  });
  afterAll(async () => {
    await db?.close();
  });

  const statusOf = async (ref: string) =>
    (await db.kysely.selectFrom('collection_actions').select(['status', 'status_note']).where('customer_id', '=', customers[ref]!.id).where('status', '!=', 'skipped').orderBy('created_at').execute()).map((row) => row.status);

  it('sends nothing outside business hours, even what became due earlier: it waits for the next slot', async () => {
    const fridayEvening = new Date('2025-05-16T17:30:00Z'); // 19:30 in Paris
    const saturdayMorning = new Date('2025-05-17T08:00:00Z');
    const mondayEarly = new Date('2025-05-19T05:00:00Z'); // 07:00 in Paris
    for (const now of [fridayEvening, saturdayMorning, mondayEarly]) {
      const summary = await sendCollectionMessages(db, org, { now, workerId: 'sender', transports: keepInDirectory() });
      expect(summary.claimed).toBe(0);
    }
    expect(await statusOf('P3')).not.toContain('sent');
  });

  it('does not send a reminder for an invoice paid, partly paid or disputed after the run', async () => {
    const pay = async (ref: string, amountMinor: number) => {
      const payment = await createPayment(db, org.id, { customerId: customers[ref]!.id, reference: `VIR-${ref}`, receivedOn: AS_OF, currency: 'EUR', amountMinor });
      await insertAllocation(db, org.id, { invoiceId: customers[ref]!.invoiceIds[`F-${ref}`]!, paymentId: payment.id, amountMinor, allocatedOn: AS_OF });
    };
    await pay('P1', 200_00);
    await createDispute(db, org.id, { customerId: customers.P2!.id, invoiceId: customers.P2!.invoiceIds['F-P2']!, reason: 'price', note: null, openedOn: AS_OF, createdBy: null });

    const summary = await sendCollectionMessages(db, org, { now: IN_HOURS, workerId: 'sender', transports: keepInDirectory() });
    expect(summary.claimed).toBe(3);
    expect(summary.cancelled).toBe(2);
    expect(await statusOf('P1')).toEqual(['cancelled']);
    expect(await statusOf('P2')).toEqual(['cancelled']);
    expect(await statusOf('P3')).toEqual(['sent']);
  });

  it('plans the cancelled step again with the figures that are true now', async () => {
    const report = await runCollection(db, org, { asOf: AS_OF, now: BEFORE_HOURS, send: false, customerIds: [customers.P1!.id, customers.P2!.id] });
    const planned = report.actions.filter((action) => action.created);
    // P2 stays silent while its only invoice is disputed; P1 is reminded of what it still owes.
    expect(planned.map((action) => [action.customer_reference, action.step_id, action.balance.amount])).toEqual([['P1', 'courteous-reminder', '300.00']]);
  });

  it('closes the case once nothing is overdue', async () => {
    const payment = await createPayment(db, org.id, { customerId: customers.P3!.id, reference: 'VIR-P3', receivedOn: '2025-05-19', currency: 'EUR', amountMinor: 500_00 });
    await insertAllocation(db, org.id, { invoiceId: customers.P3!.invoiceIds['F-P3']!, paymentId: payment.id, amountMinor: 500_00, allocatedOn: '2025-05-19' });
    const report = await runCollection(db, org, { asOf: '2025-05-19' as PlainDate, now: new Date('2025-05-19T05:00:00Z'), send: false, customerIds: [customers.P3!.id] });
    expect(report.cases_closed).toBe(1);
    const cases = await db.kysely.selectFrom('collection_cases').select(['status', 'closed_on']).where('customer_id', '=', customers.P3!.id).execute();
    expect(cases).toEqual([{ status: 'closed', closed_on: '2025-05-19' }]);
  });
});

describe.each(ENGINES)('steps handled by people on %s', (engine) => {
  let db: Db;
  let org: OrganizationRow;

  beforeAll(async () => {
    db = await openDatabase(await freshDatabaseUrl(engine));
    org = await collectionOrganization(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('makes a call task for the phone-call step and sends nothing', async () => {
    // 9 days overdue, above the EUR 10,000 a call needs, reminded a week ago.
    const { customer } = await customerWithInvoices(db, org.id, 'H1', [['F-H1', '2025-05-07', 12_000_00]]);
    await alreadyReminded(db, org.id, customer.id, [['courteous-reminder', '2025-05-09']]);
    const report = await runCollection(db, org, { asOf: AS_OF, now: BEFORE_HOURS, send: false, customerIds: [customer.id] });
    expect(report.actions.filter((a) => a.status !== 'skipped').map((a) => [a.step_id, a.channel])).toEqual([['phone-call', 'call_task']]);
    const tasks = await db.kysely.selectFrom('collection_tasks').selectAll().where('customer_id', '=', customer.id).execute();
    expect(tasks.map((t) => [t.kind, t.status])).toEqual([['call', 'open']]);
    expect(tasks[0]!.detail).toContain('F-H1');
    expect(await db.kysely.selectFrom('outbox_messages').select('id').where('customer_id', '=', customer.id).execute()).toEqual([]);
  });

  it('holds a formal notice for approval instead of sending it', async () => {
    // 36 days overdue, two reminders gone out.
    const { customer } = await customerWithInvoices(db, org.id, 'H2', [['F-H2', '2025-04-10', 800_00]]);
    await alreadyReminded(db, org.id, customer.id, [['courteous-reminder', '2025-04-13'], ['firm-reminder', '2025-04-25'], ['firm-reminder-letter', '2025-04-25']]);
    const report = await runCollection(db, org, { asOf: AS_OF, now: BEFORE_HOURS, send: false, customerIds: [customer.id] });
    expect(report.actions.filter((a) => a.status !== 'skipped').map((a) => [a.step_id, a.status])).toEqual([['formal-notice', 'awaiting_approval']]);
    const tasks = await db.kysely.selectFrom('collection_tasks').selectAll().where('customer_id', '=', customer.id).execute();
    expect(tasks.map((t) => t.kind)).toEqual(['approval']);
    expect(await db.kysely.selectFrom('outbox_messages').select('id').where('customer_id', '=', customer.id).execute()).toEqual([]);
  });

  it('queues the formal notice once a person approves it, for the next business-hours slot', async () => {
    const customerId = (await db.kysely.selectFrom('customers').select('id').where('external_ref', '=', 'H2').executeTakeFirstOrThrow()).id;
    const task = await db.kysely.selectFrom('collection_tasks').selectAll().where('customer_id', '=', customerId).where('kind', '=', 'approval').executeTakeFirstOrThrow();
    // Approved on Saturday 17 May: the registered letter waits for Monday 09:00 in Paris.
    const outcome = await decideApproval(db, org, task.id, { approve: true }, { now: new Date('2025-05-17T10:00:00Z') });
    expect(outcome).toMatchObject({ result: 'queued', action: { step_id: 'formal-notice', status: 'planned' } });
    const messages = await db.kysely.selectFrom('outbox_messages').selectAll().where('customer_id', '=', customerId).execute();
    expect(messages.map((m) => [m.channel, m.not_before])).toEqual([['registered_letter', '2025-05-19T07:00:00.000Z']]);
    expect(messages[0]!.text_body).toContain('F-H2');
    await expect(decideApproval(db, org, task.id, { approve: true }, { now: new Date('2025-05-17T10:05:00Z') })).rejects.toThrow(/already done/);
  });

  it('sends a friendly reminder five days before the due date without opening a case', async () => {
    const { customer } = await customerWithInvoices(db, org.id, 'H3', [['F-H3', '2025-05-21', 800_00]]);
    const report = await runCollection(db, org, { asOf: AS_OF, now: BEFORE_HOURS, send: false, customerIds: [customer.id] });
    expect(report.actions.map((a) => [a.step_id, a.status, a.reason.en])).toEqual([['friendly-pre-due', 'planned', 'Invoice F-H3 is due in 5 days; scenario standard, step friendly pre-due reminder']]);
    expect(await db.kysely.selectFrom('collection_cases').select('id').where('customer_id', '=', customer.id).execute()).toEqual([]);
    // The next day the same invoice is not reminded again.
    const next = await runCollection(db, org, { asOf: '2025-05-19' as PlainDate, now: new Date('2025-05-19T05:00:00Z'), send: false, customerIds: [customer.id] });
    expect(next.actions).toEqual([]);
  });

  it('tells the owner of a key account before the first reminder, then sends it once the notice period is over', async () => {
    const { customer } = await customerWithInvoices(db, org.id, 'K1', [['F-K1', '2025-05-11', 5_000_00]]);
    await setManualScenarioId(db, org.id, customer.id, 'key-account', null);
    const told = await runCollection(db, org, { asOf: AS_OF, now: BEFORE_HOURS, send: false, customerIds: [customer.id] });
    expect(told.actions).toEqual([]);
    const tasks = await db.kysely.selectFrom('collection_tasks').selectAll().where('customer_id', '=', customer.id).execute();
    expect(tasks.map((t) => [t.kind, t.step_id, t.created_on])).toEqual([['owner_notice', 'courteous-reminder', AS_OF]]);
    // Before the notice period is over: nothing more, not even a second notice.
    const waiting = await runCollection(db, org, { asOf: '2025-05-17' as PlainDate, now: new Date('2025-05-17T05:00:00Z'), send: false, customerIds: [customer.id] });
    expect(waiting.actions).toEqual([]);
    expect(waiting.tasks_created).toBe(0);
    const sent = await runCollection(db, org, { asOf: '2025-05-18' as PlainDate, now: new Date('2025-05-18T05:00:00Z'), send: false, customerIds: [customer.id] });
    expect(sent.actions.map((a) => [a.scenario_id, a.step_id, a.status])).toEqual([['key-account', 'courteous-reminder', 'planned']]);
    // Sunday 18 May: the message waits for Monday 09:00 in Paris.
    expect(sent.actions[0]!.not_before).toBe('2025-05-19T07:00:00.000Z');
  });

  it('follows the assignment rules: the first matching rule gives the scenario', async () => {
    const { customer } = await customerWithInvoices(db, org.id, 'R1', [['F-R1', '2025-05-14', 300_00]]); // 2 days overdue
    await updateCustomer(db, org.id, customer.id, { segment: 'wholesale' });
    await replaceAssignmentRules(db, org.id, [{ scenarioId: 'high-risk', segments: ['wholesale'] }]);
    const report = await runCollection(db, org, { asOf: AS_OF, now: BEFORE_HOURS, send: false, customerIds: [customer.id] });
    // The standard scenario has nothing due 2 days after the due date; high-risk reminds after 1.
    expect(report.actions.map((a) => [a.scenario_id, a.step_id])).toEqual([['high-risk', 'courteous-reminder']]);
    await replaceAssignmentRules(db, org.id, []);
  });
});
