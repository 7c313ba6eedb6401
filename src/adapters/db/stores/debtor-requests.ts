import { createHash } from 'node:crypto';
import type { Db } from '../database.js';
import type { DebtorRequestFileRow, DebtorRequestKind, DebtorRequestPolicyRow, DebtorRequestRow, DebtorRequestStatus } from '../debtor-request-schema.js';
import { newId, nowIso } from '../ids.js';
import { ownedBy } from './documents.js';

export type DebtorRequestFileInfo = Omit<DebtorRequestFileRow, 'content_base64'>;

export interface NewDebtorRequest {
  customerId: string;
  kind: DebtorRequestKind;
  status: DebtorRequestStatus;
  payload: Record<string, unknown>;
  message: string | null;
  subjectId?: string | null;
  createdOn: string;
}

export async function createDebtorRequest(db: Db, organizationId: string, input: NewDebtorRequest): Promise<DebtorRequestRow> {
  const row: DebtorRequestRow = {
    id: newId(),
    organization_id: organizationId,
    customer_id: input.customerId,
    kind: input.kind,
    status: input.status,
    payload: JSON.stringify(input.payload),
    message: input.message,
    subject_id: input.subjectId ?? null,
    task_id: null,
    answer: null,
    answered_by: null,
    answered_on: null,
    created_on: input.createdOn,
    created_at: nowIso(),
  };
  await db.kysely.insertInto('debtor_requests').values(row).execute();
  return row;
}

export type DebtorRequestChanges = Partial<Pick<DebtorRequestRow, 'status' | 'payload' | 'subject_id' | 'task_id' | 'answer' | 'answered_by' | 'answered_on'>>;

export async function updateDebtorRequest(db: Db, organizationId: string, requestId: string, changes: DebtorRequestChanges): Promise<void> {
  await db.kysely.updateTable('debtor_requests').set(changes).where('organization_id', '=', organizationId).where('id', '=', requestId).execute();
}

/**
 * Settles the customer's open request a claim or a dispute came from, when the claim or the
 * dispute ends elsewhere (the payment found on the ledger, the dispute settled by a credit note):
 * the customer's page then says so.
 */
export async function settleDebtorRequestsAbout(db: Db, organizationId: string, subjectId: string, status: 'accepted' | 'rejected', on: string): Promise<void> {
  await db.kysely
    .updateTable('debtor_requests')
    .set({ status, answered_on: on })
    .where('organization_id', '=', organizationId)
    .where('subject_id', '=', subjectId)
    .where('status', '=', 'open')
    .where('kind', 'in', ['claim', 'dispute'])
    .execute();
}

export async function getDebtorRequest(db: Db, organizationId: string, requestId: string): Promise<DebtorRequestRow | undefined> {
  return db.kysely.selectFrom('debtor_requests').selectAll().where('organization_id', '=', organizationId).where('id', '=', requestId).executeTakeFirst();
}

export interface DebtorRequestFilter {
  status?: DebtorRequestStatus;
  customerId?: string;
  /** Only the customers of this account owner. */
  ownerUserId?: string;
}

function filtered(db: Db, organizationId: string, filter: DebtorRequestFilter) {
  let query = db.kysely.selectFrom('debtor_requests').where('organization_id', '=', organizationId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  if (filter.ownerUserId !== undefined) query = query.where('customer_id', 'in', ownedBy(db, organizationId, filter.ownerUserId));
  return query;
}

/** Newest first. */
export async function listDebtorRequests(db: Db, organizationId: string, filter: DebtorRequestFilter, page: { limit: number; offset: number }): Promise<{ rows: DebtorRequestRow[]; total: number }> {
  const rows = await filtered(db, organizationId, filter).selectAll().orderBy('created_at', 'desc').orderBy('id').limit(page.limit).offset(page.offset).execute();
  const count = await filtered(db, organizationId, filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return { rows, total: Number(count?.n ?? 0) };
}

/** How many requests a customer made on a day. */
export async function countDebtorRequestsOn(db: Db, organizationId: string, customerId: string, on: string): Promise<number> {
  const row = await db.kysely
    .selectFrom('debtor_requests')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('organization_id', '=', organizationId)
    .where('customer_id', '=', customerId)
    .where('created_on', '=', on)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One customer's latest requests, newest first: what its page shows, read by one indexed query. */
export async function listCustomerDebtorRequests(db: Db, organizationId: string, customerId: string, limit: number): Promise<DebtorRequestRow[]> {
  return db.kysely
    .selectFrom('debtor_requests')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('customer_id', '=', customerId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function addDebtorRequestFile(db: Db, organizationId: string, requestId: string, file: { fileName: string; contentType: string; content: Uint8Array }): Promise<DebtorRequestFileInfo> {
  const row: DebtorRequestFileRow = {
    id: newId(),
    organization_id: organizationId,
    request_id: requestId,
    file_name: file.fileName,
    content_type: file.contentType,
    size_bytes: file.content.byteLength,
    sha256: createHash('sha256').update(file.content).digest('hex'),
    content_base64: Buffer.from(file.content).toString('base64'),
    uploaded_at: nowIso(),
  };
  await db.kysely.insertInto('debtor_request_files').values(row).execute();
  const { content_base64: _content, ...info } = row;
  return info;
}

/** What is known of the files of some requests, without their content. */
export async function listDebtorRequestFileInfo(db: Db, organizationId: string, requestIds: readonly string[]): Promise<DebtorRequestFileInfo[]> {
  if (requestIds.length === 0) return [];
  return db.kysely
    .selectFrom('debtor_request_files')
    .select(['id', 'organization_id', 'request_id', 'file_name', 'content_type', 'size_bytes', 'sha256', 'uploaded_at'])
    .where('organization_id', '=', organizationId)
    .where('request_id', 'in', requestIds)
    .orderBy('uploaded_at')
    .execute();
}

export async function getDebtorRequestFile(db: Db, organizationId: string, fileId: string): Promise<DebtorRequestFileRow | undefined> {
  return db.kysely.selectFrom('debtor_request_files').selectAll().where('organization_id', '=', organizationId).where('id', '=', fileId).executeTakeFirst();
}

/** What a customer may settle alone on its page. */
export interface DebtorRequestPolicy {
  /** A promise reaches at most this many days ahead. */
  promiseMaxDays: number;
  /** A payment plan accepted at once lasts at most this many months from its first instalment. */
  planMaxMonths: number;
  /** …each instalment at least this much… */
  planMinInstalmentMinor: number;
  /** …and it covers at most this much. */
  planMaxMinor: number;
}

// A month is what most creditors let a customer name alone; a plan of up to six monthly
// instalments of at least 100.00 on up to 10,000.00 is what an SME usually grants without a call.
export const DEFAULT_DEBTOR_REQUEST_POLICY: DebtorRequestPolicy = { promiseMaxDays: 30, planMaxMonths: 6, planMinInstalmentMinor: 100_00, planMaxMinor: 10_000_00 };

export async function getDebtorRequestPolicy(db: Db, organizationId: string): Promise<DebtorRequestPolicy> {
  const row = await db.kysely.selectFrom('debtor_request_policies').selectAll().where('organization_id', '=', organizationId).executeTakeFirst();
  if (!row) return { ...DEFAULT_DEBTOR_REQUEST_POLICY };
  return { promiseMaxDays: Number(row.promise_max_days), planMaxMonths: Number(row.plan_max_months), planMinInstalmentMinor: Number(row.plan_min_instalment_minor), planMaxMinor: Number(row.plan_max_minor) };
}

export async function saveDebtorRequestPolicy(db: Db, organizationId: string, changes: Partial<DebtorRequestPolicy>): Promise<DebtorRequestPolicy> {
  const next = { ...(await getDebtorRequestPolicy(db, organizationId)), ...changes };
  const row: DebtorRequestPolicyRow = {
    organization_id: organizationId,
    promise_max_days: next.promiseMaxDays,
    plan_max_months: next.planMaxMonths,
    plan_min_instalment_minor: next.planMinInstalmentMinor,
    plan_max_minor: next.planMaxMinor,
    updated_at: nowIso(),
  };
  const { organization_id: _key, ...update } = row;
  await db.kysely.insertInto('debtor_request_policies').values(row).onConflict((oc) => oc.column('organization_id').doUpdateSet(update)).execute();
  return next;
}
