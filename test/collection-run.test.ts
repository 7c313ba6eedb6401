import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { createPaymentPromise, createDispute } from '../src/adapters/db/stores/collection-pauses.js';
import { createCreditNote, createPayment, insertAllocation } from '../src/adapters/db/stores/documents.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import { formatMoneyForLanguage } from '../src/core/templates/format-for-language.js';
import { parseDecimalToMinor } from '../src/core/money.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { buildApp } from '../src/http/build-app.js';
import { signIn } from './support/api-session.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';

// Friday 16 May 2025; Paris is UTC+2, so 09:00 there is 07:00Z.
const AS_OF = '2025-05-16' as PlainDate;
const FRIDAY_MORNING = new Date('2025-05-16T06:00:00Z');

async function countRows(db: Db, organizationId: string) {
  const count = async (table: 'collection_actions' | 'collection_tasks' | 'collection_cases' | 'timeline_events' | 'outbox_messages') =>
    Number((await db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('organization_id', '=', organizationId).executeTakeFirstOrThrow()).n);
  return {
    actions: await count('collection_actions'),
    tasks: await count('collection_tasks'),
    cases: await count('collection_cases'),
    timeline: await count('timeline_events'),
    outbox: await count('outbox_messages'),
  };
}

describe.each(ENGINES)('collection run on %s', (engine) => {
  let db: Db;
  let org: OrganizationRow;
  const ids: Record<string, { customerId: string; invoiceIds: Record<string, string> }> = {};
  let preview: Awaited<ReturnType<typeof runCollection>>;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    org = await collectionOrganization(db);
    const add = async (ref: string, invoices: readonly (readonly [string, string, number])[]) => {
      const { customer, invoiceIds } = await customerWithInvoices(db, org.id, ref, invoices);
      ids[ref] = { customerId: customer.id, invoiceIds };
      return customer;
    };
    // Two overdue invoices, 15 and 8 days: one message for both, at the most advanced due step.
    await add('C001', [['F-2025-0456', '2025-05-01', 1234_56], ['F-2025-0471', '2025-05-08', 480_00]]);
    // Paid in full.
    const paid = await add('C002', [['F-2025-0500', '2025-05-06', 300_00]]);
    const payment = await createPayment(db, org.id, { customerId: paid.id, reference: 'VIR-500', receivedOn: '2025-05-10', currency: 'EUR', amountMinor: 300_00 });
    await insertAllocation(db, org.id, { invoiceId: ids.C002!.invoiceIds['F-2025-0500']!, paymentId: payment.id, amountMinor: 300_00, allocatedOn: '2025-05-10' });
    // Credited in full.
    const credited = await add('C003', [['F-2025-0510', '2025-05-06', 250_00]]);
    const credit = await createCreditNote(db, org.id, { customerId: credited.id, number: 'AV-0001', issueDate: '2025-05-09', currency: 'EUR', amountMinor: 250_00 });
    await insertAllocation(db, org.id, { invoiceId: ids.C003!.invoiceIds['F-2025-0510']!, creditNoteId: credit.id, amountMinor: 250_00, allocatedOn: '2025-05-09' });
    // Disputed.
    const disputed = await add('C004', [['F-2025-0520', '2025-05-06', 700_00]]);
    await createDispute(db, org.id, { customerId: disputed.id, invoiceId: ids.C004!.invoiceIds['F-2025-0520']!, reason: 'not_delivered', note: null, openedOn: '2025-05-12', createdBy: null });
    // Under a promise to pay that still runs (20 May + 2 days of grace).
    const promised = await add('C005', [['F-2025-0530', '2025-05-06', 900_00]]);
    await createPaymentPromise(db, org.id, { customerId: promised.id, promisedOn: '2025-05-20', graceDays: 2, invoiceNumbers: ['F-2025-0530'], note: null, createdOn: '2025-05-13', createdBy: null });
    // Four days overdue: the courteous reminder.
    await add('C006', [['F-2025-0540', '2025-05-12', 150_00]]);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('a dry run reports the decisions and writes nothing', async () => {
    preview = await runCollection(db, org, { asOf: AS_OF, now: FRIDAY_MORNING, dryRun: true });
    const report = preview;
    expect(report.dry_run).toBe(true);
    expect(report.actions.map((a) => [a.customer_reference, a.step_id, a.status])).toContainEqual(['C006', 'courteous-reminder', 'planned']);
    expect(await countRows(db, org.id)).toEqual({ actions: 0, tasks: 0, cases: 0, timeline: 0, outbox: 0 });
  });

  it('reminds nobody for what is paid, credited, disputed or under a promise that still runs', async () => {
    const report = await runCollection(db, org, { asOf: AS_OF, now: FRIDAY_MORNING, send: false });
    const reminded = new Set(report.actions.filter((a) => a.status !== 'skipped').map((a) => a.customer_reference));
    expect([...reminded].sort()).toEqual(['C001', 'C006']);
    const outboxCustomers = await db.kysely.selectFrom('outbox_messages').select('customer_id').where('organization_id', '=', org.id).execute();
    expect(new Set(outboxCustomers.map((m) => m.customer_id))).toEqual(new Set([ids.C001!.customerId, ids.C006!.customerId]));
  });

  it('sends one consolidated message per customer listing every overdue invoice, with the reason in plain words', async () => {
    const single = preview.actions.find((a) => a.customer_reference === 'C006')!;
    expect(single.reason.en).toBe('Invoice F-2025-0540 is 4 days overdue; scenario standard, step courteous reminder');
    expect(single.invoices).toEqual([{ number: 'F-2025-0540', due_date: '2025-05-12', days_overdue: 4, open: { amount: '150.00', currency: 'EUR' } }]);

    const messages = await db.kysely.selectFrom('outbox_messages').selectAll().where('customer_id', '=', ids.C001!.customerId).execute();
    // A first contact, however late: the courteous reminder, one email listing both invoices.
    expect(messages.map((m) => m.channel)).toEqual(['email']);
    for (const message of messages) {
      expect(message.text_body).toContain('F-2025-0456');
      expect(message.text_body).toContain('F-2025-0471');
    }
  });

  it('opens with the first reminder for a customer never contacted, recording no later step as skipped', async () => {
    const actions = await db.kysely.selectFrom('collection_actions').selectAll().where('customer_id', '=', ids.C001!.customerId).orderBy('step_id').execute();
    expect(actions.map((a) => [a.step_id, a.status])).toEqual([['courteous-reminder', 'planned']]);
    expect(actions[0]!.reason_en).toBe('2 invoices are overdue, the oldest (F-2025-0456) by 15 days; scenario standard, step courteous reminder');
    expect(await db.kysely.selectFrom('collection_actions').select('id').where('organization_id', '=', org.id).where('status', '=', 'skipped').execute()).toEqual([]);
    const tasks = await db.kysely.selectFrom('collection_tasks').selectAll().where('customer_id', '=', ids.C001!.customerId).execute();
    expect(tasks).toEqual([]);
  });

  it('opens one case per customer with an overdue invoice', async () => {
    const cases = await db.kysely.selectFrom('collection_cases').selectAll().where('organization_id', '=', org.id).where('status', '=', 'open').execute();
    // Disputed and promised invoices are still overdue: their cases are open, only silenced.
    expect(cases.map((c) => c.customer_id).sort()).toEqual([ids.C001, ids.C004, ids.C005, ids.C006].map((x) => x!.customerId).sort());
  });

  it('changes nothing when run again the same day', async () => {
    const before = await countRows(db, org.id);
    const again = await runCollection(db, org, { asOf: AS_OF, now: new Date('2025-05-16T12:00:00Z'), send: false });
    expect(again.actions.filter((a) => a.created)).toEqual([]);
    expect(again.cases_opened).toBe(0);
    expect(await countRows(db, org.id)).toEqual(before);
  });

  it('puts messages on the first business-hours slot: 09:00 Paris time on a weekday, Monday after a Friday evening', async () => {
    const morning = await db.kysely.selectFrom('outbox_messages').select('not_before').where('organization_id', '=', org.id).execute();
    expect(new Set(morning.map((m) => m.not_before))).toEqual(new Set(['2025-05-16T07:00:00.000Z']));

    // A customer not yet reminded, planned without writing.
    const { customer } = await customerWithInvoices(db, org.id, 'C007', [['F-2025-0550', '2025-05-12', 90_00]]);
    const only = { customerIds: [customer.id], dryRun: true };
    const evening = await runCollection(db, org, { ...only, asOf: AS_OF, now: new Date('2025-05-16T17:30:00Z') });
    expect(evening.actions.map((a) => a.step_id)).toEqual(['courteous-reminder']);
    expect(new Set(evening.actions.filter((a) => a.not_before).map((a) => a.not_before))).toEqual(new Set(['2025-05-19T07:00:00.000Z']));

    // Thursday 29 May 2025 is Ascension Day, a public holiday in France: the slot moves to Friday.
    const holiday = await runCollection(db, org, { ...only, asOf: '2025-05-29' as PlainDate, now: new Date('2025-05-29T08:00:00Z') });
    const slots = new Set(holiday.actions.filter((a) => a.not_before).map((a) => a.not_before));
    expect(slots.size).toBeGreaterThan(0);
    expect(slots).toEqual(new Set(['2025-05-30T07:00:00.000Z']));
  });
});

describe.each(ENGINES)('figures in collection messages on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    app = await buildApp({ db });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('states every invoice amount and the balance exactly as the API reports them', async () => {
    const org = await collectionOrganization(db);
    await createUser(db, org.id, { email: 'ada@atelier.test', name: 'Ada', password: 'collector secret', role: 'collector' });
    const { customer, invoiceIds } = await customerWithInvoices(db, org.id, 'C100', [['F-1', '2025-04-20', 1234_56], ['F-2', '2025-05-02', 2_480_10]], { language: 'fr' });
    // A part payment on F-1 and an unapplied credit note: both must show in the figures.
    const payment = await createPayment(db, org.id, { customerId: customer.id, reference: 'VIR-1', receivedOn: '2025-05-05', currency: 'EUR', amountMinor: 200_00 });
    await insertAllocation(db, org.id, { invoiceId: invoiceIds['F-1']!, paymentId: payment.id, amountMinor: 200_00, allocatedOn: '2025-05-05' });
    await createCreditNote(db, org.id, { customerId: customer.id, number: 'AV-9', issueDate: '2025-05-10', currency: 'EUR', amountMinor: 30_00 });

    await runCollection(db, org, { asOf: AS_OF, now: FRIDAY_MORNING, send: false });
    const email = await db.kysely.selectFrom('outbox_messages').selectAll().where('customer_id', '=', customer.id).where('channel', '=', 'email').executeTakeFirstOrThrow();

    const api = await signIn(app, 'ada@atelier.test', 'collector secret');
    const response = await api.get(`/api/customers/${customer.id}/open-items?as_of=${AS_OF}`);
    expect(response.statusCode).toBe(200);
    const openItems = response.json<{ items: { number: string; open: { amount: string } }[]; unapplied_credits: { amount: string }[] }>();
    const inFrench = (amount: string) => formatMoneyForLanguage(parseDecimalToMinor(amount, 'EUR')!, 'EUR', 'fr');
    expect(openItems.items.map((i) => i.number)).toEqual(['F-1', 'F-2']);
    for (const item of openItems.items) expect(email.text_body).toContain(`${item.number}`), expect(email.text_body).toContain(inFrench(item.open.amount));
    const balance = openItems.items.reduce((sum, i) => sum + parseDecimalToMinor(i.open.amount, 'EUR')!, 0) - openItems.unapplied_credits.reduce((sum, c) => sum + parseDecimalToMinor(c.amount, 'EUR')!, 0);
    expect(balance).toBe(1034_56 + 2_480_10 - 30_00);
    expect(email.text_body).toContain(formatMoneyForLanguage(balance, 'EUR', 'fr'));
  });

  it('states the late fees of a reminder exactly as the API reports them, and none once they are waived', async () => {
    const org = await collectionOrganization(db);
    await createUser(db, org.id, { email: 'bea@atelier.test', name: 'Bea', password: 'admin secret', role: 'admin' });
    const api = await signIn(app, 'bea@atelier.test', 'admin secret');
    // Fees stated from the first reminder on, so that the first contact states them.
    expect((await api.request('PUT', '/api/settings/late-fees', { claim_interest: true, claim_indemnity: true, state_from_step: 'courteous-reminder' })).statusCode).toBe(200);
    // Due 30 April 2025: 16 days late on 16 May.
    const { customer } = await customerWithInvoices(db, org.id, 'C200', [['F-10', '2025-04-30', 1000_00]], { language: 'fr' });
    await runCollection(db, org, { asOf: AS_OF, now: FRIDAY_MORNING, send: false });
    const email = await db.kysely.selectFrom('outbox_messages').selectAll().where('customer_id', '=', customer.id).where('channel', '=', 'email').executeTakeFirstOrThrow();

    const fees = (await api.get(`/api/customers/${customer.id}/late-fees?as_of=${AS_OF}`)).json<{ totals: { interest: { amount: string }; indemnity: { amount: string } }[] }>();
    // 1000.00 × 13.15 % × 16 / 365 = 5.764… → 5.76; plus the EUR 40 indemnity.
    expect(fees.totals[0]!.interest.amount).toBe('5.76');
    expect(fees.totals[0]!.indemnity.amount).toBe('40.00');
    expect(email.text_body).toContain(formatMoneyForLanguage(576, 'EUR', 'fr'));
    expect(email.text_body).toContain(formatMoneyForLanguage(40_00, 'EUR', 'fr'));

    const waived = await api.request('PUT', '/api/settings/late-fees', { claim_interest: false, claim_indemnity: false, state_from_step: 'courteous-reminder' });
    expect(waived.statusCode).toBe(200);
    const { customer: other } = await customerWithInvoices(db, org.id, 'C201', [['F-11', '2025-04-30', 1000_00]], { language: 'fr' });
    await runCollection(db, org, { asOf: AS_OF, now: FRIDAY_MORNING, send: false });
    const plain = await db.kysely.selectFrom('outbox_messages').selectAll().where('customer_id', '=', other.id).where('channel', '=', 'email').executeTakeFirstOrThrow();
    expect(plain.text_body).not.toContain(formatMoneyForLanguage(40_00, 'EUR', 'fr'));
    expect(plain.text_body).not.toContain(formatMoneyForLanguage(576, 'EUR', 'fr'));
  });
});
