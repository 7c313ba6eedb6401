import type { Db } from '../database.js';
import { newId, nowIso } from '../ids.js';
import type { CollectionTaskRow } from '../schema.js';
import { queueWebhookEvent } from './webhooks.js';

/** `agency_case`: work on a case an agency holds under a mandate; the task belongs to the agency. */
export const TASK_KINDS = ['call', 'approval', 'handoff', 'owner_notice', 'dispute', 'delivery', 'debtor_request', 'reply', 'agency_case'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export type NewTask = Omit<CollectionTaskRow, 'id' | 'organization_id' | 'created_at' | 'completed_at' | 'outcome' | 'status' | 'attempt' | 'call_outcome' | 'stake_minor'> & {
  /** A retried call's attempt number; 1 when left out. */
  attempt?: number;
};

/** Creates the task unless one with the same dedupe key exists; returns it only when created. */
export async function insertTaskOnce(db: Db, organizationId: string, task: NewTask): Promise<CollectionTaskRow | undefined> {
  // What the step asks for, kept on the task so the inbox can sort by it with an index.
  const action = task.action_id
    ? await db.kysely.selectFrom('collection_actions').select('balance_minor').where('organization_id', '=', organizationId).where('id', '=', task.action_id).executeTakeFirst()
    : undefined;
  const row: CollectionTaskRow = {
    ...task,
    attempt: task.attempt ?? 1,
    id: newId(),
    organization_id: organizationId,
    status: 'open',
    outcome: null,
    call_outcome: null,
    stake_minor: Number(action?.balance_minor ?? 0),
    created_at: nowIso(),
    completed_at: null,
  };
  const inserted = await db.kysely
    .insertInto('collection_tasks')
    .values(row)
    .onConflict((oc) => oc.columns(['organization_id', 'dedupe_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) await queueWebhookEvent(db, organizationId, 'task.created', { task_id: row.id, kind: row.kind, customer_id: row.customer_id, case_id: row.case_id, title: row.title_en, due_on: row.due_on });
  return inserted ? row : undefined;
}

export async function listTasks(
  db: Db,
  organizationId: string,
  filter: { customerId?: string; status?: string; kind?: string; ownerUserId?: string } = {},
): Promise<CollectionTaskRow[]> {
  let query = db.kysely.selectFrom('collection_tasks').selectAll().where('organization_id', '=', organizationId);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.ownerUserId !== undefined) {
    const owner = filter.ownerUserId;
    query = query.where('customer_id', 'in', (eb) => eb.selectFrom('customers').select('id').where('organization_id', '=', organizationId).where('owner_user_id', '=', owner));
  }
  return query.orderBy('due_on').orderBy('created_at').execute();
}

export async function getTask(db: Db, organizationId: string, taskId: string): Promise<CollectionTaskRow | undefined> {
  return db.kysely.selectFrom('collection_tasks').selectAll().where('organization_id', '=', organizationId).where('id', '=', taskId).executeTakeFirst();
}

export async function completeTask(db: Db, organizationId: string, taskId: string, outcome: string): Promise<void> {
  await db.kysely
    .updateTable('collection_tasks')
    .set({ status: 'done', outcome, completed_at: nowIso() })
    .where('organization_id', '=', organizationId)
    .where('id', '=', taskId)
    .execute();
}

export async function getTaskByDedupeKey(db: Db, organizationId: string, dedupeKey: string): Promise<CollectionTaskRow | undefined> {
  return db.kysely.selectFrom('collection_tasks').selectAll().where('organization_id', '=', organizationId).where('dedupe_key', '=', dedupeKey).executeTakeFirst();
}

/**
 * Closes a call task with its structured outcome, only if it is still open; returns whether it
 * did. Two people answering the same call at once both reach this update: the second finds
 * the task done and changes nothing.
 */
export async function completeCallTask(db: Db, organizationId: string, taskId: string, outcome: { summary: string; detail: unknown }): Promise<boolean> {
  const result = await db.kysely
    .updateTable('collection_tasks')
    .set({ status: 'done', outcome: outcome.summary, call_outcome: JSON.stringify(outcome.detail), completed_at: nowIso() })
    .where('organization_id', '=', organizationId)
    .where('id', '=', taskId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Which of the given dedupe keys already have a task. */
export async function existingDedupeKeys(db: Db, organizationId: string, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.kysely.selectFrom('collection_tasks').select('dedupe_key').where('organization_id', '=', organizationId).where('dedupe_key', 'in', [...keys]).execute();
  return new Set(rows.map((row) => row.dedupe_key));
}

/** Closes an open task nobody needs to do any more, keeping why; a task already closed is left as it is. */
export async function cancelOpenTask(db: Db, organizationId: string, taskId: string, outcome: string): Promise<void> {
  await db.kysely
    .updateTable('collection_tasks')
    .set({ status: 'cancelled', outcome, completed_at: nowIso() })
    .where('organization_id', '=', organizationId)
    .where('id', '=', taskId)
    .where('status', '=', 'open')
    .execute();
}
