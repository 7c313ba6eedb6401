import { sql } from 'kysely';
import type { Db } from '../database.js';
import { newId, nowIso } from '../ids.js';
import type { CollectionActionRow } from '../schema.js';
import { queueWebhookEvent } from './webhooks.js';

export const ACTION_STATUSES = ['planned', 'sent', 'failed', 'skipped', 'cancelled', 'awaiting_approval', 'rejected'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export type NewAction = Omit<CollectionActionRow, 'id' | 'organization_id' | 'created_at' | 'updated_at' | 'status_note' | 'coming_due_numbers' | 'retry_on'> & {
  status_note?: string | null;
  coming_due_numbers?: string | null;
  retry_on?: string | null;
};

/**
 * Writes the action unless its step already has one in this episode (case). Returns the row
 * when this call created it, undefined when another run got there first: "insert … on
 * conflict do nothing" is what makes a second run, or a second worker, a no-op.
 */
export async function insertActionOnce(db: Db, organizationId: string, action: NewAction): Promise<CollectionActionRow | undefined> {
  const now = nowIso();
  const row: CollectionActionRow = { status_note: null, coming_due_numbers: null, retry_on: null, ...action, id: newId(), organization_id: organizationId, created_at: now, updated_at: now };
  const inserted = await db.kysely
    .insertInto('collection_actions')
    .values(row)
    .onConflict((oc) => oc.columns(['organization_id', 'episode_key', 'step_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted ? row : undefined;
}

export async function listCustomerActions(db: Db, organizationId: string, customerId: string): Promise<CollectionActionRow[]> {
  return db.kysely
    .selectFrom('collection_actions')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('customer_id', '=', customerId)
    .orderBy('planned_on')
    .orderBy('created_at')
    .execute();
}

export async function getAction(db: Db, organizationId: string, actionId: string): Promise<CollectionActionRow | undefined> {
  return db.kysely.selectFrom('collection_actions').selectAll().where('organization_id', '=', organizationId).where('id', '=', actionId).executeTakeFirst();
}

export async function setActionStatus(db: Db, organizationId: string, actionId: string, status: ActionStatus, note: string | null = null): Promise<void> {
  await db.kysely
    .updateTable('collection_actions')
    .set({ status, status_note: note, updated_at: nowIso() })
    .where('organization_id', '=', organizationId)
    .where('id', '=', actionId)
    .execute();
}

/** Puts an action whose message failed or was only kept back to planned, when a person retries that message. */
export async function replanActionOfRetriedMessage(db: Db, organizationId: string, actionId: string): Promise<void> {
  await db.kysely
    .updateTable('collection_actions')
    .set({ status: 'planned', status_note: 'message retried from the outbox', updated_at: nowIso() })
    .where('organization_id', '=', organizationId)
    .where('id', '=', actionId)
    .where('status', 'in', ['failed', 'sent'])
    .execute();
}

/**
 * Cancels a planned action and frees its step: the key moves aside, so the next run may plan
 * the step again with figures that are true by then (a partial payment arrived in between).
 */
export async function cancelAction(db: Db, organizationId: string, actionId: string, note: string): Promise<void> {
  await db.kysely
    .updateTable('collection_actions')
    .set({ status: 'cancelled', status_note: note, updated_at: nowIso(), episode_key: sql<string>`episode_key || ${`:cancelled:${actionId}`}` })
    .where('organization_id', '=', organizationId)
    .where('id', '=', actionId)
    .execute();
}

/** What a step lists and asks, brought up to date before its message is written (after an approval). */
export async function updateActionFigures(
  db: Db,
  organizationId: string,
  actionId: string,
  figures: { invoiceNumbers: readonly string[]; invoiceIds: readonly string[]; invoiceAmounts: readonly number[]; balanceMinor: number },
): Promise<void> {
  await db.kysely
    .updateTable('collection_actions')
    .set({
      invoice_numbers: JSON.stringify(figures.invoiceNumbers),
      invoice_ids: JSON.stringify(figures.invoiceIds),
      invoice_amounts: JSON.stringify(figures.invoiceAmounts),
      balance_minor: figures.balanceMinor,
      updated_at: nowIso(),
    })
    .where('organization_id', '=', organizationId)
    .where('id', '=', actionId)
    .execute();
}

/**
 * A person rejected the step: it is kept with the reason, its key moves aside so that the
 * step can be proposed again, with the facts of that day, from `retryOn` on.
 */
export async function rejectAction(db: Db, organizationId: string, actionId: string, note: string, retryOn: string): Promise<void> {
  await db.kysely
    .updateTable('collection_actions')
    .set({ status: 'rejected', status_note: note, retry_on: retryOn, updated_at: nowIso(), episode_key: sql<string>`episode_key || ${`:rejected:${actionId}`}` })
    .where('organization_id', '=', organizationId)
    .where('id', '=', actionId)
    .execute();
}

/** Brings planned message actions in line with what the outbox did with their messages. */
export async function syncActionsWithOutbox(db: Db, organizationId: string): Promise<void> {
  for (const [outboxStatus, actionStatus] of [['sent', 'sent'], ['kept', 'sent'], ['failed', 'failed'], ['cancelled', 'cancelled']] as const) {
    const changed = await db.kysely
      .updateTable('collection_actions')
      .set({ status: actionStatus, updated_at: nowIso() })
      .where('organization_id', '=', organizationId)
      .where('status', '=', 'planned')
      .where('id', 'in', (eb) => eb.selectFrom('outbox_messages').select('action_id').where('organization_id', '=', organizationId).where('status', '=', outboxStatus))
      .returning(['id', 'customer_id', 'case_id', 'step_id', 'channel'])
      .execute();
    if (actionStatus !== 'cancelled') for (const action of changed) await queueWebhookEvent(db, organizationId, `action.${actionStatus}`, { action_id: action.id, customer_id: action.customer_id, case_id: action.case_id, step_id: action.step_id, channel: action.channel });
  }
}
