import type { Db } from '../database.js';
import { newId, nowIso } from '../ids.js';
import type { ContactLogRow } from '../schema.js';

export const CONTACT_CHANNELS = ['call', 'email', 'letter', 'meeting', 'other'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export interface NewContactLog {
  customerId: string;
  occurredOn: string;
  channel: ContactChannel;
  note: string;
  authorUserId: string | null;
  taskId?: string | null;
}

export async function insertContactLog(db: Db, organizationId: string, contact: NewContactLog): Promise<ContactLogRow> {
  const row: ContactLogRow = {
    id: newId(),
    organization_id: organizationId,
    customer_id: contact.customerId,
    occurred_on: contact.occurredOn,
    channel: contact.channel,
    note: contact.note,
    author_user_id: contact.authorUserId,
    task_id: contact.taskId ?? null,
    created_at: nowIso(),
  };
  await db.kysely.insertInto('contact_logs').values(row).execute();
  return row;
}

/** The customer's contacts made outside Relance, newest first. */
export async function listContactLogs(db: Db, organizationId: string, customerId: string): Promise<ContactLogRow[]> {
  return db.kysely
    .selectFrom('contact_logs')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('customer_id', '=', customerId)
    .orderBy('occurred_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}
