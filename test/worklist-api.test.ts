import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { insertActionOnce } from '../src/adapters/db/stores/collection-actions.js';
import { completeTask, insertTaskOnce } from '../src/adapters/db/stores/collection-tasks.js';
import { updateCustomer } from '../src/adapters/db/stores/customers.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { addPaymentPlan } from '../src/app/collection/add-payment-plan.js';
import { addPaymentPromise } from '../src/app/collection/add-payment-promise.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { buildApp } from '../src/http/build-app.js';
import { signIn, type ApiCaller } from './support/api-session.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const PASSWORD = 'worklist secret';
const AS_OF = '2025-05-16';

interface Line {
  key: string;
  kind: string;
  task_id: string | null;
  attempt: number | null;
  customer: { id: string; reference: string; name: string };
  amount: { amount: string; currency: string };
  expected: { amount: string; currency: string };
  days_late: number;
  risk: { level: string; likelihood: number };
  why: { en: string; fr: string };
  ranking: { en: string; fr: string };
  action: { action: string; task_id?: string; customer_id?: string };
}

/** A formal notice held for approval, as the run leaves it, with its task. */
async function heldFormalNotice(db: Db, organizationId: string, customerId: string, invoices: Record<string, string>, amounts: number[]): Promise<string> {
  const numbers = Object.keys(invoices);
  const action = (await insertActionOnce(db, organizationId, {
    customer_id: customerId, case_id: null, episode_key: `${customerId}:formal-notice`, step_id: 'formal-notice', scenario_id: 'standard', channel: 'registered_letter',
    status: 'awaiting_approval', planned_on: AS_OF, not_before: null, invoice_numbers: JSON.stringify(numbers), invoice_ids: JSON.stringify(Object.values(invoices)),
    invoice_amounts: JSON.stringify(amounts), balance_minor: amounts.reduce((sum, amount) => sum + amount, 0), currency: 'EUR', reason_en: 'Formal notice after the reminders', reason_fr: 'Mise en demeure après les relances',
  }))!;
  const task = (await insertTaskOnce(db, organizationId, {
    customer_id: customerId, case_id: null, action_id: action.id, kind: 'approval', step_id: 'formal-notice', dedupe_key: `approval:${action.id}`,
    title_en: 'Approve the formal notice', title_fr: 'Valider la mise en demeure', detail: null, due_on: AS_OF, assignee_user_id: null, created_on: AS_OF,
  }))!;
  return task.id;
}

async function callTask(db: Db, organizationId: string, customerId: string, key: string, dueOn: string, assignee: string | null, attempt = 1): Promise<string> {
  const task = (await insertTaskOnce(db, organizationId, {
    customer_id: customerId, case_id: null, action_id: null, kind: 'call', step_id: 'phone-call', dedupe_key: key, attempt,
    title_en: `Call about the open invoices (attempt ${attempt} of 3)`, title_fr: `Appeler au sujet des factures ouvertes (tentative ${attempt} sur 3)`, detail: null, due_on: dueOn, assignee_user_id: assignee, created_on: '2025-05-10',
  }))!;
  return task.id;
}

describe.each(ENGINES)('today’s worklist through the API on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  const as: Record<'collector' | 'sales' | 'viewer', ApiCaller> = {} as never;
  const users: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const org = await collectionOrganization(db);
    for (const role of ['collector', 'sales', 'viewer'] as const) users[role] = (await createUser(db, org.id, { email: `${role}@atelier.test`, name: role, password: PASSWORD, role })).id;

    const small = await customerWithInvoices(db, org.id, 'C001', [['F-1', '2025-04-01', 1000_00]]);
    await updateCustomer(db, org.id, small.customer.id, { owner_user_id: users.sales!, segment: 'smb' });
    ids.smallApproval = await heldFormalNotice(db, org.id, small.customer.id, small.invoiceIds, [1000_00]);

    const large = await customerWithInvoices(db, org.id, 'C002', [['F-2', '2025-03-01', 2000_00], ['F-3', '2025-03-15', 2000_00], ['F-4', '2025-04-01', 2000_00]]);
    await updateCustomer(db, org.id, large.customer.id, { segment: 'key_account' });
    ids.largeApproval = await heldFormalNotice(db, org.id, large.customer.id, large.invoiceIds, [2000_00, 2000_00, 2000_00]);

    const caller = await customerWithInvoices(db, org.id, 'C003', [['F-5', '2025-05-06', 300_00]]);
    ids.retry = await callTask(db, org.id, caller.customer.id, 'call:retry', AS_OF, users.collector!, 2);
    // Not today's work: a call planned for later and a call already made.
    await callTask(db, org.id, caller.customer.id, 'call:later', '2025-05-20', users.collector!, 3);
    await completeTask(db, org.id, await callTask(db, org.id, caller.customer.id, 'call:done', '2025-05-12', users.collector!), 'reached');

    const promised = await customerWithInvoices(db, org.id, 'C004', [['F-6', '2025-04-20', 800_00]]);
    ids.promised = promised.customer.id;
    await addPaymentPromise(db, org.id, promised.customer, { promisedOn: '2025-05-05', graceDays: 2, invoiceNumbers: null, note: null }, '2025-05-01' as PlainDate, null);

    const planned = await customerWithInvoices(db, org.id, 'C005', [['F-7', '2025-04-10', 600_00]]);
    ids.planned = planned.customer.id;
    const instalments = [{ dueDate: '2025-05-01', amountMinor: 300_00 }, { dueDate: '2025-06-01', amountMinor: 300_00 }];
    await addPaymentPlan(db, org.id, planned.customer, { invoiceNumbers: ['F-7'], instalments, graceDays: 3 }, '2025-04-25' as PlainDate, null);

    // Another organization's held step must never show.
    const other = await collectionOrganization(db, 'Bravo Industries');
    const bravo = await customerWithInvoices(db, other.id, 'BRAVO-1', [['B-1', '2025-01-01', 90_000_00]]);
    await heldFormalNotice(db, other.id, bravo.customer.id, bravo.invoiceIds, [90_000_00]);

    app = await buildApp({ db, now: () => new Date(`${AS_OF}T09:00:00Z`) });
    await app.ready();
    for (const role of ['collector', 'sales', 'viewer'] as const) as[role] = await signIn(app, `${role}@atelier.test`, PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const worklist = async (query = '', who: ApiCaller = as.viewer) => {
    const response = await who.get(`/api/worklist?as_of=${AS_OF}${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { total: number; counts: Record<string, number>; items: Line[]; ranking_rule: { en: string } };
  };
  const refs = (lines: Line[]) => lines.map((line) => `${line.customer.reference} ${line.kind}`);

  it('ranks the work by amount at stake times the chance of paying late, and says why, broken promises and missed instalments included', async () => {
    const list = await worklist();
    expect(list.total).toBe(5);
    expect(refs(list.items)).toEqual(['C002 approval', 'C001 approval', 'C004 broken_promise', 'C005 missed_instalment', 'C003 call']);
    const cents = (money: { amount: string }) => Math.round(Number(money.amount) * 100);
    for (const line of list.items) expect(cents(line.expected)).toBe(Math.round(cents(line.amount) * line.risk.likelihood));
    const expected = list.items.map((line) => cents(line.expected));
    expect(expected).toEqual([...expected].sort((a, b) => b - a));

    const [large] = list.items;
    expect(large).toMatchObject({ amount: { amount: '6000.00', currency: 'EUR' }, days_late: 76, why: { en: 'Approve the formal notice' }, action: { action: 'approve', task_id: ids.largeApproval } });
    expect(large!.ranking.en).toMatch(/^€6,000\.00 at stake × \d+ % chance of paying late \(3 of 3 invoices late\) = €[\d,.]+ expected$/);
    const promise = list.items[2]!;
    expect(promise).toMatchObject({ task_id: null, amount: { amount: '800.00' }, action: { action: 'open_customer', customer_id: ids.promised } });
    expect(promise.why).toEqual({ en: 'Promise to pay by 5 May 2025 not kept', fr: 'Promesse de paiement au 5 mai 2025 non tenue' });
    expect(list.items[3]).toMatchObject({ amount: { amount: '600.00' }, action: { action: 'open_customer', customer_id: ids.planned } });
    expect(list.items[3]!.why).toEqual({ en: 'Payment plan instalment due on 1 May 2025 not paid', fr: 'Échéance du plan de paiement du 1er mai 2025 non réglée' });
    expect(list.items[4]).toMatchObject({ attempt: 2, action: { action: 'call', task_id: ids.retry } });
    expect(list.counts).toMatchObject({ approval: 2, call: 1, broken_promise: 1, missed_instalment: 1, dispute: 0, delivery: 0 });
    expect(list.ranking_rule.en).toContain('expected cash impact');
  });

  it('filters by owner, kind and segment, and pages', async () => {
    expect(refs((await worklist('&owner=me', as.collector)).items)).toEqual(['C003 call']);
    expect(refs((await worklist(`&owner=${users.sales}`)).items)).toEqual(['C001 approval']);
    expect(refs((await worklist('&owner=unassigned')).items)).toEqual(['C002 approval', 'C004 broken_promise', 'C005 missed_instalment']);
    const approvals = await worklist('&kind=approval');
    expect(refs(approvals.items)).toEqual(['C002 approval', 'C001 approval']);
    // The counts still show every kind, for the filter to offer them.
    expect(approvals.counts).toMatchObject({ approval: 2, call: 1, broken_promise: 1, missed_instalment: 1 });
    expect(approvals.total).toBe(2);
    expect(refs((await worklist('&segment=smb')).items)).toEqual(['C001 approval']);
    const second = await worklist('&limit=2&offset=1');
    expect(second.total).toBe(5);
    expect(refs(second.items)).toEqual(['C001 approval', 'C004 broken_promise']);
  });

  it('gives the counts and the total alone with limit=0, as the dashboard shows them', async () => {
    const full = await worklist();
    const summary = await worklist('&limit=0');
    expect(summary).toMatchObject({ total: 5, limit: 0, items: [] });
    expect(summary.counts).toEqual(full.counts);
    expect(await worklist('&limit=0&kind=call')).toMatchObject({ total: 1, items: [], counts: full.counts });
    expect((await worklist('&limit=0', as.sales)).total).toBe(1);
  });

  it('shows a sales user only the accounts they own', async () => {
    expect(refs((await worklist('', as.sales)).items)).toEqual(['C001 approval']);
  });

  it('refuses an unknown kind', async () => {
    const response = await as.viewer.get('/api/worklist?kind=everything');
    expect(response.statusCode).toBe(422);
  });

  it('takes approved steps off the list', async () => {
    expect((await as.viewer.post('/api/tasks/approve', { ids: [ids.smallApproval, ids.largeApproval] })).statusCode).toBe(403);
    const approved = await as.collector.post('/api/tasks/approve', { ids: [ids.smallApproval, ids.largeApproval] });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().items.map((item: { result: string }) => item.result)).toEqual(['queued', 'queued']);
    const list = await worklist();
    expect(refs(list.items)).toEqual(['C004 broken_promise', 'C005 missed_instalment', 'C003 call']);
    expect(list.counts.approval).toBe(0);
  });
});
