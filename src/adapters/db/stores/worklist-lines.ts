import { sql, type RawBuilder } from 'kysely';
import { LATENESS_PRIOR, PRIOR_WEIGHT } from '../../../core/worklist/rank-worklist.js';
import type { Db } from '../database.js';
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

/** Open tasks of these kinds (or of the one asked) due by the day. */
function dueTasks(db: Db, organizationId: string, asOf: string, kinds: readonly string[], kind: string | undefined) {
  return db.kysely
    .selectFrom('collection_tasks as t')
    .where('t.organization_id', '=', organizationId)
    .where('t.status', '=', 'open')
    .where('t.due_on', '<=', asOf)
    .where('t.kind', 'in', kind === undefined ? [...kinds] : [kind]);
}

/** Whether the filter asks about the line's customer (its segment or account owner). */
function filtersCustomers(filter: TaskLineFilter): boolean {
  return filter.accountOwnerScope !== undefined || filter.segment !== undefined || filter.owner !== undefined;
}

type TaskQuery = ReturnType<typeof dueTasks>;

/** The tasks of `tasks` with their customer and its standing for the day (left joined), filtered. */
function taskLines(tasks: TaskQuery, asOf: string, filter: TaskLineFilter) {
  let query = tasks
    .innerJoin('customers as c', (join) => join.onRef('c.id', '=', 't.customer_id').onRef('c.organization_id', '=', 't.organization_id'))
    .leftJoin('worklist_standings as s', (join) => join.onRef('s.organization_id', '=', 't.organization_id').onRef('s.customer_id', '=', 't.customer_id').on('s.as_of', '=', asOf));
  if (filter.accountOwnerScope !== undefined) query = query.where('c.owner_user_id', '=', filter.accountOwnerScope);
  if (filter.segment !== undefined) query = query.where('c.segment', '=', filter.segment);
  if (filter.owner !== undefined) {
    const owner = filter.owner;
    query = query.where((eb) => (owner === null ? eb(eb.fn.coalesce('t.assignee_user_id', 'c.owner_user_id'), 'is', null) : eb(eb.fn.coalesce('t.assignee_user_id', 'c.owner_user_id'), '=', owner)));
  }
  return query;
}

/**
 * `column IN (ids)` for a list of any length in one parameter: a JSON array on SQLite, an array
 * on PostgreSQL.
 */
function amongIds(db: Db, column: string, ids: readonly string[]): RawBuilder<boolean> {
  return db.engine === 'postgres' ? sql<boolean>`${sql.ref(column)} = any(${[...ids]}::text[])` : sql<boolean>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(ids)}))`;
}

/** Today's task lines per kind, counted by the database (the kind filter is not applied). */
export async function countTaskLines(db: Db, organizationId: string, asOf: string, kinds: readonly string[], filter: TaskLineFilter): Promise<Map<string, number>> {
  // A task's customer is always of the task's organization: unless the customers are filtered,
  // the tasks are counted alone, without looking up each one's customer.
  const rows = filtersCustomers(filter)
    ? await taskLines(dueTasks(db, organizationId, asOf, kinds, undefined), asOf, filter)
        .select(['t.kind', (eb) => eb.fn.countAll().as('lines')])
        .groupBy('t.kind')
        .execute()
    : await dueTasks(db, organizationId, asOf, kinds, undefined)
        .select(['t.kind', (eb) => eb.fn.countAll().as('lines')])
        .groupBy('t.kind')
        .execute();
  return new Map(rows.map((row) => [row.kind, Number(row.lines)]));
}

const LINE_COLUMNS = ['t.id', 't.kind', 't.customer_id', 't.title_en', 't.title_fr', 't.due_on', 't.attempt', 't.assignee_user_id', 'c.external_ref', 'c.name', 'c.segment', 'c.owner_user_id'] as const;
const STANDING_COLUMNS = ['s.computed_at', 's.risk_level', 's.invoices_considered', 's.late_count', 's.overdue_minor', 's.currency as standing_currency', 's.days_late'] as const;

function withHeldStep(tasks: TaskQuery, asOf: string, filter: TaskLineFilter) {
  return taskLines(tasks, asOf, filter).leftJoin('collection_actions as a', (join) => join.onRef('a.id', '=', 't.action_id').onRef('a.organization_id', '=', 't.organization_id'));
}

function fullLines(tasks: TaskQuery, asOf: string, filter: TaskLineFilter) {
  return withHeldStep(tasks, asOf, filter).select([...LINE_COLUMNS, 'a.balance_minor', 'a.currency', ...STANDING_COLUMNS]);
}

/** The tasks with these ids (already found to be today's lines), read in full by their key. */
async function readLinesById(db: Db, organizationId: string, asOf: string, ids: readonly string[]): Promise<TaskLineRow[]> {
  const rows: TaskLineRow[] = [];
  for (let start = 0; start < ids.length; start += ID_BATCH) {
    const tasks = db.kysely.selectFrom('collection_tasks as t').where('t.organization_id', '=', organizationId).where(oneOfIds(db, 't.id', ids.slice(start, start + ID_BATCH)));
    rows.push(...((await fullLines(tasks, asOf, {}).execute()) as TaskLineRow[]));
  }
  return rows;
}

/**
 * The task lines the database cannot rank: those of the customers `planned` in full (for a
 * promise or a payment plan), and those of customers without a standing kept for the day. Few
 * once the day's run is done: the customers planned are read by index, and the lines without a
 * standing found without looking up each line's customer unless the customers are filtered.
 */
export async function readTaskLinesToPlan(db: Db, organizationId: string, asOf: string, kinds: readonly string[], filter: TaskLineFilter, planned: readonly string[]): Promise<TaskLineRow[]> {
  const due = dueTasks(db, organizationId, asOf, kinds, filter.kind);
  const ofPlanned = planned.length === 0 ? [] : await fullLines(due, asOf, filter).where(amongIds(db, 't.customer_id', planned)).execute();
  const withoutStanding = filtersCustomers(filter)
    ? taskLines(due, asOf, filter).select('t.id')
    : due
        .leftJoin('worklist_standings as s', (join) => join.onRef('s.organization_id', '=', 't.organization_id').onRef('s.customer_id', '=', 't.customer_id').on('s.as_of', '=', asOf))
        .select('t.id');
  const ids = await withoutStanding
    .where('s.customer_id', 'is', null)
    .$if(planned.length > 0, (query) => query.where((eb) => eb.not(amongIds(db, 't.customer_id', planned))))
    .execute();
  return [...(ofPlanned as TaskLineRow[]), ...(await readLinesById(db, organizationId, asOf, ids.map((row) => row.id)))];
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
  asOf: string,
  kinds: readonly string[],
  filter: TaskLineFilter,
  planned: readonly string[],
  page: { offset: number; limit: number },
): Promise<TaskLineRow[]> {
  // A held step is looked up for approvals alone: joined for every line, the steps cost more than the rest.
  const heldStep = sql<number>`(select a.balance_minor from collection_actions a where a.id = t.action_id and a.organization_id = t.organization_id and a.currency is not null)`;
  const held = sql<number>`case when t.kind = 'approval' and t.action_id is not null then coalesce(${heldStep}, s.overdue_minor) else s.overdue_minor end`;
  const lines = taskLines(dueTasks(db, organizationId, asOf, kinds, filter.kind), asOf, filter)
    .select(['t.id', 't.due_on', 'c.external_ref', 's.days_late'])
    .select([sql<number>`${double(db.engine === 'postgres' ? sql`greatest(0, ${held})` : sql`max(0, ${held})`)}`.as('stake'), likelihoodOf().as('likelihood')])
    .where('s.customer_id', 'is not', null)
    .$if(planned.length > 0, (query) => query.where((eb) => eb.not(amongIds(db, 't.customer_id', planned))));
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
  return readLinesById(db, organizationId, asOf, ranked.map((line) => line.id));
}
