import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { newId } from '../src/adapters/db/ids.js';
import type { CollectionTaskRow, CustomerRow, OrganizationRow } from '../src/adapters/db/schema.js';
import { insertActionOnce } from '../src/adapters/db/stores/collection-actions.js';
import { getCollectionSettings } from '../src/adapters/db/stores/collection-settings.js';
import { updateCustomer } from '../src/adapters/db/stores/customers.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { saveWorklistStandings } from '../src/adapters/db/stores/worklist-standings.js';
import { addPaymentPlan } from '../src/app/collection/add-payment-plan.js';
import { addPaymentPromise } from '../src/app/collection/add-payment-promise.js';
import { loadPlanningContext, planCustomers, type CustomerCollectionPlan } from '../src/app/collection/plan-customer-collection.js';
import { getWorklist, overdueOf, type WorklistFilter, type WorklistLine } from '../src/app/worklist/get-worklist.js';
import { brokenArrangement } from '../src/core/collection/pauses.js';
import { toMoneyJson } from '../src/core/money.js';
import { addDays, type PlainDate } from '../src/core/plain-date.js';
import type { RiskLevel } from '../src/core/scenarios/scenario.js';
import { formatDateForLanguage } from '../src/core/templates/format-for-language.js';
import { rankWorklist, WORK_KINDS, type LatenessHistory, type WorkCandidate, type WorkKind } from '../src/core/worklist/rank-worklist.js';
import { seededRandom } from './fixtures/imports/fuzz-oracle.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';

// Friday 16 May 2025. Today's lines come from tasks of every kind, some held steps with their own
// amount, customers whose standing the run kept for the day (several with the very same standing,
// so lines tie), customers with none or one of another day, and customers with a promise or a plan.
const AS_OF = '2025-05-16' as PlainDate;
const TASK_KINDS = ['approval', 'call', 'dispute', 'delivery', 'small_claim', 'handoff', 'owner_notice', 'debtor_request', 'reply'] as const;
// Amounts whose product with a likelihood falls on a half, where rounding in decimals and in
// doubles part: 50 × 0.29 is 14.499999999999998 in JavaScript.
const STAKES = [50, 150, 1_050, 12_345, 99_999, 250_000, 0];

// Two customers whose lines are worth the same once rounded as JavaScript rounds, more than any
// other: 1,234,567 cents × 50 % is 617,283.5, which Math.round takes up to 617,284, the figure of
// 3,086,420 × 20 %. The one longer late goes first; rounding the half down would put it after.
const HALVES: Record<number, { risk_level: RiskLevel; invoices_considered: number; late_count: number; overdue_minor: number; days_late: number }> = {
  10: { risk_level: 'medium', invoices_considered: 0, late_count: 0, overdue_minor: 1_234_567, days_late: 40 },
  11: { risk_level: 'low', invoices_considered: 0, late_count: 0, overdue_minor: 3_086_420, days_late: 0 },
};

interface Standing {
  history: LatenessHistory;
  overdue: { minor: number; currency: string; daysLate: number };
  computedAt: string | null;
}
type OracleWork = WorkCandidate & { line: Omit<WorklistLine, 'amount' | 'days_late' | 'due_on' | 'risk' | 'expected' | 'ranking'>; computedAt: string | null };

describe.each(ENGINES)('Today paged by the database gives the lines the core ranking gives over every line, on %s', (engine) => {
  let db: Db;
  let org: OrganizationRow;
  const users: string[] = [];
  let customers: CustomerRow[] = [];
  const plans = new Map<string, CustomerCollectionPlan>();
  const kept = new Map<string, Standing>();
  const arranged = new Set<string>();

  beforeAll(async () => {
    const random = seededRandom(20250516);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
    db = await freshDatabase(engine);
    org = await collectionOrganization(db);
    for (const name of ['ana', 'bruno', 'chloe']) users.push((await createUser(db, org.id, { email: `${name}@atelier.test`, name, password: 'a long enough secret', role: 'collector' })).id);

    const profiles = Array.from({ length: 6 }, () => {
      const considered = Math.floor(random() * 13);
      return { risk_level: pick(['low', 'medium', 'high'] as const), invoices_considered: considered, late_count: Math.floor(random() * (considered + 1)), overdue_minor: pick(STAKES), days_late: pick([0, 15, 40]) };
    });
    const standings = [];
    for (let index = 1; index <= 40; index += 1) {
      const ref = `C${String(index).padStart(3, '0')}`;
      const invoices = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, n) => [`${ref}-F${n + 1}`, pick(['2025-02-01', '2025-03-31', '2025-04-20', '2025-05-10', '2025-06-15']), pick(STAKES.slice(0, 6))] as const);
      const { customer } = await customerWithInvoices(db, org.id, ref, invoices);
      const updated = { ...customer, owner_user_id: pick([null, null, users[0]!, users[1]!]), segment: pick([null, 'smb', 'key_account']) };
      await updateCustomer(db, org.id, customer.id, { owner_user_id: updated.owner_user_id, segment: updated.segment });
      customers.push(updated);
      // Most customers have a standing kept for the day; some one kept for the day before, which Today does not use.
      const kind = index <= 4 ? 'none' : HALVES[index] ? 'today' : pick(['today', 'today', 'today', 'today', 'today', 'today', 'none', 'yesterday']);
      const profile = HALVES[index] ?? pick(profiles);
      if (kind !== 'none') standings.push({ organization_id: org.id, customer_id: customer.id, as_of: kind === 'today' ? AS_OF : addDays(AS_OF, -1), computed_at: `2025-05-${kind === 'today' ? 16 : 15}T05:0${index % 10}:00.000Z`, currency: 'EUR', ...profile });
    }
    await saveWorklistStandings(db, standings);
    for (const row of standings) if (row.as_of === AS_OF) kept.set(row.customer_id, { history: { riskLevel: row.risk_level as RiskLevel, invoicesConsidered: row.invoices_considered, lateCount: row.late_count }, overdue: { minor: row.overdue_minor, currency: row.currency, daysLate: row.days_late }, computedAt: row.computed_at });

    // A promise broken, a plan's instalment missed, a plan not yet due: planned in full, whatever the standing kept.
    const [promised, missed, onPlan, promisedLater] = [customers[5]!, customers[6]!, customers[7]!, customers[8]!];
    await addPaymentPromise(db, org.id, promised, { promisedOn: '2025-05-05', graceDays: 2 }, '2025-05-01' as PlainDate, null);
    await addPaymentPromise(db, org.id, promisedLater, { promisedOn: '2025-05-30' }, '2025-05-01' as PlainDate, null);
    const planOf = async (customer: CustomerRow, dueDates: readonly string[]) => {
      const invoices = await db.kysely.selectFrom('invoices').select(['number', 'amount_minor']).where('customer_id', '=', customer.id).execute();
      const owed = invoices.reduce((sum, invoice) => sum + Number(invoice.amount_minor), 0);
      const first = Math.floor(owed / dueDates.length);
      const instalments = dueDates.map((dueDate, n) => ({ dueDate, amountMinor: n === 0 ? owed - first * (dueDates.length - 1) : first }));
      await addPaymentPlan(db, org.id, customer, { invoiceNumbers: invoices.map((invoice) => invoice.number), instalments, graceDays: 3 }, '2025-04-25' as PlainDate, null);
    };
    await planOf(missed, ['2025-05-01', '2025-06-01']);
    await planOf(onPlan, ['2025-06-01']);
    for (const customer of [promised, missed, onPlan]) arranged.add(customer.id);

    const tasks: CollectionTaskRow[] = [];
    for (const customer of customers) {
      const taskCount = Math.floor(random() * 8);
      for (let n = 0; n < taskCount; n += 1) {
        const kind = pick(TASK_KINDS);
        let actionId: string | null = null;
        if (kind === 'approval' && random() < 0.6) {
          const stake = pick(STAKES);
          actionId = (await insertActionOnce(db, org.id, {
            customer_id: customer.id, case_id: null, episode_key: `${customer.id}:${n}`, step_id: 'formal-notice', scenario_id: 'standard', channel: 'registered_letter', status: 'awaiting_approval',
            planned_on: AS_OF, not_before: null, invoice_numbers: '[]', invoice_ids: '[]', invoice_amounts: '[]', balance_minor: stake, currency: 'EUR', reason_en: 'Formal notice', reason_fr: 'Mise en demeure',
          }))!.id;
        }
        tasks.push({
          id: newId(), organization_id: org.id, customer_id: customer.id, case_id: null, action_id: actionId, kind, step_id: null, dedupe_key: `${customer.external_ref}:${n}`,
          status: random() < 0.1 ? 'done' : 'open', title_en: `${kind} ${customer.external_ref} ${n}`, title_fr: `${kind} ${customer.external_ref} ${n} (fr)`, detail: null,
          due_on: pick(['2025-05-02', '2025-05-16', '2025-05-16', '2025-05-20']), assignee_user_id: pick([null, null, null, users[0]!, users[2]!]), outcome: null,
          created_on: '2025-05-01', created_at: '2025-05-01T08:00:00.000Z', completed_at: null, attempt: kind === 'call' ? 1 + Math.floor(random() * 3) : 1, call_outcome: null, stake_minor: 0,
        });
      }
    }
    for (const customer of [customers[9]!, customers[10]!]) {
      tasks.push({ ...tasks[0]!, id: newId(), customer_id: customer.id, action_id: null, kind: 'call', dedupe_key: `${customer.external_ref}:half`, status: 'open', due_on: AS_OF, assignee_user_id: null, attempt: 1 });
    }
    await db.kysely.insertInto('collection_tasks').values(tasks).execute();

    customers = await db.kysely.selectFrom('customers').selectAll().where('organization_id', '=', org.id).execute();
    const context = await loadPlanningContext(db, org, await getCollectionSettings(db, org.id));
    for (const plan of await planCustomers(db, context, customers, AS_OF)) plans.set(plan.customer.id, plan);
  });
  afterAll(async () => {
    await db?.close();
  });

  /** Every line of the day read plainly, each customer's standing chosen as the API documents, ranked by the core. */
  async function oracle(filter: WorklistFilter): Promise<{ lines: ReturnType<typeof rankWorklist<OracleWork>>; counts: Record<WorkKind, number> }> {
    const byId = new Map(customers.map((customer) => [customer.id, customer]));
    const passes = (customer: CustomerRow, owner: string | null) =>
      (filter.accountOwnerScope === undefined || customer.owner_user_id === filter.accountOwnerScope) &&
      (filter.segment === undefined || customer.segment === filter.segment) &&
      (filter.owner === undefined || owner === filter.owner);
    // Customers with an arrangement are planned in full when they are, by their own account owner, in the filter.
    const inFull = new Set([...arranged].filter((id) => passes(byId.get(id)!, byId.get(id)!.owner_user_id)));
    const standingOf = (customerId: string): Standing => {
      const stored = inFull.has(customerId) ? undefined : kept.get(customerId);
      if (stored) return stored;
      const plan = plans.get(customerId)!;
      return { history: { riskLevel: plan.risk.riskLevel, invoicesConsidered: plan.risk.invoicesConsidered, lateCount: plan.risk.lateCount }, overdue: overdueOf(plan, org.currency), computedAt: null };
    };
    const work = (customer: CustomerRow, standing: Standing, line: OracleWork['line'], kind: WorkKind, dueOn: string, held: number | null): OracleWork => ({
      key: line.key, kind, customerRef: customer.external_ref, amountMinor: held ?? standing.overdue.minor, currency: held === null ? standing.overdue.currency : 'EUR',
      daysLate: standing.overdue.daysLate, dueOn: dueOn as PlainDate, history: standing.history, line, computedAt: standing.computedAt,
    });
    const lines: OracleWork[] = [];
    const tasks = await db.kysely
      .selectFrom('collection_tasks as t')
      .leftJoin('collection_actions as a', 'a.id', 't.action_id')
      .select(['t.id', 't.kind', 't.customer_id', 't.title_en', 't.title_fr', 't.due_on', 't.attempt', 't.assignee_user_id', 'a.balance_minor'])
      .where('t.organization_id', '=', org.id).where('t.status', '=', 'open').where('t.due_on', '<=', AS_OF)
      .execute();
    for (const task of tasks) {
      const customer = byId.get(task.customer_id)!;
      const owner = task.assignee_user_id ?? customer.owner_user_id;
      if (!passes(customer, owner)) continue;
      const kind = task.kind as WorkKind;
      const action = { approval: 'approve', call: 'call', dispute: 'answer_dispute', delivery: 'fix_delivery' }[kind as string] ?? 'open_task';
      lines.push(work(customer, standingOf(customer.id), {
        key: task.id, kind, task_id: task.id, attempt: kind === 'call' ? Number(task.attempt) : null, owner_user_id: owner,
        customer: { id: customer.id, reference: customer.external_ref, name: customer.name, segment: customer.segment },
        why: { en: task.title_en, fr: task.title_fr }, action: { action, task_id: task.id } as WorklistLine['action'],
      }, kind, task.due_on, kind === 'approval' && task.balance_minor !== null ? Number(task.balance_minor) : null));
    }
    for (const id of inFull) {
      const customer = byId.get(id)!;
      const plan = plans.get(id)!;
      const broken = brokenArrangement(plan.input.pauses, AS_OF, plan.openInvoices.filter((invoice) => invoice.openMinor > 0).map((invoice) => invoice.number));
      if (!broken) continue;
      const kind: WorkKind = broken.kind === 'broken_promise' ? 'broken_promise' : 'missed_instalment';
      const on = { en: formatDateForLanguage(broken.date, 'en'), fr: formatDateForLanguage(broken.date, 'fr') };
      const why = kind === 'broken_promise' ? { en: `Promise to pay by ${on.en} not kept`, fr: `Promesse de paiement au ${on.fr} non tenue` } : { en: `Payment plan instalment due on ${on.en} not paid`, fr: `Échéance du plan de paiement du ${on.fr} non réglée` };
      lines.push(work(customer, standingOf(id), {
        key: `${kind}:${id}`, kind, task_id: null, attempt: null, owner_user_id: customer.owner_user_id,
        customer: { id, reference: customer.external_ref, name: customer.name, segment: customer.segment }, why, action: { action: 'open_customer', customer_id: id },
      }, kind, broken.date, null));
    }
    const counts = Object.fromEntries(WORK_KINDS.map((kind) => [kind, lines.filter((line) => line.kind === kind).length])) as Record<WorkKind, number>;
    return { lines: rankWorklist(lines.filter((line) => filter.kind === undefined || line.kind === filter.kind)), counts };
  }

  const FILTERS: { name: string; filter: () => WorklistFilter }[] = [
    { name: 'everyone’s lines', filter: () => ({}) },
    { name: 'one person’s lines', filter: () => ({ owner: users[0]! }) },
    { name: 'a person’s lines, some assigned on others’ accounts', filter: () => ({ owner: users[2]! }) },
    { name: 'nobody’s lines', filter: () => ({ owner: null }) },
    { name: 'approvals', filter: () => ({ kind: 'approval' }) },
    { name: 'calls of one segment', filter: () => ({ kind: 'call', segment: 'smb' }) },
    { name: 'broken promises', filter: () => ({ kind: 'broken_promise' }) },
    { name: 'missed instalments, nobody’s', filter: () => ({ kind: 'missed_instalment', owner: null }) },
    { name: 'a segment', filter: () => ({ segment: 'key_account' }) },
    { name: 'a sales user’s accounts', filter: () => ({ accountOwnerScope: users[1]! }) },
  ];

  it.each(FILTERS)('$name: every page, the counts and the total', async ({ filter: filterOf }) => {
    const filter = filterOf();
    const { lines, counts } = await oracle(filter);
    const total = lines.length;
    const offsets = [0, 1, 13, 50, Math.max(0, total - 4), total];
    for (const offset of offsets) {
      for (const limit of [25, 3]) {
        const shown = lines.slice(offset, offset + limit);
        const computedAt = shown.map(({ work }) => work.computedAt).filter((at): at is string => at !== null).sort();
        const answer = await getWorklist(db, org, AS_OF, { ...filter, offset, limit });
        expect(answer).toEqual({
          as_of: AS_OF, total, limit, offset, counts, figures_computed_at: computedAt[0] ?? null,
          items: shown.map(({ work, likelihood, expectedMinor, explanation }) => ({
            ...work.line, amount: toMoneyJson(work.amountMinor, work.currency), days_late: work.daysLate, due_on: work.dueOn,
            risk: { level: work.history.riskLevel, invoices_considered: work.history.invoicesConsidered, late_count: work.history.lateCount, likelihood },
            expected: toMoneyJson(expectedMinor, work.currency), ranking: explanation,
          })),
        });
      }
    }
    expect(await getWorklist(db, org, AS_OF, { ...filter, limit: 0 })).toMatchObject({ total, counts, items: [] });
  });

  it('gives each line alone, page after page, in the order of the core', async () => {
    const { lines } = await oracle({});
    const alone = [];
    for (let offset = 0; offset < Math.min(lines.length, 40); offset += 1) alone.push(...(await getWorklist(db, org, AS_OF, { offset, limit: 1 })).items.map((line) => line.key));
    expect(alone).toEqual(lines.slice(0, 40).map(({ work }) => work.key));
    const halves = lines.filter(({ expectedMinor }) => expectedMinor === 617_284).map(({ work }) => work.customerRef);
    expect(halves[0]).toBe('C010');
    expect(new Set(halves)).toEqual(new Set(['C010', 'C011']));
  });

  it('has lines of every kind, lines that tie, and lines with and without a kept standing', async () => {
    const { lines, counts } = await oracle({});
    for (const kind of WORK_KINDS) expect(counts[kind], kind).toBeGreaterThan(0);
    const ties = lines.filter((line, index) => index > 0 && line.expectedMinor === lines[index - 1]!.expectedMinor && line.work.daysLate === lines[index - 1]!.work.daysLate && line.work.dueOn === lines[index - 1]!.work.dueOn);
    expect(ties.length).toBeGreaterThan(5);
    expect(lines.some((line) => line.work.computedAt === null && line.work.line.task_id !== null)).toBe(true);
    // Pages from offset 50 start past every line ranked outside the database, and still come out right.
    expect(lines.filter((line) => line.work.computedAt === null).length).toBeLessThan(50);
    expect(lines.length).toBeGreaterThan(75);
  });
});

it('rounds an expected amount as the core does when the database takes floor(amount × likelihood + 0.5)', () => {
  const differ: string[] = [];
  for (let percent = 0; percent <= 100; percent += 1) {
    const likelihood = Math.round(percent) / 100;
    for (let stake = 0; stake <= 200_000; stake += 1) if (Math.floor(stake * likelihood + 0.5) !== Math.round(stake * likelihood)) differ.push(`${stake} × ${likelihood}`);
    for (const stake of [2 ** 40 + 1, 2 ** 50 - 3, 9_007_199_254, 123_456_789_012_345]) if (Math.floor(stake * likelihood + 0.5) !== Math.round(stake * likelihood)) differ.push(`${stake} × ${likelihood}`);
  }
  expect(differ).toEqual([]);
});
