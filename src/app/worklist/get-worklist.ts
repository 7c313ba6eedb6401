import { brokenArrangement } from '../../core/collection/pauses.js';
import { toMoneyJson, type MoneyJson } from '../../core/money.js';
import { addDays, daysBetween, type PlainDate } from '../../core/plain-date.js';
import type { Bilingual, RiskLevel } from '../../core/scenarios/scenario.js';
import { formatDateForLanguage } from '../../core/templates/format-for-language.js';
import { rankWorklist, WORK_KINDS, type LatenessHistory, type WorkCandidate, type WorkKind } from '../../core/worklist/rank-worklist.js';
import type { Db } from '../../adapters/db/database.js';
import type { CustomerRow, OrganizationRow } from '../../adapters/db/schema.js';
import { getCollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { readLedgerFacts } from '../../adapters/db/stores/collection-facts.js';
import { oneOfIds } from '../../adapters/db/stores/id-list.js';
import { countTaskLines, readRankedTaskLines, readTaskLinesToPlan, type TaskLineRow } from '../../adapters/db/stores/worklist-lines.js';
import { saveWorklistStandings } from '../../adapters/db/stores/worklist-standings.js';
import { loadPlanningContext, planCustomers, planFromFacts, PLANNING_BATCH_SIZE, type CustomerCollectionPlan, type PlanningContext } from '../collection/plan-customer-collection.js';

/** Whose work: anyone's (left out), nobody's yet (null) or one user's (their id). */
export type WorkOwner = string | null;

export interface WorklistFilter {
  /**
   * The person responsible for a line is the task's assignee, else the customer's account
   * owner; null asks for the lines nobody is responsible for.
   */
  owner?: WorkOwner;
  kind?: WorkKind;
  segment?: string;
  /** A sales user sees only the accounts they own. */
  accountOwnerScope?: string;
  /** 0 gives the counts and the total alone, without weighing any line (the dashboard's use). */
  limit?: number;
  offset?: number;
}

/** What the line's one-click action does, with the routes that already exist. */
export type WorkAction =
  | { action: 'approve'; task_id: string }
  | { action: 'call'; task_id: string }
  | { action: 'answer_dispute'; task_id: string }
  | { action: 'fix_delivery'; task_id: string }
  | { action: 'open_task'; task_id: string }
  | { action: 'open_customer'; customer_id: string };

export interface WorklistLine {
  /** Stable across calls: the task id, or the kind and customer for a broken arrangement. */
  key: string;
  kind: WorkKind;
  task_id: string | null;
  /** A call's attempt number; 2 and more are retries. */
  attempt: number | null;
  customer: { id: string; reference: string; name: string; segment: string | null };
  owner_user_id: string | null;
  amount: MoneyJson;
  days_late: number;
  due_on: PlainDate;
  risk: { level: RiskLevel; invoices_considered: number; late_count: number; likelihood: number };
  expected: MoneyJson;
  /** Why the line is on the list. */
  why: Bilingual;
  /** How the line's rank was reached. */
  ranking: Bilingual;
  action: WorkAction;
}

export interface Worklist {
  as_of: PlainDate;
  total: number;
  limit: number;
  offset: number;
  /** Lines per kind today, with the owner and segment filters but whatever the kind filter. */
  counts: Record<WorkKind, number>;
  /**
   * When the daily run worked out the amounts and risk of the lines given (the earliest, if
   * several): a payment recorded since shows from the next run. Null when every line was
   * worked out from the ledger as it stands.
   */
  figures_computed_at: string | null;
  items: WorklistLine[];
}

export const WORKLIST_DEFAULT_LIMIT = 50;

/** How the ranking works, for people: the same words the page and the API documentation give. */
export const RANKING_RULE: Bilingual = {
  en: 'Lines are ordered by expected cash impact: the amount at stake times the chance the customer pays late. That chance is the share of the customer’s invoices paid late, drawn towards 20 %, 50 % or 80 % (low, medium or high risk) while the history is short. Equal lines go to the longest late, then the earliest due.',
  fr: 'Les lignes sont classées par impact attendu sur la trésorerie : le montant en jeu multiplié par le risque que le client paie en retard. Ce risque est la part de ses factures payées en retard, rapprochée de 20 %, 50 % ou 80 % (risque faible, moyen ou élevé) tant que l’historique est court. À égalité, la ligne la plus en retard passe d’abord, puis la plus ancienne échéance.',
};

// A broken arrangement stays on the list this long after its date: by then escalation has
// resumed on its own and the case is worked through its next steps.
const ARRANGEMENT_LOOKBACK_DAYS = 60;

const TASK_KINDS: readonly WorkKind[] = ['approval', 'call', 'dispute', 'delivery', 'small_claim', 'handoff', 'owner_notice', 'debtor_request', 'reply'];

type Candidate = WorkCandidate & Omit<WorklistLine, 'amount' | 'days_late' | 'due_on' | 'risk' | 'expected' | 'ranking' | 'kind'> & { computedAt: string | null };

/** What a customer's lines are ranked by: how it pays and what is overdue, and when that was worked out. */
interface Standing {
  history: LatenessHistory;
  overdue: { minor: number; currency: string; daysLate: number };
  /** When the daily run worked it out; null when worked out now. */
  computedAt: string | null;
}

function actionOf(kind: WorkKind, taskId: string, customerId: string): WorkAction {
  switch (kind) {
    case 'approval':
      return { action: 'approve', task_id: taskId };
    case 'call':
      return { action: 'call', task_id: taskId };
    case 'dispute':
      return { action: 'answer_dispute', task_id: taskId };
    case 'delivery':
      return { action: 'fix_delivery', task_id: taskId };
    case 'broken_promise':
    case 'missed_instalment':
      return { action: 'open_customer', customer_id: customerId };
    default:
      return { action: 'open_task', task_id: taskId };
  }
}

/** Customers with a promise or a payment plan recent enough to have been broken lately. */
async function readArrangementCustomers(db: Db, organizationId: string, asOf: PlainDate, filter: WorklistFilter): Promise<CustomerRow[]> {
  const since = addDays(asOf, -ARRANGEMENT_LOOKBACK_DAYS);
  // Read from the promises and plans, which are few, then their customers by id: asked the other
  // way round, the database probed every customer of the organization.
  const promised = await db.kysely
    .selectFrom('payment_promises')
    .select('customer_id')
    .where('organization_id', '=', organizationId)
    .where('promised_on', '<', asOf)
    .where('promised_on', '>=', since)
    .union(db.kysely.selectFrom('payment_plans').select('customer_id').where('organization_id', '=', organizationId).where('status', '=', 'active').where('created_on', '<=', asOf))
    .execute();
  const customers: CustomerRow[] = [];
  for (let start = 0; start < promised.length; start += PLANNING_BATCH_SIZE) {
    let query = db.kysely
      .selectFrom('customers as c')
      .selectAll('c')
      .where('c.organization_id', '=', organizationId)
      .where(oneOfIds(db, 'c.id', promised.slice(start, start + PLANNING_BATCH_SIZE).map((row) => row.customer_id)));
    if (filter.accountOwnerScope !== undefined) query = query.where('c.owner_user_id', '=', filter.accountOwnerScope);
    if (filter.segment !== undefined) query = query.where('c.segment', '=', filter.segment);
    if (filter.owner !== undefined) query = filter.owner === null ? query.where('c.owner_user_id', 'is', null) : query.where('c.owner_user_id', '=', filter.owner);
    customers.push(...(await query.execute()));
  }
  return customers;
}

async function readCustomers(db: Db, organizationId: string, ids: readonly string[]): Promise<CustomerRow[]> {
  if (ids.length === 0) return [];
  return db.kysely.selectFrom('customers').selectAll().where('organization_id', '=', organizationId).where(oneOfIds(db, 'id', ids)).execute();
}

/** What is overdue on the customer, in the currency its reminders speak, and how late the oldest is. */
export function overdueOf(plan: CustomerCollectionPlan, fallbackCurrency: string): { minor: number; currency: string; daysLate: number } {
  const overdue = plan.openInvoices.filter((invoice) => invoice.openMinor > 0 && invoice.dueDate < plan.asOf);
  const open = overdue.length > 0 ? overdue : plan.openInvoices.filter((invoice) => invoice.openMinor > 0);
  return {
    minor: open.reduce((sum, invoice) => sum + invoice.openMinor, 0),
    currency: plan.openInvoices[0]?.currency ?? fallbackCurrency,
    daysLate: overdue.reduce((most, invoice) => Math.max(most, daysBetween(invoice.dueDate, plan.asOf)), 0),
  };
}

function brokenLine(plan: CustomerCollectionPlan): { kind: WorkKind; date: PlainDate; why: Bilingual } | null {
  const owed = plan.openInvoices.filter((invoice) => invoice.openMinor > 0).map((invoice) => invoice.number);
  const broken = brokenArrangement(plan.input.pauses, plan.asOf, owed);
  if (!broken || daysBetween(broken.date, plan.asOf) > ARRANGEMENT_LOOKBACK_DAYS) return null;
  const on = { en: formatDateForLanguage(broken.date, 'en'), fr: formatDateForLanguage(broken.date, 'fr') };
  return broken.kind === 'broken_promise'
    ? { kind: 'broken_promise', date: broken.date, why: { en: `Promise to pay by ${on.en} not kept`, fr: `Promesse de paiement au ${on.fr} non tenue` } }
    : { kind: 'missed_instalment', date: broken.date, why: { en: `Payment plan instalment due on ${on.en} not paid`, fr: `Échéance du plan de paiement du ${on.fr} non réglée` } };
}

function standingOfPlan(plan: CustomerCollectionPlan, organizationCurrency: string): Standing {
  const { risk } = plan;
  return {
    history: { riskLevel: risk.riskLevel, invoicesConsidered: risk.invoicesConsidered, lateCount: risk.lateCount },
    overdue: overdueOf(plan, organizationCurrency),
    computedAt: null,
  };
}

function standingOfRow(row: TaskLineRow): Standing | null {
  if (row.computed_at === null) return null;
  return {
    history: { riskLevel: row.risk_level as RiskLevel, invoicesConsidered: Number(row.invoices_considered), lateCount: Number(row.late_count) },
    overdue: { minor: Number(row.overdue_minor), currency: row.standing_currency!, daysLate: Number(row.days_late) },
    computedAt: row.computed_at,
  };
}

/**
 * Keeps, for Today, the standing of each planned customer with something open, as of the plans'
 * day: the daily run calls it with the plans it has made anyway, so Today need not make them again.
 */
export async function keepWorklistStandings(db: Db, organization: OrganizationRow, plans: readonly CustomerCollectionPlan[], now: Date): Promise<void> {
  const computedAt = now.toISOString();
  await saveWorklistStandings(
    db,
    plans
      .filter((plan) => plan.openInvoices.length > 0)
      .map((plan) => {
        const { history, overdue } = standingOfPlan(plan, organization.currency);
        return {
          organization_id: organization.id,
          customer_id: plan.customer.id,
          as_of: plan.asOf,
          computed_at: computedAt,
          risk_level: history.riskLevel,
          invoices_considered: history.invoicesConsidered,
          late_count: history.lateCount,
          overdue_minor: overdue.minor,
          currency: overdue.currency,
          days_late: overdue.daysLate,
        };
      }),
  );
}

/**
 * What is overdue and how the customer pays, for customers that have a task today: read from
 * their invoices and unapplied credit alone, then judged by the run's own planning, so the
 * figures are those of the customer's plan without reading the rest of its collection.
 */
async function planFromLedger(db: Db, context: PlanningContext, customers: readonly CustomerRow[], asOf: PlainDate): Promise<CustomerCollectionPlan[]> {
  const facts = await readLedgerFacts(db, context.organization.id, customers.map((customer) => customer.id));
  return customers.map((customer) => planFromFacts(context, customer, facts.get(customer.id)!, asOf));
}

/** Plans the customers in batches of PLANNING_BATCH_SIZE with `plan`, by customer id. */
async function planInBatches(
  customers: readonly CustomerRow[],
  plan: (batch: readonly CustomerRow[]) => Promise<CustomerCollectionPlan[]>,
  into: Map<string, CustomerCollectionPlan>,
): Promise<void> {
  for (let start = 0; start < customers.length; start += PLANNING_BATCH_SIZE) {
    for (const planned of await plan(customers.slice(start, start + PLANNING_BATCH_SIZE))) into.set(planned.customer.id, planned);
  }
}

/**
 * Today's work, one ranked list: tasks due (approvals, calls and their retries, disputes, failed
 * deliveries, small-claim decisions, hand-offs, owner notices) and promises or payment plans
 * broken lately. One query per source whatever the number of customers; the task lines are
 * counted, ranked and paged by the database, and only the page's are read in full. Only the customers with
 * a promise or a plan are planned in full (whether it is broken depends on their whole
 * collection). For the others, what is at stake and how they pay is the standing the daily run
 * kept for the day (see keepWorklistStandings), else worked out from their invoices alone, read
 * in batches; and only when lines are asked for: the counts and the total need none of it.
 */
export async function getWorklist(db: Db, organization: OrganizationRow, asOf: PlainDate, filter: WorklistFilter = {}): Promise<Worklist> {
  const organizationId = organization.id;
  const limit = filter.limit ?? WORKLIST_DEFAULT_LIMIT;
  const offset = filter.offset ?? 0;
  const taskCounts = await countTaskLines(db, organizationId, asOf, TASK_KINDS, filter);
  const arrangementCustomers = await readArrangementCustomers(db, organizationId, asOf, filter);

  const plans = new Map<string, CustomerCollectionPlan>();
  let context: PlanningContext | undefined;
  const contextOf = async () => (context ??= await loadPlanningContext(db, organization, await getCollectionSettings(db, organizationId)));
  if (arrangementCustomers.length > 0) {
    const planning = await contextOf();
    await planInBatches(arrangementCustomers, (batch) => planCustomers(db, planning, batch, asOf), plans);
  }
  const brokenLines = arrangementCustomers.flatMap((customer) => {
    const broken = brokenLine(plans.get(customer.id)!);
    return broken ? [{ customer, broken }] : [];
  });

  const counts = Object.fromEntries(WORK_KINDS.map((kind) => [kind, taskCounts.get(kind) ?? 0])) as Record<WorkKind, number>;
  for (const { broken } of brokenLines) counts[broken.kind] += 1;
  const total = filter.kind === undefined ? WORK_KINDS.reduce((sum, kind) => sum + counts[kind], 0) : counts[filter.kind];
  if (limit === 0 || offset >= total) return { as_of: asOf, total, limit, offset, counts, figures_computed_at: null, items: [] };

  // The database ranks the task lines whose customer has a standing kept for the day and is not
  // planned in full; the others (and the broken arrangements) are ranked here. At most as many of
  // them as there are come before the page, so the database's lines from offset minus that number
  // on, merged with them in the same order, give the page exactly.
  const wantsTasks = filter.kind === undefined || TASK_KINDS.includes(filter.kind);
  const toPlan = wantsTasks ? await readTaskLinesToPlan(db, organizationId, asOf, TASK_KINDS, filter, [...plans.keys()]) : [];
  const wantedBroken = filter.kind === undefined ? brokenLines : brokenLines.filter(({ broken }) => broken.kind === filter.kind);
  const from = Math.max(0, offset - toPlan.length - wantedBroken.length);
  const ranked = wantsTasks ? await readRankedTaskLines(db, organizationId, asOf, TASK_KINDS, filter, [...plans.keys()], { offset: from, limit: offset + limit - from }) : [];
  const wantedTasks = [...ranked, ...toPlan];

  const standings = new Map<string, Standing>([...plans.values()].map((plan) => [plan.customer.id, standingOfPlan(plan, organization.currency)]));
  for (const row of ranked) {
    const kept = standings.has(row.customer_id) ? null : standingOfRow(row);
    if (kept) standings.set(row.customer_id, kept);
  }
  const missing = [...new Set(toPlan.map((row) => row.customer_id))].filter((id) => !standings.has(id));
  if (missing.length > 0) {
    const planning = await contextOf();
    const customers: CustomerRow[] = [];
    for (let start = 0; start < missing.length; start += PLANNING_BATCH_SIZE) customers.push(...(await readCustomers(db, organizationId, missing.slice(start, start + PLANNING_BATCH_SIZE))));
    const fresh = new Map<string, CustomerCollectionPlan>();
    await planInBatches(customers, (batch) => planFromLedger(db, planning, batch, asOf), fresh);
    for (const plan of fresh.values()) standings.set(plan.customer.id, standingOfPlan(plan, organization.currency));
  }

  const candidates: Candidate[] = [];
  const base = (customer: Pick<CustomerRow, 'id' | 'external_ref' | 'name' | 'segment'>, standing: Standing) => ({
    customer: { id: customer.id, reference: customer.external_ref, name: customer.name, segment: customer.segment },
    customerRef: customer.external_ref,
    history: standing.history,
    daysLate: standing.overdue.daysLate,
    computedAt: standing.computedAt,
  });
  for (const row of wantedTasks) {
    const standing = standings.get(row.customer_id)!;
    const kind = row.kind as WorkKind;
    const held = kind === 'approval' && row.balance_minor !== null && row.currency !== null;
    candidates.push({
      ...base({ id: row.customer_id, external_ref: row.external_ref, name: row.name, segment: row.segment }, standing),
      key: row.id,
      kind,
      task_id: row.id,
      attempt: kind === 'call' ? Number(row.attempt) : null,
      owner_user_id: row.assignee_user_id ?? row.owner_user_id,
      amountMinor: held ? Number(row.balance_minor) : standing.overdue.minor,
      currency: held ? row.currency! : standing.overdue.currency,
      dueOn: row.due_on as PlainDate,
      why: { en: row.title_en, fr: row.title_fr },
      action: actionOf(kind, row.id, row.customer_id),
    });
  }
  for (const { customer, broken } of wantedBroken) {
    const standing = standings.get(customer.id)!;
    candidates.push({
      ...base(customer, standing),
      key: `${broken.kind}:${customer.id}`,
      kind: broken.kind,
      task_id: null,
      attempt: null,
      owner_user_id: customer.owner_user_id,
      amountMinor: standing.overdue.minor,
      currency: standing.overdue.currency,
      dueOn: broken.date,
      why: broken.why,
      action: actionOf(broken.kind, '', customer.id),
    });
  }

  const page = rankWorklist(candidates, { offset: offset - from, limit });
  const computedAt = page.map(({ work }) => work.computedAt).filter((at): at is string => at !== null);
  return {
    as_of: asOf,
    total,
    limit,
    offset,
    counts,
    figures_computed_at: computedAt.length === 0 ? null : computedAt.reduce((earliest, at) => (at < earliest ? at : earliest)),
    items: page.map(({ work, likelihood, expectedMinor, explanation }) => ({
      key: work.key,
      kind: work.kind,
      task_id: work.task_id,
      attempt: work.attempt,
      customer: work.customer,
      owner_user_id: work.owner_user_id,
      amount: toMoneyJson(work.amountMinor, work.currency),
      days_late: work.daysLate,
      due_on: work.dueOn,
      risk: { level: work.history.riskLevel, invoices_considered: work.history.invoicesConsidered, late_count: work.history.lateCount, likelihood },
      expected: toMoneyJson(expectedMinor, work.currency),
      why: work.why,
      ranking: explanation,
      action: work.action,
    })),
  };
}
