import { sql, type ExpressionBuilder, type RawBuilder } from 'kysely';
import { LATENESS_PRIOR, PRIOR_WEIGHT } from '../../../core/worklist/rank-worklist.js';
import type { Db } from '../database.js';
import type { Database } from '../schema.js';
import { oneOfIds } from './id-list.js';

/** Lines read in full per statement, by id. */
const ID_BATCH = 500;

/** Which of today's task lines: the filters of Today, as getWorklist takes them. */
export interface TaskLineFilter {
  /** The line's assignee, else its customer's account owner; null for nobody's. */
  owner?: string | null;
  kind?: string;
  segment?: string;
  accountOwnerScope?: string;
}

/** Where the broken arrangements are looked for: promises due in [since, asOf), plans made by asOf. */
export interface ArrangementWindow {
  asOf: string;
  since: string;
}

/** One open task due by the day, with its customer, what a held step asks, and the customer's kept standing. */
export interface TaskLineRow {
  id: string;
  kind: string;
  customer_id: string;
  title_en: string;
  title_fr: string;
  due_on: string;
  attempt: number;
  assignee_user_id: string | null;
  external_ref: string;
  name: string;
  segment: string | null;
  owner_user_id: string | null;
  balance_minor: number | null;
  currency: string | null;
  /** The customer's standing kept by the day's run, when there is one (all null otherwise). */
  computed_at: string | null;
  risk_level: string | null;
  invoices_considered: number | null;
  late_count: number | null;
  overdue_minor: number | null;
  standing_currency: string | null;
  days_late: number | null;
}

type LineTables = Database & { t: Database['collection_tasks']; c: Database['customers']; s: Database['worklist_standings'] };
type LineExpressions = ExpressionBuilder<LineTables, 't' | 'c' | 's'>;

/** Open tasks of these kinds due by the day, with their customer and its standing for the day (left joined). */
function taskLines(db: Db, organizationId: string, asOf: string, kinds: readonly string[], filter: TaskLineFilter) {
  let query = db.kysely
    .selectFrom('collection_tasks as t')
    .innerJoin('customers as c', (join) => join.onRef('c.id', '=', 't.customer_id').onRef('c.organization_id', '=', 't.organization_id'))
    .leftJoin('worklist_standings as s', (join) => join.onRef('s.organization_id', '=', 't.organization_id').onRef('s.customer_id', '=', 't.customer_id').on('s.as_of', '=', asOf))
    .where('t.organization_id', '=', organizationId)
    .where('t.status', '=', 'open')
    .where('t.due_on', '<=', asOf)
    .where('t.kind', 'in', filter.kind === undefined ? [...kinds] : [filter.kind]);
  if (filter.accountOwnerScope !== undefined) query = query.where('c.owner_user_id', '=', filter.accountOwnerScope);
  if (filter.segment !== undefined) query = query.where('c.segment', '=', filter.segment);
  if (filter.owner !== undefined) {
    const owner = filter.owner;
    query = query.where((eb) => (owner === null ? eb(eb.fn.coalesce('t.assignee_user_id', 'c.owner_user_id'), 'is', null) : eb(eb.fn.coalesce('t.assignee_user_id', 'c.owner_user_id'), '=', owner)));
  }
  return query;
}

/**
 * Whether the line's customer is one of the customers Today plans in full for a promise or a
 * payment plan: it has one in the window, and, with an owner filter, it is the account owner's
 * (those customers are found by their own owner, not the task's assignee).
 */
function planInFull(eb: LineExpressions, window: ArrangementWindow, owner: string | null | undefined) {
  const arranged = eb.or([
    eb.exists(
      eb
        .selectFrom('payment_promises as p')
        .select(sql`1`.as('one'))
        .whereRef('p.organization_id', '=', 't.organization_id')
        .whereRef('p.customer_id', '=', 't.customer_id')
        .where('p.promised_on', '<', window.asOf)
        .where('p.promised_on', '>=', window.since),
    ),
    eb.exists(
      eb
        .selectFrom('payment_plans as pl')
        .select(sql`1`.as('one'))
        .whereRef('pl.organization_id', '=', 't.organization_id')
        .whereRef('pl.customer_id', '=', 't.customer_id')
        .where('pl.status', '=', 'active')
        .where('pl.created_on', '<=', window.asOf),
    ),
  ]);
  if (owner === undefined) return arranged;
  // Never unknown, so that `not` of it holds for a customer without an account owner.
  return eb.and([arranged, owner === null ? eb('c.owner_user_id', 'is', null) : eb.and([eb('c.owner_user_id', 'is not', null), eb('c.owner_user_id', '=', owner)])]);
}

/** Today's task lines per kind, counted by the database (the kind filter is not applied). */
export async function countTaskLines(db: Db, organizationId: string, asOf: string, kinds: readonly string[], filter: TaskLineFilter): Promise<Map<string, number>> {
  const rows = await taskLines(db, organizationId, asOf, kinds, { ...filter, kind: undefined })
    .select(['t.kind', (eb) => eb.fn.countAll().as('lines')])
    .groupBy('t.kind')
    .execute();
  return new Map(rows.map((row) => [row.kind, Number(row.lines)]));
}

const LINE_COLUMNS = ['t.id', 't.kind', 't.customer_id', 't.title_en', 't.title_fr', 't.due_on', 't.attempt', 't.assignee_user_id', 'c.external_ref', 'c.name', 'c.segment', 'c.owner_user_id'] as const;
const STANDING_COLUMNS = ['s.computed_at', 's.risk_level', 's.invoices_considered', 's.late_count', 's.overdue_minor', 's.currency as standing_currency', 's.days_late'] as const;

function withHeldStep(db: Db, organizationId: string, asOf: string, kinds: readonly string[], filter: TaskLineFilter) {
  return taskLines(db, organizationId, asOf, kinds, filter).leftJoin('collection_actions as a', (join) => join.onRef('a.id', '=', 't.action_id').onRef('a.organization_id', '=', 't.organization_id'));
}

function fullLines(db: Db, organizationId: string, asOf: string, kinds: readonly string[], filter: TaskLineFilter) {
  return withHeldStep(db, organizationId, asOf, kinds, filter).select([...LINE_COLUMNS, 'a.balance_minor', 'a.currency', ...STANDING_COLUMNS]);
}

/**
 * The task lines the database cannot rank: those of customers planned in full for a promise or a
 * plan, and those of customers without a standing kept for the day. Few once the day's run is done.
 */
export async function readTaskLinesToPlan(db: Db, organizationId: string, window: ArrangementWindow, kinds: readonly string[], filter: TaskLineFilter): Promise<TaskLineRow[]> {
  const rows = await fullLines(db, organizationId, window.asOf, kinds, filter)
    .where((eb) => eb.or([planInFull(eb, window, filter.owner), eb('s.customer_id', 'is', null)]))
    .execute();
  return rows as TaskLineRow[];
}

/** A double on both engines: PostgreSQL would otherwise take a decimal or an integer. */
function double(value: number | RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`cast(${value} as double precision)`;
}

/** Math.round of a non-negative double, exactly: the floor, plus one when the fraction is a half or more. */
function roundHalfUp(value: RawBuilder<number>): RawBuilder<number> {
  return sql<number>`(floor(${value}) + case when ${value} - floor(${value}) >= ${double(0.5)} then 1 else 0 end)`;
}

/**
 * The chance of paying late as latenessLikelihood works it out, in the same double-precision steps:
 * (late + PRIOR_WEIGHT × prior) / (considered + PRIOR_WEIGHT), rounded to two decimals.
 */
function likelihoodOf(): RawBuilder<number> {
  const weighted = (level: keyof typeof LATENESS_PRIOR) => double(PRIOR_WEIGHT * LATENESS_PRIOR[level]);
  const prior = sql`case s.risk_level when 'low' then ${weighted('low')} when 'medium' then ${weighted('medium')} else ${weighted('high')} end`;
  const percent = sql<number>`((${double(sql`s.late_count`)} + ${prior}) / ${double(sql`s.invoices_considered + ${PRIOR_WEIGHT}`)} * ${double(100)})`;
  return sql<number>`(${roundHalfUp(percent)} / ${double(100)})`;
}

/**
 * The rest of today's task lines, ranked by the database as rankWorklist ranks them: expected cash
 * impact (the amount at stake, a held step's amount for an approval, else the customer's overdue
 * amount, times the chance of paying late), then days late, earliest due, customer reference and
 * task id, strings compared by code point as in JavaScript. Returns the lines [offset, offset + limit),
 * in no particular order.
 */
export async function readRankedTaskLines(
  db: Db,
  organizationId: string,
  window: ArrangementWindow,
  kinds: readonly string[],
  filter: TaskLineFilter,
  page: { offset: number; limit: number },
): Promise<TaskLineRow[]> {
  // A held step is looked up for approvals alone: joined for every line, the steps cost more than the rest.
  const heldStep = sql<number>`(select a.balance_minor from collection_actions a where a.id = t.action_id and a.organization_id = t.organization_id and a.currency is not null)`;
  const held = sql<number>`case when t.kind = 'approval' and t.action_id is not null then coalesce(${heldStep}, s.overdue_minor) else s.overdue_minor end`;
  const lines = taskLines(db, organizationId, window.asOf, kinds, filter)
    .select(['t.id', 't.due_on', 'c.external_ref', 's.days_late'])
    .select([sql<number>`${double(db.engine === 'postgres' ? sql`greatest(0, ${held})` : sql`max(0, ${held})`)}`.as('stake'), likelihoodOf().as('likelihood')])
    .where('s.customer_id', 'is not', null)
    .where((eb) => eb.not(planInFull(eb, window, filter.owner)));
  const binary = db.engine === 'postgres' ? sql` collate "C"` : sql``;
  // The order is found on these few columns; only the lines in the range are then read in full.
  const ranked = await db.kysely
    .selectFrom(lines.as('l'))
    .select('l.id')
    // Math.round(y) is floor(y + 0.5) in doubles for every y = stake × likelihood with a whole
    // stake below 2^52 and a likelihood of whole hundredths: y + 0.5 is exact from 1 up, and no
    // such y falls on the one double below a half. (The percentage above has no such guarantee.)
    .select(sql<number>`floor(l.stake * l.likelihood + ${double(0.5)})`.as('expected'))
    .orderBy('expected', 'desc')
    .orderBy('l.days_late', 'desc')
    .orderBy(sql`l.due_on${binary}`)
    .orderBy(sql`l.external_ref${binary}`)
    .orderBy(sql`l.id${binary}`)
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const rows: TaskLineRow[] = [];
  for (let start = 0; start < ranked.length; start += ID_BATCH) {
    const ids = ranked.slice(start, start + ID_BATCH).map((line) => line.id);
    rows.push(...((await fullLines(db, organizationId, window.asOf, kinds, filter).where(oneOfIds(db, 't.id', ids)).execute()) as TaskLineRow[]));
  }
  return rows;
}
