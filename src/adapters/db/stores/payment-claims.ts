import type { Db } from '../database.js';
import { newId, nowIso } from '../ids.js';
import type { PaymentClaimRow } from '../schema.js';
import { settleDebtorRequestsAbout } from './debtor-requests.js';

export interface NewPaymentClaim {
  customerId: string;
  invoiceNumbers: readonly string[];
  paidOn: string;
  amount: { minor: number; currency: string } | null;
  reference: string | null;
  note: string | null;
  until: string;
  createdOn: string;
  createdBy: string | null;
}

export async function createPaymentClaim(db: Db, organizationId: string, input: NewPaymentClaim): Promise<PaymentClaimRow> {
  const row: PaymentClaimRow = {
    id: newId(),
    organization_id: organizationId,
    customer_id: input.customerId,
    invoice_numbers: JSON.stringify(input.invoiceNumbers),
    paid_on: input.paidOn,
    amount_minor: input.amount?.minor ?? null,
    amount_currency: input.amount?.currency ?? null,
    reference: input.reference,
    note: input.note,
    until: input.until,
    status: 'open',
    closed_on: null,
    created_on: input.createdOn,
    created_by: input.createdBy,
    created_at: nowIso(),
  };
  await db.kysely.insertInto('payment_claims').values(row).execute();
  return row;
}

/** A customer's claims, newest first. */
export async function listPaymentClaims(db: Db, organizationId: string, customerId: string): Promise<PaymentClaimRow[]> {
  return db.kysely
    .selectFrom('payment_claims')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('customer_id', '=', customerId)
    .orderBy('created_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}

/** The organization's claims still open that were made on or before the day. */
export async function listOpenPaymentClaims(db: Db, organizationId: string, asOf: string, customerId?: string): Promise<PaymentClaimRow[]> {
  let query = db.kysely.selectFrom('payment_claims').selectAll().where('organization_id', '=', organizationId).where('status', '=', 'open').where('created_on', '<=', asOf);
  if (customerId !== undefined) query = query.where('customer_id', '=', customerId);
  return query.orderBy('created_on').orderBy('created_at').execute();
}

/** Closes an open claim; false when it was closed already (by another run). */
export async function closePaymentClaim(db: Db, organizationId: string, claimId: string, status: 'found' | 'not_found', on: string): Promise<boolean> {
  const result = await db.kysely
    .updateTable('payment_claims')
    .set({ status, closed_on: on })
    .where('organization_id', '=', organizationId)
    .where('id', '=', claimId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  // A payment found answers the customer who said it had paid, on its page too.
  if (status === 'found' && Number(result.numUpdatedRows) > 0) await settleDebtorRequestsAbout(db, organizationId, claimId, 'accepted', on);
  return Number(result.numUpdatedRows) > 0;
}
