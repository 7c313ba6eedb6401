import { sql } from 'kysely';
import type { Db } from '../database.js';
import { oneOfIds } from './id-list.js';
import { newId, nowIso } from '../ids.js';
import type { CustomerRow } from '../schema.js';

export interface NewCustomer {
  externalRef: string;
  name: string;
  registrationId?: string | null;
  vatId?: string | null;
  language?: string;
  segment?: string | null;
  ownerUserId?: string | null;
  creditLimitMinor?: number | null;
  paymentTerms?: string | null;
}

export function customerRow(organizationId: string, input: NewCustomer, now = nowIso()): CustomerRow {
  return {
    id: newId(),
    organization_id: organizationId,
    external_ref: input.externalRef,
    name: input.name,
    registration_id: input.registrationId ?? null,
    vat_id: input.vatId ?? null,
    language: input.language ?? 'fr',
    segment: input.segment ?? null,
    owner_user_id: input.ownerUserId ?? null,
    credit_limit_minor: input.creditLimitMinor ?? null,
    payment_terms: input.paymentTerms ?? null,
    created_at: now,
    updated_at: now,
  };
}

export async function createCustomer(db: Db, organizationId: string, input: NewCustomer): Promise<CustomerRow> {
  const row = customerRow(organizationId, input);
  await db.kysely.insertInto('customers').values(row).execute();
  return row;
}

export async function getCustomer(db: Db, organizationId: string, customerId: string): Promise<CustomerRow | undefined> {
  return db.kysely
    .selectFrom('customers')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', customerId)
    .executeTakeFirst();
}

/** The organization's customer ids, by name then reference: a run over every customer reads the rows a batch at a time. */
export async function listCustomerIds(db: Db, organizationId: string): Promise<string[]> {
  const rows = await db.kysely.selectFrom('customers').select('id').where('organization_id', '=', organizationId).orderBy('name').orderBy('external_ref').execute();
  return rows.map((row) => row.id);
}

/** The rows of the given customers, in the order of the ids; ids of other organizations are left out. */
export async function getCustomersByIds(db: Db, organizationId: string, ids: readonly string[]): Promise<CustomerRow[]> {
  if (ids.length === 0) return [];
  // `organization_id || ''` keeps the check on every row but out of SQLite's index choice:
  // given the plain column, it walked every customer of the organization for each batch.
  const rows = await db.kysely
    .selectFrom('customers')
    .selectAll()
    .where(sql<string>`organization_id || ''`, '=', organizationId)
    .where(oneOfIds(db, 'id', ids))
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function getCustomerByRef(db: Db, organizationId: string, externalRef: string): Promise<CustomerRow | undefined> {
  return db.kysely
    .selectFrom('customers')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('external_ref', '=', externalRef)
    .executeTakeFirst();
}

/** A customer row with its account owner's name, for lists. */
export interface CustomerWithOwner extends CustomerRow {
  owner_name: string | null;
}

/** "%text%" for LIKE, escaped so "50%" or "A_B" match literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** What separates the name from the reference in `search_name`. */
const NAME_SEPARATOR = '\u001f';

/** A VAT or registration number as compared in a search: lower case, without spaces, dots, dashes or slashes. */
function compactIdentifier(text: string): string {
  return text.toLowerCase().replace(/[\s.\-/]/g, '');
}

export interface CustomerFilter {
  /** Part of the name, the reference, the VAT or the registration number, any case. */
  search?: string;
  segment?: string;
  /** A user id, or null for customers without an owner. */
  ownerUserId?: string | null;
}

/** Every customer matching the filter, by name then reference. */
export async function listCustomers(db: Db, organizationId: string, filter: CustomerFilter = {}): Promise<CustomerWithOwner[]> {
  return matchingCustomers(db, organizationId, filter).selectAll('c').select('u.name as owner_name').orderBy('c.name').orderBy('c.external_ref').execute();
}

/**
 * The customers matching the filter (`c`), with their owner (`u`), as a query to select from:
 * what the customer list and its search read, sorted and paged by the caller.
 */
export function matchingCustomers(db: Db, organizationId: string, filter: CustomerFilter = {}) {
  return filteredCustomers(db, organizationId, filter).leftJoin('users as u', (join) =>
    join.onRef('u.id', '=', 'c.owner_user_id').onRef('u.organization_id', '=', 'c.organization_id'),
  );
}

/**
 * These customers (`c`), with their owner (`u`), as a query to select from, like
 * matchingCustomers. As in getCustomersByIds, the organization is checked on every row but the ids
 * choose the index: given the plain column, SQLite walked every customer of the organization.
 */
export function customersWithIds(db: Db, organizationId: string, ids: readonly string[]) {
  return db.kysely
    .selectFrom('customers as c')
    .leftJoin('users as u', (join) => join.onRef('u.id', '=', 'c.owner_user_id').onRef('u.organization_id', '=', 'c.organization_id'))
    .where(sql<string>`c.organization_id || ''`, '=', organizationId)
    .where(ids.length === 0 ? sql<boolean>`1 = 0` : oneOfIds(db, 'c.id', ids));
}

/** A page of customers, by id, with their owner, in no particular order. */
export async function getCustomersWithOwnerByIds(db: Db, organizationId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return customersWithIds(db, organizationId, ids).selectAll('c').select('u.name as owner_name').execute();
}

/** How many customers match the filter: counted on the customers alone, without their owners. */
export async function countMatchingCustomers(db: Db, organizationId: string, filter: CustomerFilter = {}): Promise<number> {
  const row = await filteredCustomers(db, organizationId, filter)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

function filteredCustomers(db: Db, organizationId: string, filter: CustomerFilter) {
  let query = db.kysely.selectFrom('customers as c').where('c.organization_id', '=', organizationId);
  if (filter.search) {
    const text = filter.search.toLowerCase();
    const pattern = sql<string>`${likePattern(text)} escape '\\'`;
    // Identifiers are written "FR 12 552120222", "552.120.222" or "BE0123-456-789": compared
    // without their separators, whichever way the person types them.
    const compact = compactIdentifier(filter.search);
    // The database keeps what a search compares (migrations 0031-s and 0032-s): `search_name`, the
    // name and the reference in lower case separated by U+001F, and `search_identifiers`, both
    // numbers compacted and separated by a space, which a compacted search never holds. Always
    // true, the condition on the numbers lets the search read both from the index kept for it.
    query = query.where('c.search_identifiers', 'is not', null).where((eb) =>
      eb.or([
        // A search holding the separator itself could match across the two: the few customers
        // it matches are compared with the name and the reference apart.
        text.includes(NAME_SEPARATOR)
          ? eb.and([eb('c.search_name', 'like', pattern), eb.or([eb(sql`lower(c.name)`, 'like', pattern), eb(sql`lower(c.external_ref)`, 'like', pattern)])])
          : eb('c.search_name', 'like', pattern),
        // Every VAT and registration number carries digits: a search without any (a name) is not
        // compared with them, nor is one too short to tell a number apart.
        ...(compact.length >= 3 && /\d/.test(compact) ? [eb('c.search_identifiers', 'like', sql<string>`${likePattern(compact)} escape '\\'`)] : []),
      ]),
    );
  }
  if (filter.segment !== undefined) query = query.where('c.segment', '=', filter.segment);
  if (filter.ownerUserId === null) query = query.where('c.owner_user_id', 'is', null);
  else if (filter.ownerUserId !== undefined) query = query.where('c.owner_user_id', '=', filter.ownerUserId);
  return query;
}

/** Ids of the customers a user owns: what a sales user may see. */
export async function listOwnedCustomerIds(db: Db, organizationId: string, ownerUserId: string): Promise<string[]> {
  const rows = await db.kysely
    .selectFrom('customers')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('owner_user_id', '=', ownerUserId)
    .execute();
  return rows.map((r) => r.id);
}

export async function listSegments(db: Db, organizationId: string, filter: { ownerUserId?: string } = {}): Promise<string[]> {
  let query = db.kysely
    .selectFrom('customers')
    .select('segment')
    .distinct()
    .where('organization_id', '=', organizationId)
    .where('segment', 'is not', null);
  if (filter.ownerUserId !== undefined) query = query.where('owner_user_id', '=', filter.ownerUserId);
  const rows = await query.orderBy('segment').execute();
  return rows.map((r) => r.segment!);
}

export type CustomerChanges = Partial<
  Pick<
    CustomerRow,
    'external_ref' | 'name' | 'registration_id' | 'vat_id' | 'language' | 'segment' | 'owner_user_id' | 'credit_limit_minor' | 'payment_terms'
  >
>;

export async function updateCustomer(
  db: Db,
  organizationId: string,
  customerId: string,
  changes: CustomerChanges,
): Promise<CustomerRow | undefined> {
  await db.kysely
    .updateTable('customers')
    .set({ ...changes, updated_at: nowIso() })
    .where('organization_id', '=', organizationId)
    .where('id', '=', customerId)
    .execute();
  return getCustomer(db, organizationId, customerId);
}

/** Invoices, credit notes and payments on file for a customer: a customer with any cannot be deleted. */
export async function countCustomerDocuments(db: Db, organizationId: string, customerId: string): Promise<number> {
  let count = 0;
  for (const table of ['invoices', 'credit_notes', 'payments'] as const) {
    const row = await db.kysely
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organization_id', '=', organizationId)
      .where('customer_id', '=', customerId)
      .executeTakeFirst();
    count += Number(row?.n ?? 0);
  }
  return count;
}

/** Deletes a customer and its contacts; returns false when no such customer exists here. */
export async function deleteCustomer(db: Db, organizationId: string, customerId: string): Promise<boolean> {
  return db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('contacts').where('organization_id', '=', organizationId).where('customer_id', '=', customerId).execute();
    const result = await trx
      .deleteFrom('customers')
      .where('organization_id', '=', organizationId)
      .where('id', '=', customerId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  });
}
