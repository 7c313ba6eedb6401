import { sql } from 'kysely';
import type { Db } from '../database.js';
import { newId, nowIso } from '../ids.js';
import type { MandateActingAs, MandateRow, MandateStatus } from '../mandate-schema.js';
import type { OrganizationRow } from '../schema.js';

export interface NewMandate {
  customerId: string;
  agencyOrganizationId: string | null;
  partnerName: string;
  partnerEmail: string | null;
  actingAs: MandateActingAs;
  feePercentBp: number;
  feeFixedMinor: number;
  currency: string;
  startsOn: string;
  endsOn: string | null;
  handedBy: string | null;
  stepId: string | null;
  balanceAtHandoffMinor: number;
  overdueDaysAtHandoff: number;
  invoiceIds: readonly string[];
  note: string | null;
}

/** Writes an active mandate; the unique index refuses a second live one for the same customer. */
export async function insertMandate(db: Db, creditorOrganizationId: string, input: NewMandate): Promise<MandateRow> {
  const now = nowIso();
  const row: MandateRow = {
    id: newId(),
    organization_id: creditorOrganizationId,
    customer_id: input.customerId,
    agency_organization_id: input.agencyOrganizationId,
    partner_name: input.partnerName,
    partner_email: input.partnerEmail,
    acting_as: input.actingAs,
    fee_percent_bp: input.feePercentBp,
    fee_fixed_minor: input.feeFixedMinor,
    currency: input.currency,
    starts_on: input.startsOn,
    ends_on: input.endsOn,
    status: 'active',
    closed_on: null,
    closed_by: null,
    handed_by: input.handedBy,
    step_id: input.stepId,
    balance_at_handoff_minor: input.balanceAtHandoffMinor,
    overdue_days_at_handoff: input.overdueDaysAtHandoff,
    invoice_ids: JSON.stringify(input.invoiceIds),
    note: input.note,
    created_at: now,
    updated_at: now,
  };
  await db.kysely.insertInto('mandates').values(row).execute();
  return row;
}

/** A creditor's mandate, by id; another creditor's is undefined. */
export function getCreditorMandate(db: Db, creditorOrganizationId: string, id: string): Promise<MandateRow | undefined> {
  return db.kysely.selectFrom('mandates').selectAll().where('organization_id', '=', creditorOrganizationId).where('id', '=', id).executeTakeFirst();
}

/** A mandate given to this agency, by id, whatever its state; another agency's is undefined. */
export function getAgencyMandate(db: Db, agencyOrganizationId: string, id: string): Promise<MandateRow | undefined> {
  return db.kysely.selectFrom('mandates').selectAll().where('agency_organization_id', '=', agencyOrganizationId).where('id', '=', id).executeTakeFirst();
}

/** The customer's mandate still marked active (live or past its end date), if any. */
export function activeMandateOfCustomer(db: Db, creditorOrganizationId: string, customerId: string): Promise<MandateRow | undefined> {
  return db.kysely
    .selectFrom('mandates')
    .selectAll()
    .where('organization_id', '=', creditorOrganizationId)
    .where('customer_id', '=', customerId)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

/** Every mandate of one customer, newest first. */
export function listCustomerMandates(db: Db, creditorOrganizationId: string, customerId: string): Promise<MandateRow[]> {
  return db.kysely
    .selectFrom('mandates')
    .selectAll()
    .where('organization_id', '=', creditorOrganizationId)
    .where('customer_id', '=', customerId)
    .orderBy('starts_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}

export interface MandateFilter {
  status?: MandateStatus;
  customerId?: string;
}

/** A creditor's mandates, newest first. */
export function listCreditorMandates(db: Db, creditorOrganizationId: string, filter: MandateFilter = {}): Promise<MandateRow[]> {
  let query = db.kysely.selectFrom('mandates').selectAll().where('organization_id', '=', creditorOrganizationId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  return query.orderBy('starts_on', 'desc').orderBy('created_at', 'desc').execute();
}

/** The mandates given to an agency by every creditor, newest first. */
export function listAgencyMandates(db: Db, agencyOrganizationId: string, filter: { status?: MandateStatus; creditorOrganizationId?: string } = {}): Promise<MandateRow[]> {
  let query = db.kysely.selectFrom('mandates').selectAll().where('agency_organization_id', '=', agencyOrganizationId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.creditorOrganizationId) query = query.where('organization_id', '=', filter.creditorOrganizationId);
  return query.orderBy('starts_on', 'desc').orderBy('created_at', 'desc').execute();
}

/**
 * Ends an active mandate and cancels the agency's open tasks on it, so nothing of the case stays
 * in the agency's lists; false when it was no longer active (ended or taken back already).
 */
export async function closeMandate(db: Db, creditorOrganizationId: string, id: string, close: { status: Exclude<MandateStatus, 'active'>; closedOn: string; closedBy: string | null }): Promise<boolean> {
  const now = nowIso();
  const result = await db.kysely
    .updateTable('mandates')
    .set({ status: close.status, closed_on: close.closedOn, closed_by: close.closedBy, updated_at: now })
    .where('organization_id', '=', creditorOrganizationId)
    .where('id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  await db.kysely
    .updateTable('collection_tasks')
    .set({ status: 'cancelled', outcome: `mandate ${close.status}`, completed_at: now })
    .where('mandate_id', '=', id)
    .where('status', '=', 'open')
    .execute();
  return true;
}

/**
 * Active mandates whose last day is before `today`: the run closes them as ended, so their
 * status says what their dates already mean.
 */
export function listLapsedMandates(db: Db, creditorOrganizationId: string, today: string): Promise<MandateRow[]> {
  return db.kysely
    .selectFrom('mandates')
    .selectAll()
    .where('organization_id', '=', creditorOrganizationId)
    .where('status', '=', 'active')
    .where('ends_on', 'is not', null)
    .where('ends_on', '<', today)
    .execute();
}

/**
 * What came in on the handed invoices while the mandate lasted: payments received from its
 * first day to the day it closed (or `through`), allocated to those invoices, whoever recorded them.
 */
export async function recoveredOnMandate(db: Db, mandate: MandateRow, through: string): Promise<number> {
  const invoiceIds = JSON.parse(mandate.invoice_ids) as string[];
  if (invoiceIds.length === 0) return 0;
  const last = mandate.closed_on !== null && mandate.closed_on < through ? mandate.closed_on : through;
  const row = await db.kysely
    .selectFrom('allocations as a')
    .innerJoin('payments as p', (join) => join.onRef('p.id', '=', 'a.payment_id').onRef('p.organization_id', '=', 'a.organization_id'))
    .select(sql<number>`coalesce(cast(sum(a.amount_minor) as bigint), 0)`.as('recovered'))
    .where('a.organization_id', '=', mandate.organization_id)
    .where('a.invoice_id', 'in', invoiceIds)
    .where('p.received_on', '>=', mandate.starts_on)
    .where('p.received_on', '<=', last)
    .executeTakeFirst();
  return Number(row?.recovered ?? 0);
}

/** The organizations of kind agency on this instance, the partners a creditor can hand a case to. */
export function listAgencies(db: Db): Promise<Pick<OrganizationRow, 'id' | 'name' | 'legal_name' | 'country'>[]> {
  return db.kysely.selectFrom('organizations').select(['id', 'name', 'legal_name', 'country']).where('kind', '=', 'agency').orderBy('name').execute();
}
