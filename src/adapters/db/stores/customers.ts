import type { Db } from '../database.js';
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

export async function getCustomerByRef(db: Db, organizationId: string, externalRef: string): Promise<CustomerRow | undefined> {
  return db.kysely
    .selectFrom('customers')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('external_ref', '=', externalRef)
    .executeTakeFirst();
}
