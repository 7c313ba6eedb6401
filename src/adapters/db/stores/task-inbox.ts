import type { PlainDate } from '../../../core/plain-date.js';
import type { Db } from '../database.js';
import type { CollectionTaskRow } from '../schema.js';

export const TASK_SORTS = ['priority', 'amount', 'due_date'] as const;
export type TaskSort = (typeof TASK_SORTS)[number];

/** Whose tasks: the caller's, one user's, or those nobody is assigned to. */
export type TaskOwnerFilter = { assignee: string } | { unassigned: true };

export interface TaskInboxFilter {
  status?: string;
  kind?: string;
  customerId?: string;
  taskId?: string;
  /** A sales user's scope: tasks of the accounts this user owns. */
  accountOwnerUserId?: string;
  owner?: TaskOwnerFilter;
  sort: TaskSort;
  limit: number;
  offset: number;
  /** The organization's today: tasks due by then come first under "priority". */
  today: PlainDate;
}

/** A task with what a person needs to pick it: who it is about, what is at stake, who has it. */
export interface TaskInboxRow extends CollectionTaskRow {
  customer_name: string;
  customer_ref: string;
  amount_minor: number | null;
  currency: string | null;
  invoice_numbers: string | null;
  assignee_name: string | null;
}

type Filter = Omit<TaskInboxFilter, 'sort' | 'limit' | 'offset' | 'today'>;

/** The tasks a filter keeps, read from the tasks table alone (its indexes), customers only for a sales user's scope. */
function tasksOf(db: Db, organizationId: string, filter: Filter) {
  // An agency's tasks on handed cases name a customer of the creditor: they live in the agency's
  // own inbox (GET /api/agency/tasks), never in the generic one, whose lines join the caller's customers.
  let query = db.kysely.selectFrom('collection_tasks as t').where('t.organization_id', '=', organizationId).where('t.mandate_id', 'is', null);
  if (filter.status) query = query.where('t.status', '=', filter.status);
  if (filter.kind) query = query.where('t.kind', '=', filter.kind);
  if (filter.customerId) query = query.where('t.customer_id', '=', filter.customerId);
  if (filter.taskId) query = query.where('t.id', '=', filter.taskId);
  if (filter.owner && 'assignee' in filter.owner) query = query.where('t.assignee_user_id', '=', filter.owner.assignee);
  if (filter.owner && 'unassigned' in filter.owner) query = query.where('t.assignee_user_id', 'is', null);
  if (filter.accountOwnerUserId !== undefined) {
    const owner = filter.accountOwnerUserId;
    query = query.where('t.customer_id', 'in', (eb) => eb.selectFrom('customers').select('id').where('organization_id', '=', organizationId).where('owner_user_id', '=', owner));
  }
  return query;
}

const countOf = async (query: ReturnType<typeof tasksOf>) => Number((await query.select((eb) => eb.fn.countAll<number | string>().as('count')).executeTakeFirstOrThrow()).count);

/**
 * One page of the inbox, sorted and cut in SQL on the tasks table's own indexes, so the page
 * costs about the same at a hundred tasks as at a hundred thousand; only the page's tasks are
 * then joined to their customer, action and assignee. "priority" puts what is due by today
 * first, each part by the largest amount at stake, then the oldest due date; "amount" is the
 * largest first; "due_date" the oldest first. Ties end on the id, so a task never shows on two pages.
 */
export async function listTaskInboxPage(db: Db, organizationId: string, filter: TaskInboxFilter): Promise<{ rows: TaskInboxRow[]; total: number }> {
  const base = tasksOf(db, organizationId, filter);
  const total = await countOf(base);
  const byStake = (query: ReturnType<typeof tasksOf>, limit: number, offset: number) =>
    query.select('t.id').orderBy('t.stake_minor', 'desc').orderBy('t.due_on').orderBy('t.id').limit(limit).offset(offset).execute();
  let ids: { id: string }[];
  if (filter.sort === 'due_date') {
    ids = await base.select('t.id').orderBy('t.due_on').orderBy('t.created_at').orderBy('t.id').limit(filter.limit).offset(filter.offset).execute();
  } else if (filter.sort === 'amount') {
    ids = await byStake(base, filter.limit, filter.offset);
  } else {
    // Two runs read in index order, the due ones then the others, rather than one sort on an expression.
    const due = base.where('t.due_on', '<=', filter.today);
    const dueCount = await countOf(due);
    ids = filter.offset < dueCount ? await byStake(due, filter.limit, filter.offset) : [];
    if (ids.length < filter.limit) ids = [...ids, ...(await byStake(base.where('t.due_on', '>', filter.today), filter.limit - ids.length, Math.max(0, filter.offset - dueCount)))];
  }
  if (ids.length === 0) return { rows: [], total };
  const rows = await db.kysely
    .selectFrom('collection_tasks as t')
    .innerJoin('customers as c', (join) => join.onRef('c.id', '=', 't.customer_id').onRef('c.organization_id', '=', 't.organization_id'))
    .leftJoin('collection_actions as a', (join) => join.onRef('a.id', '=', 't.action_id').onRef('a.organization_id', '=', 't.organization_id'))
    .leftJoin('users as u', (join) => join.onRef('u.id', '=', 't.assignee_user_id').onRef('u.organization_id', '=', 't.organization_id'))
    .where('t.organization_id', '=', organizationId)
    .where('t.id', 'in', ids.map((row) => row.id))
    .selectAll('t')
    .select(['c.name as customer_name', 'c.external_ref as customer_ref', 'a.balance_minor as amount_minor', 'a.currency as currency', 'a.invoice_numbers as invoice_numbers', 'u.name as assignee_name'])
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row as TaskInboxRow]));
  return { rows: ids.map((row) => byId.get(row.id)!).filter(Boolean), total };
}

/** Gives a task to a user of the organization, or to nobody; returns whether the task exists. */
export async function setTaskAssignee(db: Db, organizationId: string, taskId: string, userId: string | null): Promise<boolean> {
  const result = await db.kysely.updateTable('collection_tasks').set({ assignee_user_id: userId }).where('organization_id', '=', organizationId).where('id', '=', taskId).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
