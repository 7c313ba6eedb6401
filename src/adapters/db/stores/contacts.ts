import type { Db } from '../database.js';
import { newId, nowIso } from '../ids.js';
import type { ContactRow } from '../schema.js';

export interface NewContact {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
  role?: string;
}

export async function createContact(db: Db, organizationId: string, customerId: string, input: NewContact): Promise<ContactRow> {
  const row: ContactRow = {
    id: newId(),
    organization_id: organizationId,
    customer_id: customerId,
    name: input.name ?? null,
    email: input.email ?? null,
    phone: input.phone ?? null,
    address: input.address ?? null,
    role: input.role ?? 'accounts_payable',
    created_at: nowIso(),
  };
  await db.kysely.insertInto('contacts').values(row).execute();
  return row;
}

export async function getContact(db: Db, organizationId: string, contactId: string): Promise<ContactRow | undefined> {
  return db.kysely
    .selectFrom('contacts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', contactId)
    .executeTakeFirst();
}

export async function listContacts(db: Db, organizationId: string, customerId: string): Promise<ContactRow[]> {
  return db.kysely
    .selectFrom('contacts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('customer_id', '=', customerId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export type ContactChanges = Partial<Pick<ContactRow, 'name' | 'email' | 'phone' | 'address' | 'role'>>;

export async function updateContact(
  db: Db,
  organizationId: string,
  contactId: string,
  changes: ContactChanges,
): Promise<ContactRow | undefined> {
  if (Object.keys(changes).length > 0) {
    await db.kysely.updateTable('contacts').set(changes).where('organization_id', '=', organizationId).where('id', '=', contactId).execute();
  }
  return getContact(db, organizationId, contactId);
}

export async function deleteContact(db: Db, organizationId: string, contactId: string): Promise<boolean> {
  const result = await db.kysely
    .deleteFrom('contacts')
    .where('organization_id', '=', organizationId)
    .where('id', '=', contactId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
