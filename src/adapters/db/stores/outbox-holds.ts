import type { Db } from '../database.js';
import type { OutboxMessageRow } from '../schema.js';

/** Sets a person's hold on a queued message; whether it moved (it was queued and, as `held` says, held or not). */
async function setHold(db: Db, organizationId: string, id: string, held: boolean, hold: { at: string | null; by: string | null }, now: string): Promise<boolean> {
  const result = await db.kysely
    .updateTable('outbox_messages')
    .set({ held_at: hold.at, held_by_user_id: hold.by, updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .where('held_at', held ? 'is not' : 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Holds a queued message for a person; returns whether it moved (it was queued and not held). */
export function holdQueuedMessage(db: Db, organizationId: string, id: string, by: string | null, now: string): Promise<boolean> {
  return setHold(db, organizationId, id, false, { at: now, by }, now);
}

/** Lets a held message go again; returns whether it was held. */
export function releaseHeldMessage(db: Db, organizationId: string, id: string, now: string): Promise<boolean> {
  return setHold(db, organizationId, id, true, { at: null, by: null }, now);
}

/** Moves a queued message (held or not) to `at`, released: the sending pass takes it from then. */
export async function moveQueuedMessageTo(db: Db, organizationId: string, id: string, at: string, now: string): Promise<boolean> {
  const result = await db.kysely
    .updateTable('outbox_messages')
    .set({ not_before: at, next_attempt_at: at, held_at: null, held_by_user_id: null, updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Letters and registered letters that left (sent or kept for the post room) between two instants, oldest first. */
export async function listLettersBetween(db: Db, organizationId: string, from: string, to: string, customerIds?: readonly string[]): Promise<OutboxMessageRow[]> {
  if (customerIds && customerIds.length === 0) return [];
  let query = db.kysely
    .selectFrom('outbox_messages')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('channel', 'in', ['letter', 'registered_letter'])
    .where('status', 'in', ['sent', 'kept'])
    .where((eb) => eb.fn.coalesce('sent_at', 'transport_called_at'), '>=', from)
    .where((eb) => eb.fn.coalesce('sent_at', 'transport_called_at'), '<', to);
  if (customerIds) query = query.where('customer_id', 'in', [...customerIds]);
  return query.orderBy((eb) => eb.fn.coalesce('sent_at', 'transport_called_at')).orderBy('id').execute();
}
