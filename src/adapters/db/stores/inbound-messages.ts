import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../database.js';
import { newId, nowIso } from '../ids.js';
import type { InboundAttachmentRow, InboundMessageRow, InboundStatus } from '../inbound-schema.js';
import type { OutboxMessageRow } from '../schema.js';

export type InboundAttachmentInfo = Omit<InboundAttachmentRow, 'content_base64'>;
const ATTACHMENT_INFO = ['id', 'organization_id', 'inbound_message_id', 'file_name', 'content_type', 'size_bytes', 'sha256', 'created_at'] as const;

/** The organization's inbound address, or null when none is set. */
export async function getInboundAddress(db: Db, organizationId: string): Promise<string | null> {
  const row = await db.kysely.selectFrom('inbound_mailboxes').select('address').where('organization_id', '=', organizationId).executeTakeFirst();
  return row?.address ?? null;
}

/** Sets (or with null, clears) the organization's inbound address, kept in lower case. */
export async function setInboundAddress(db: Db, organizationId: string, address: string | null): Promise<void> {
  if (address === null) {
    await db.kysely.deleteFrom('inbound_mailboxes').where('organization_id', '=', organizationId).execute();
    return;
  }
  const lower = address.toLowerCase();
  await db.kysely
    .insertInto('inbound_mailboxes')
    .values({ organization_id: organizationId, address: lower, updated_at: nowIso() })
    .onConflict((oc) => oc.column('organization_id').doUpdateSet({ address: lower, updated_at: nowIso() }))
    .execute();
}

/** Which organizations own some of these addresses (lower case): where a received mail belongs. */
export async function organizationsByInboundAddress(db: Db, addresses: readonly string[]): Promise<{ organization_id: string; address: string }[]> {
  if (addresses.length === 0) return [];
  return db.kysely.selectFrom('inbound_mailboxes').select(['organization_id', 'address']).where('address', 'in', addresses.map((a) => a.toLowerCase())).execute();
}

/** The outbox messages among these ids, whichever organization sent them (an outbox id is unique). */
export async function findOutboxMessagesAnywhere(db: Db, ids: readonly string[]): Promise<Pick<OutboxMessageRow, 'id' | 'organization_id' | 'customer_id' | 'status'>[]> {
  if (ids.length === 0) return [];
  return db.kysely.selectFrom('outbox_messages').select(['id', 'organization_id', 'customer_id', 'status']).where('id', 'in', [...ids]).execute();
}

/** The customers with a contact at this address, ignoring case. */
export async function customersWithContactEmail(db: Db, organizationId: string, email: string): Promise<string[]> {
  if (email === '') return [];
  const rows = await db.kysely
    .selectFrom('contacts')
    .select('customer_id')
    .where('organization_id', '=', organizationId)
    .where(sql<boolean>`lower(email) = ${email.toLowerCase()}`)
    .execute();
  return rows.map((row) => row.customer_id);
}

export async function findInboundByDedupeKey(db: Db, organizationId: string, dedupeKey: string): Promise<InboundMessageRow | undefined> {
  return db.kysely.selectFrom('inbound_messages').selectAll().where('organization_id', '=', organizationId).where('dedupe_key', '=', dedupeKey).executeTakeFirst();
}

/** Keeps a received message unless one with its key is there; returns it only when inserted. */
export async function insertInboundMessage(db: Db, row: InboundMessageRow): Promise<InboundMessageRow | undefined> {
  const inserted = await db.kysely
    .insertInto('inbound_messages')
    .values(row)
    .onConflict((oc) => oc.columns(['organization_id', 'dedupe_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted ? row : undefined;
}

export async function insertInboundAttachment(db: Db, organizationId: string, inboundMessageId: string, file: { fileName: string; contentType: string; content: Buffer }): Promise<void> {
  await db.kysely
    .insertInto('inbound_attachments')
    .values({
      id: newId(),
      organization_id: organizationId,
      inbound_message_id: inboundMessageId,
      file_name: file.fileName,
      content_type: file.contentType,
      size_bytes: file.content.length,
      sha256: createHash('sha256').update(file.content).digest('hex'),
      content_base64: file.content.toString('base64'),
      created_at: nowIso(),
    })
    .execute();
}

export async function getInboundMessage(db: Db, organizationId: string, id: string): Promise<InboundMessageRow | undefined> {
  return db.kysely.selectFrom('inbound_messages').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
}

export interface InboundFilter {
  customerId?: string;
  status?: InboundStatus;
  /** A sales rep's own accounts only. */
  ownerUserId?: string;
  limit: number;
  offset: number;
}

/** Newest first, bounded; with the total matching, for paging. */
export async function listInboundMessages(db: Db, organizationId: string, filter: InboundFilter): Promise<{ rows: InboundMessageRow[]; total: number }> {
  let query = db.kysely.selectFrom('inbound_messages').where('organization_id', '=', organizationId);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.ownerUserId !== undefined) {
    const owner = filter.ownerUserId;
    query = query.where('customer_id', 'in', (eb) => eb.selectFrom('customers').select('id').where('organization_id', '=', organizationId).where('owner_user_id', '=', owner));
  }
  const rows = await query.selectAll().orderBy('received_at', 'desc').orderBy('id').limit(filter.limit).offset(filter.offset).execute();
  const { total } = await query.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow();
  return { rows, total: Number(total) };
}

export async function updateInboundMessage(
  db: Db,
  organizationId: string,
  id: string,
  changes: Partial<Pick<InboundMessageRow, 'customer_id' | 'matched_by' | 'status' | 'task_id' | 'answer_outbox_id' | 'answered_at' | 'answered_by'>>,
): Promise<void> {
  await db.kysely.updateTable('inbound_messages').set(changes).where('organization_id', '=', organizationId).where('id', '=', id).execute();
}

/** Gives an unmatched email its customer, unless someone did meanwhile; true when this call did. */
export async function attachUnmatchedInbound(db: Db, organizationId: string, id: string, customerId: string, status: InboundStatus): Promise<boolean> {
  const result = await db.kysely
    .updateTable('inbound_messages')
    .set({ customer_id: customerId, matched_by: 'person', status })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('customer_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function listInboundAttachmentInfo(db: Db, organizationId: string, inboundMessageIds: readonly string[]): Promise<InboundAttachmentInfo[]> {
  if (inboundMessageIds.length === 0) return [];
  return db.kysely
    .selectFrom('inbound_attachments')
    .select(ATTACHMENT_INFO)
    .where('organization_id', '=', organizationId)
    .where('inbound_message_id', 'in', [...inboundMessageIds])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function getInboundAttachment(db: Db, organizationId: string, inboundMessageId: string, attachmentId: string): Promise<InboundAttachmentRow | undefined> {
  return db.kysely
    .selectFrom('inbound_attachments')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('inbound_message_id', '=', inboundMessageId)
    .where('id', '=', attachmentId)
    .executeTakeFirst();
}

/**
 * A bounce came back for a message the outbox thought delivered: it failed after all. Only a
 * message that had left (sent, kept or of unknown fate) changes; true when it did.
 */
export async function markOutboxMessageBounced(db: Db, organizationId: string, outboxId: string, reason: string, now: string): Promise<boolean> {
  const result = await db.kysely
    .updateTable('outbox_messages')
    .set({ status: 'failed', failure_kind: 'permanent', last_error: reason, updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('id', '=', outboxId)
    .where('status', 'in', ['sent', 'kept', 'unknown'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
