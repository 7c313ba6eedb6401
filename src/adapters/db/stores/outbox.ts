import { sql } from 'kysely';
import type { Db } from '../database.js';
import type { OutboxMessageRow } from '../schema.js';

export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'kept' | 'failed' | 'unknown' | 'cancelled';
export const OUTBOX_STATUSES: readonly OutboxStatus[] = ['queued', 'sending', 'sent', 'kept', 'failed', 'unknown', 'cancelled'];

export type OutboxChannel = 'email' | 'sms' | 'letter' | 'registered_letter';
export const OUTBOX_CHANNELS: readonly OutboxChannel[] = ['email', 'sms', 'letter', 'registered_letter'];

/**
 * Inserts the row unless one already exists for its (action, channel); `created` says which.
 * ON CONFLICT rather than catching the violation: on PostgreSQL a failed INSERT would abort
 * the caller's transaction.
 */
export async function insertOutboxMessage(db: Db, organizationId: string, row: OutboxMessageRow): Promise<{ id: string; created: boolean }> {
  const inserted = await db.kysely
    .insertInto('outbox_messages')
    .values({ ...row, organization_id: organizationId })
    .onConflict((oc) => oc.columns(['organization_id', 'action_id', 'channel']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  const existing = await db.kysely
    .selectFrom('outbox_messages')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('action_id', '=', row.action_id)
    .where('channel', '=', row.channel)
    .executeTakeFirstOrThrow();
  return { id: existing.id, created: false };
}

export async function findOutboxMessage(db: Db, organizationId: string, id: string): Promise<OutboxMessageRow | undefined> {
  return db.kysely
    .selectFrom('outbox_messages')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export interface OutboxFilter {
  status?: OutboxStatus;
  channel?: OutboxChannel;
  /** Restricts to these customers (a sales rep sees own accounts only). */
  customerIds?: readonly string[];
  limit?: number;
}

export async function listOutboxMessages(db: Db, organizationId: string, filter: OutboxFilter = {}): Promise<OutboxMessageRow[]> {
  if (filter.customerIds && filter.customerIds.length === 0) return [];
  let query = db.kysely.selectFrom('outbox_messages').selectAll().where('organization_id', '=', organizationId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.channel) query = query.where('channel', '=', filter.channel);
  if (filter.customerIds) query = query.where('customer_id', 'in', [...filter.customerIds]);
  return query
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(filter.limit ?? 500)
    .execute();
}

/** Queued messages of one channel; with `dueBy`, only those whose time has come. */
export async function countQueuedMessages(db: Db, organizationId: string, filter: { channel: OutboxChannel; dueBy?: string }): Promise<number> {
  let query = db.kysely
    .selectFrom('outbox_messages')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'queued')
    .where('channel', '=', filter.channel);
  if (filter.dueBy) query = query.where('not_before', '<=', filter.dueBy).where('next_attempt_at', '<=', filter.dueBy);
  return Number((await query.executeTakeFirstOrThrow()).count);
}

/**
 * The worker's view spans every organization: it drains one queue. Claims up to `limit` due
 * messages for `workerId` until `claimedUntil`. On PostgreSQL concurrent workers skip each
 * other's locked rows; on SQLite the single UPDATE holds the write lock, so it is atomic.
 */
export async function claimDueMessages(
  db: Db,
  claim: { now: string; workerId: string; claimedUntil: string; limit: number; organizationId?: string; skipChannels?: readonly OutboxChannel[]; ids?: readonly string[] },
): Promise<OutboxMessageRow[]> {
  let due = db.kysely
    .selectFrom('outbox_messages')
    .select('id')
    .where('status', '=', 'queued')
    // A message a person holds stays in the queue until released.
    .where('held_at', 'is', null)
    .where('not_before', '<=', claim.now)
    .where('next_attempt_at', '<=', claim.now)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(claim.limit);
  if (claim.organizationId) due = due.where('organization_id', '=', claim.organizationId);
  if (claim.ids) due = due.where('id', 'in', [...claim.ids]);
  if (claim.skipChannels && claim.skipChannels.length > 0) due = due.where('channel', 'not in', [...claim.skipChannels]);
  if (db.engine === 'postgres') due = due.forUpdate().skipLocked();
  const rows = await db.kysely
    .updateTable('outbox_messages')
    .set({ status: 'sending', claimed_by: claim.workerId, claimed_until: claim.claimedUntil, transport_called_at: null, updated_at: claim.now })
    .where('id', 'in', due)
    .where('status', '=', 'queued')
    .returningAll()
    .execute();
  return rows.sort((a, b) => (a.next_attempt_at < b.next_attempt_at ? -1 : a.next_attempt_at > b.next_attempt_at ? 1 : a.id < b.id ? -1 : 1));
}

/**
 * Messages whose worker vanished (claim expired while `sending`). If the transport was never
 * called nothing left the building and the message goes back to the queue; otherwise the
 * outcome is unknown and a person decides — resending blindly could duplicate it.
 */
export async function releaseExpiredClaims(db: Db, now: string): Promise<{ requeued: number; unknown: OutboxMessageRow[] }> {
  const requeued = await db.kysely
    .updateTable('outbox_messages')
    .set({ status: 'queued', claimed_by: null, claimed_until: null, updated_at: now })
    .where('status', '=', 'sending')
    .where('claimed_until', '<', now)
    .where('transport_called_at', 'is', null)
    .executeTakeFirst();
  const unknown = await db.kysely
    .updateTable('outbox_messages')
    .set({
      status: 'unknown',
      failure_kind: 'expired_claim',
      last_error: 'the sending process stopped after handing the message to the channel; it may or may not have gone out',
      claimed_by: null,
      claimed_until: null,
      updated_at: now,
    })
    .where('status', '=', 'sending')
    .where('claimed_until', '<', now)
    .where('transport_called_at', 'is not', null)
    .returningAll()
    .execute();
  return { requeued: Number(requeued.numUpdatedRows), unknown };
}

/** Written just before the transport is called; false when the claim was lost meanwhile. */
export async function recordTransportCall(db: Db, id: string, workerId: string, now: string): Promise<boolean> {
  const result = await db.kysely
    .updateTable('outbox_messages')
    .set({ transport_called_at: now, attempts: sql<number>`attempts + 1`, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .where('claimed_by', '=', workerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export type OutboxSettlement = Partial<
  Pick<OutboxMessageRow, 'status' | 'last_error' | 'failure_kind' | 'provider_message_id' | 'document_path' | 'sent_at' | 'next_attempt_at'>
> & { status: OutboxStatus };

/** Ends a claim with its outcome; only the worker holding the claim may settle it. */
export async function settleClaimedMessage(db: Db, id: string, workerId: string, now: string, settlement: OutboxSettlement): Promise<boolean> {
  const result = await db.kysely
    .updateTable('outbox_messages')
    .set({
      ...settlement,
      claimed_by: null,
      claimed_until: null,
      ...(settlement.status === 'queued' ? { transport_called_at: null } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .where('claimed_by', '=', workerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A person's decision on a message: only moves it when it is in one of `from`. */
export async function changeOutboxStatus(
  db: Db,
  organizationId: string,
  id: string,
  from: readonly OutboxStatus[],
  change: OutboxSettlement & { now: string },
): Promise<boolean> {
  const { now, ...settlement } = change;
  const result = await db.kysely
    .updateTable('outbox_messages')
    .set({ ...settlement, claimed_by: null, claimed_until: null, transport_called_at: null, updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
