import { AppError } from '../../core/app-error.js';
import { mandateIsLive } from '../../core/mandates/mandate-terms.js';
import type { PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import { completeTask, getTask } from '../../adapters/db/stores/collection-tasks.js';
import { requireAgencyCase } from '../mandates/agency-case-access.js';

/** One open task of the agency's inbox, with the case it is about. */
export interface AgencyTaskJson {
  id: string;
  /** The mandate the task is about: the case to open. */
  case_id: string;
  title: { en: string; fr: string };
  detail: string | null;
  due_on: string;
  created_on: string;
  creditor: { id: string; name: string };
  customer: { id: string; name: string; external_ref: string };
}

/**
 * The agency's open tasks across its creditors, oldest due first: only those of cases it holds
 * today. A task of a case ended, taken back or past its last day is not shown, even before the
 * closing of the mandate has cancelled it.
 */
export async function listAgencyTasks(db: Db, agencyOrganizationId: string, today: PlainDate): Promise<{ items: AgencyTaskJson[] }> {
  const rows = await db.kysely
    .selectFrom('collection_tasks as t')
    .innerJoin('mandates as m', (join) => join.onRef('m.id', '=', 't.mandate_id').onRef('m.agency_organization_id', '=', 't.organization_id'))
    .innerJoin('organizations as o', 'o.id', 'm.organization_id')
    .innerJoin('customers as c', (join) => join.onRef('c.id', '=', 'm.customer_id').onRef('c.organization_id', '=', 'm.organization_id'))
    .select(['t.id', 't.mandate_id', 't.title_en', 't.title_fr', 't.detail', 't.due_on', 't.created_on', 'm.status', 'm.starts_on', 'm.ends_on', 'o.id as creditor_id', 'o.name as creditor_name', 'c.id as customer_id', 'c.name as customer_name', 'c.external_ref'])
    .where('t.organization_id', '=', agencyOrganizationId)
    .where('t.kind', '=', 'agency_case')
    .where('t.status', '=', 'open')
    .where('m.status', '=', 'active')
    .orderBy('t.due_on')
    .orderBy('t.created_at')
    // Tasks made in the same instant read in the order of the cases list: creditor, then customer.
    .orderBy('o.name')
    .orderBy('c.name')
    .orderBy('t.id')
    .execute();
  return {
    items: rows
      .filter((row) => mandateIsLive(row, today))
      .map((row) => ({
        id: row.id,
        case_id: row.mandate_id!,
        title: { en: row.title_en, fr: row.title_fr },
        detail: row.detail,
        due_on: row.due_on,
        created_on: row.created_on,
        creditor: { id: row.creditor_id, name: row.creditor_name },
        customer: { id: row.customer_id, name: row.customer_name, external_ref: row.external_ref },
      })),
  };
}

/** Marks an agency task done; a task of a case the agency no longer holds is not found. */
export async function completeAgencyTask(db: Db, agencyOrganizationId: string, taskId: string, outcome: string | null, today: PlainDate): Promise<void> {
  const task = await getTask(db, agencyOrganizationId, taskId);
  if (!task || task.kind !== 'agency_case' || !task.mandate_id) throw new AppError('not_found', `task ${taskId} does not exist`, { field: 'id' });
  await requireAgencyCase(db, agencyOrganizationId, task.mandate_id, today);
  if (task.status !== 'open') throw new AppError('conflict', `this task is already ${task.status === 'done' ? 'done' : 'cancelled'}`, { field: 'id' });
  await completeTask(db, agencyOrganizationId, taskId, outcome ?? 'done');
}
