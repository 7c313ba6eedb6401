import { AppError } from '../../core/app-error.js';
import { todayIn, type PlainDate } from '../../core/plain-date.js';
import type { Bilingual } from '../../core/scenarios/scenario.js';
import type { Db } from '../../adapters/db/database.js';
import type { DebtorRequestKind, DebtorRequestRow, DebtorRequestStatus } from '../../adapters/db/debtor-request-schema.js';
import type { CustomerRow, OrganizationRow } from '../../adapters/db/schema.js';
import { insertTaskOnce } from '../../adapters/db/stores/collection-tasks.js';
import { addTimelineEvent } from '../../adapters/db/stores/collection-timeline.js';
import { getCustomer } from '../../adapters/db/stores/customers.js';
import { addDebtorRequestFile, countDebtorRequestsOn, createDebtorRequest, updateDebtorRequest } from '../../adapters/db/stores/debtor-requests.js';
import { getOrganization } from '../../adapters/db/stores/organizations.js';
import type { PageUpload } from './check-upload.js';
import { DebtorRefusal } from './debtor-refusal.js';

/** Whose page a request comes from: the customer a page link opens (part of `PortalAccess`). */
export interface PageAccess {
  organizationId: string;
  customerId: string;
}

/** The organization, the customer, and the organization's day when the customer acted. */
export interface PageContext {
  organization: OrganizationRow;
  customer: CustomerRow;
  on: PlainDate;
}

export async function pageContextOf(db: Db, access: PageAccess, now: Date): Promise<PageContext> {
  const organization = await getOrganization(db, access.organizationId);
  const customer = await getCustomer(db, access.organizationId, access.customerId);
  if (!organization || !customer) throw new AppError('not_found', 'this page no longer exists');
  return { organization, customer, on: todayIn(organization.time_zone, now) };
}

/** A customer's words in a summary: quoted, on one line, cut at 200 characters. */
export function quoted(text: string | null | undefined): string {
  const line = (text ?? '').replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `“${line.slice(0, 199)}…”` : `“${line}”`;
}

export const MAX_MESSAGE_LENGTH = 4000;

/** A customer with something to say says it in a few requests; more in a day is a script or a stuck key, not a dialogue. */
export const MAX_REQUESTS_A_DAY = 30;

/** A message typed on the page: required or not, never longer than a page. */
export function pageText(value: string | null | undefined, field: string, required: boolean): string | null {
  const text = (value ?? '').trim();
  if (!text) {
    if (required) throw new DebtorRefusal('missing_text', `${field} must not be empty`, field);
    return null;
  }
  if (text.length > MAX_MESSAGE_LENGTH) throw new DebtorRefusal('text_too_long', `${field} is longer than ${MAX_MESSAGE_LENGTH} characters`, field);
  return text;
}

/** The numbers of the customer's invoices named by id on the page; an id of another customer is unknown. */
export async function invoiceNumbersOf(db: Db, context: PageContext, ids: readonly string[] | undefined, field = 'invoice_ids'): Promise<string[]> {
  const wanted = [...new Set((ids ?? []).filter((id) => id !== ''))];
  if (wanted.length === 0) return [];
  const rows = await db.kysely
    .selectFrom('invoices')
    .select(['id', 'number'])
    .where('organization_id', '=', context.organization.id)
    .where('customer_id', '=', context.customer.id)
    .where('id', 'in', wanted)
    .execute();
  if (rows.length !== wanted.length) throw new DebtorRefusal('unknown_invoice', `${field} names an invoice this page does not show`, field);
  const byId = new Map(rows.map((row) => [row.id, row.number]));
  return wanted.map((id) => byId.get(id)!);
}

export interface RequestRecord {
  kind: DebtorRequestKind;
  status: DebtorRequestStatus;
  payload: Record<string, unknown>;
  message: string | null;
  subjectId?: string | null;
  /** The collector's task; none when the action opened its own (a dispute). */
  task: Bilingual | null;
  timeline: { kind: string; summary: Bilingual };
  /** Files already checked (`checkUpload`). */
  files?: readonly PageUpload[];
}

/**
 * Writes what the customer asked, its files, a task for the collector (so it shows in Today) and
 * the line of the customer's timeline, inside the caller's transaction.
 */
export async function recordDebtorRequest(tx: Db, context: PageContext, record: RequestRecord): Promise<DebtorRequestRow> {
  const { organization, customer, on } = context;
  if ((await countDebtorRequestsOn(tx, organization.id, customer.id, on)) >= MAX_REQUESTS_A_DAY) {
    throw new AppError('too_many_requests', `a customer page takes at most ${MAX_REQUESTS_A_DAY} requests a day; the others can wait for an answer`);
  }
  const request = await createDebtorRequest(tx, organization.id, { customerId: customer.id, kind: record.kind, status: record.status, payload: record.payload, message: record.message, subjectId: record.subjectId ?? null, createdOn: on });
  for (const file of record.files ?? []) await addDebtorRequestFile(tx, organization.id, request.id, file);
  let taskId: string | null = null;
  if (record.task) {
    const task = await insertTaskOnce(tx, organization.id, {
      customer_id: customer.id,
      case_id: null,
      action_id: null,
      kind: 'debtor_request',
      step_id: null,
      dedupe_key: `debtor_request:${request.id}`,
      title_en: record.task.en,
      title_fr: record.task.fr,
      detail: record.message,
      due_on: on,
      assignee_user_id: null,
      created_on: on,
    });
    taskId = task?.id ?? null;
    await updateDebtorRequest(tx, organization.id, request.id, { task_id: taskId });
  }
  await addTimelineEvent(tx, organization.id, { customerId: customer.id, occurredOn: on, kind: record.timeline.kind, summary: record.timeline.summary, subjectId: request.id });
  return { ...request, task_id: taskId };
}
