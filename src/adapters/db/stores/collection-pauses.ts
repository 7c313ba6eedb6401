import type { Db } from '../database.js';
import { newId, nowIso } from '../ids.js';
import { settleDebtorRequestsAbout } from './debtor-requests.js';
import type { CollectionHoldRow, DisputeRow, PaymentPlanRow, PaymentPromiseRow } from '../schema.js';

export const DISPUTE_REASONS = ['invoice_error', 'not_delivered', 'not_as_agreed', 'price', 'other'] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];
export const DISPUTE_RESOLUTIONS = ['credit_note', 'partial_write_off', 'rejected'] as const;
export type DisputeResolution = (typeof DISPUTE_RESOLUTIONS)[number];

export interface DisputeWithInvoice extends DisputeRow {
  invoice_number: string;
}

export async function createDispute(
  db: Db,
  organizationId: string,
  input: { customerId: string; invoiceId: string; reason: DisputeReason; note: string | null; openedOn: string; createdBy: string | null },
): Promise<DisputeRow> {
  const row: DisputeRow = {
    id: newId(),
    organization_id: organizationId,
    customer_id: input.customerId,
    invoice_id: input.invoiceId,
    reason: input.reason,
    note: input.note,
    status: 'open',
    opened_on: input.openedOn,
    resolution: null,
    resolution_note: null,
    resolved_on: null,
    created_by: input.createdBy,
    created_at: nowIso(),
  };
  await db.kysely.insertInto('disputes').values(row).execute();
  return row;
}

export async function listDisputes(db: Db, organizationId: string, filter: { customerId?: string; status?: 'open' | 'resolved' } = {}): Promise<DisputeWithInvoice[]> {
  let query = db.kysely
    .selectFrom('disputes as d')
    .innerJoin('invoices as i', 'i.id', 'd.invoice_id')
    .selectAll('d')
    .select('i.number as invoice_number')
    .where('d.organization_id', '=', organizationId);
  if (filter.customerId) query = query.where('d.customer_id', '=', filter.customerId);
  if (filter.status) query = query.where('d.status', '=', filter.status);
  return query.orderBy('d.opened_on').orderBy('d.created_at').execute();
}

export async function getDispute(db: Db, organizationId: string, disputeId: string): Promise<DisputeWithInvoice | undefined> {
  return db.kysely
    .selectFrom('disputes as d')
    .innerJoin('invoices as i', 'i.id', 'd.invoice_id')
    .selectAll('d')
    .select('i.number as invoice_number')
    .where('d.organization_id', '=', organizationId)
    .where('d.id', '=', disputeId)
    .executeTakeFirst();
}

export async function resolveDispute(
  db: Db,
  organizationId: string,
  disputeId: string,
  input: { resolution: DisputeResolution; note: string | null; resolvedOn: string },
): Promise<void> {
  await db.kysely
    .updateTable('disputes')
    .set({ status: 'resolved', resolution: input.resolution, resolution_note: input.note, resolved_on: input.resolvedOn })
    .where('organization_id', '=', organizationId)
    .where('id', '=', disputeId)
    .execute();
  await settleDebtorRequestsAbout(db, organizationId, disputeId, input.resolution === 'rejected' ? 'rejected' : 'accepted', input.resolvedOn);
}

export async function createPaymentPromise(
  db: Db,
  organizationId: string,
  input: { customerId: string; promisedOn: string; graceDays: number; invoiceNumbers: string[] | null; amount?: { minor: number; currency: string } | null; note: string | null; createdOn: string; createdBy: string | null },
): Promise<PaymentPromiseRow> {
  const row: PaymentPromiseRow = {
    id: newId(),
    organization_id: organizationId,
    customer_id: input.customerId,
    promised_on: input.promisedOn,
    grace_days: input.graceDays,
    invoice_numbers: input.invoiceNumbers ? JSON.stringify(input.invoiceNumbers) : null,
    amount_minor: input.amount?.minor ?? null,
    amount_currency: input.amount?.currency ?? null,
    note: input.note,
    created_on: input.createdOn,
    created_by: input.createdBy,
    created_at: nowIso(),
  };
  await db.kysely.insertInto('payment_promises').values(row).execute();
  return row;
}

/** The customer's latest promise made on or before the date; a newer promise replaces the older. */
export async function latestPaymentPromise(db: Db, organizationId: string, customerId: string, asOf: string): Promise<PaymentPromiseRow | undefined> {
  return db.kysely
    .selectFrom('payment_promises')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('customer_id', '=', customerId)
    .where('created_on', '<=', asOf)
    .orderBy('created_on', 'desc')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

export async function listPaymentPromises(db: Db, organizationId: string, customerId: string): Promise<PaymentPromiseRow[]> {
  return db.kysely.selectFrom('payment_promises').selectAll().where('organization_id', '=', organizationId).where('customer_id', '=', customerId).orderBy('created_on').execute();
}

export interface NewInstalment {
  dueDate: string;
  amountMinor: number;
}

export async function createPaymentPlan(
  db: Db,
  organizationId: string,
  input: { customerId: string; invoiceNumbers: string[]; instalments: NewInstalment[]; graceDays: number; createdOn: string; createdBy: string | null },
): Promise<PaymentPlanRow> {
  // A new plan replaces the customer's active one.
  await db.kysely
    .updateTable('payment_plans')
    .set({ status: 'cancelled' })
    .where('organization_id', '=', organizationId)
    .where('customer_id', '=', input.customerId)
    .where('status', '=', 'active')
    .execute();
  const row: PaymentPlanRow = {
    id: newId(),
    organization_id: organizationId,
    customer_id: input.customerId,
    invoice_numbers: JSON.stringify(input.invoiceNumbers),
    instalments: JSON.stringify(input.instalments),
    grace_days: input.graceDays,
    status: 'active',
    created_on: input.createdOn,
    created_by: input.createdBy,
    created_at: nowIso(),
  };
  await db.kysely.insertInto('payment_plans').values(row).execute();
  return row;
}

export async function listPaymentPlans(db: Db, organizationId: string, customerId: string): Promise<PaymentPlanRow[]> {
  return db.kysely.selectFrom('payment_plans').selectAll().where('organization_id', '=', organizationId).where('customer_id', '=', customerId).orderBy('created_on').execute();
}

export async function createHold(
  db: Db,
  organizationId: string,
  input: { customerId: string; reason: string; until: string; createdOn: string; createdBy: string | null },
): Promise<CollectionHoldRow> {
  const row: CollectionHoldRow = {
    id: newId(),
    organization_id: organizationId,
    customer_id: input.customerId,
    reason: input.reason,
    until: input.until,
    created_on: input.createdOn,
    created_by: input.createdBy,
    released_at: null,
    created_at: nowIso(),
  };
  await db.kysely.insertInto('collection_holds').values(row).execute();
  return row;
}

/** The hold that lasts longest among those in force on the date. */
export async function activeHold(db: Db, organizationId: string, customerId: string, asOf: string): Promise<CollectionHoldRow | undefined> {
  return db.kysely
    .selectFrom('collection_holds')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('customer_id', '=', customerId)
    .where('released_at', 'is', null)
    .where('created_on', '<=', asOf)
    .where('until', '>=', asOf)
    .orderBy('until', 'desc')
    .executeTakeFirst();
}

export async function listHolds(db: Db, organizationId: string, customerId: string): Promise<CollectionHoldRow[]> {
  return db.kysely.selectFrom('collection_holds').selectAll().where('organization_id', '=', organizationId).where('customer_id', '=', customerId).orderBy('created_on').execute();
}
