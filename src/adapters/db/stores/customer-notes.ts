import type { Db } from '../database.js';
import { newId, nowIso } from '../ids.js';
import type { CustomerNoteRow } from '../schema.js';

export interface NewCustomerNote {
  customerId: string;
  text: string;
  writtenOn: string;
  authorUserId: string | null;
  authorApiKeyId: string | null;
}

export async function insertCustomerNote(db: Db, organizationId: string, note: NewCustomerNote): Promise<CustomerNoteRow> {
  const row: CustomerNoteRow = {
    id: newId(),
    organization_id: organizationId,
    customer_id: note.customerId,
    text: note.text,
    written_on: note.writtenOn,
    author_user_id: note.authorUserId,
    author_api_key_id: note.authorApiKeyId,
    created_at: nowIso(),
  };
  await db.kysely.insertInto('customer_notes').values(row).execute();
  return row;
}
