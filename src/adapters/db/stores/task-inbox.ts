import { sql } from 'kysely';
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

function filtered(db: Db, organizationId: string, filter: Omit<TaskInboxFilter, 'sort' | 'limit' | 'offset' | 'today'>) {
  let query = db.kysely
    .selectFrom('collection_tasks as t')
    .innerJoin('customers as c', (join) => join.onRef('c.id', '=', 't.customer_id').onRef('c.organization_id', '=', 't.organization_id'))
    .leftJoin('collection_actions as a', (join) => join.onRef('a.id', '=', 't.action_id').onRef('a.organization_id', '=', 't.organization_id'))
    .leftJoin('users as u', (join) => join.onRef('u.id', '=', 't.assignee_user_id').onRef('u.organization_id', '=', 't.organization_id'))
    .where('t.organization_id', '=', organizationId);
  if (filter.status) query = query.where('t.status', '=', filter.status);
  if (filter.kind) query = query.where('t.kind', '=', filter.kind);
  if (filter.customerId) query = query.where('t.customer_id', '=', filter.customerId);
  if (filter.taskId) query = query.where('t.id', '=', filter.taskId);
  if (filter.accountOwnerUserId !== undefined) query = query.where('c.owner_user_id', '=', filter.accountOwnerUserId);
  if (filter.owner && 'assignee' in filter.owner) query = query.where('t.assignee_user_id', '=', filter.owner.assignee);
  if (filter.owner && 'unassigned' in filter.owner) query = query.where('t.assignee_user_id', 'is', null);
  return query;
}

/**
 * One page of the inbox, sorted and cut in SQL so the page costs the same at a hundred tasks as
 * at a hundred thousand. "priority" puts what is due by today first, then the largest amount at
 * stake, then the oldest due date; "amount" is the largest first; "due_date" the oldest first.
 * Ties end on the id, so a task never shows on two pages.
 */
export async function listTaskInboxPage(db: Db, organizationId: string, filter: TaskInboxFilter): Promise<{ rows: TaskInboxRow[]; total: number }> {
  const base = filtered(db, organizationId, filter);
  const counted = await base.select((eb) => eb.fn.countAll<number | string>().as('count')).executeTakeFirstOrThrow();
  const amount = sql<number>`coalesce(a.balance_minor, -1)`;
  let query = base.selectAll('t').select(['c.name as customer_name', 'c.external_ref as customer_ref', 'a.balance_minor as amount_minor', 'a.currency as currency', 'a.invoice_numbers as invoice_numbers', 'u.name as assignee_name']);
  if (filter.sort === 'priority') {
    query = query.orderBy(sql`case when t.due_on <= ${filter.today} then 0 else 1 end`).orderBy(amount, 'desc').orderBy('t.due_on');
  } else if (filter.sort === 'amount') {
    query = query.orderBy(amount, 'desc').orderBy('t.due_on');
  } else {
    query = query.orderBy('t.due_on').orderBy('t.created_at');
  }
  const rows = await query.orderBy('t.id').limit(filter.limit).offset(filter.offset).execute();
  return { rows: rows as TaskInboxRow[], total: Number(counted.count) };
}

/** Gives a task to a user of the organization, or to nobody; returns whether the task exists. */
export async function setTaskAssignee(db: Db, organizationId: string, taskId: string, userId: string | null): Promise<boolean> {
  const result = await db.kysely.updateTable('collection_tasks').set({ assignee_user_id: userId }).where('organization_id', '=', organizationId).where('id', '=', taskId).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
