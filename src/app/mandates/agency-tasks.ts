import type { Db } from '../../adapters/db/database.js';
import type { MandateRow } from '../../adapters/db/mandate-schema.js';
import type { CollectionTaskRow } from '../../adapters/db/schema.js';
import { insertTaskOnce } from '../../adapters/db/stores/collection-tasks.js';

export interface AgencyTaskInput {
  /** Unique per mandate: the same key twice makes one task. */
  key: string;
  titleEn: string;
  titleFr: string;
  detail: string | null;
  dueOn: string;
}

/**
 * Puts work in the agency's inbox for a case it holds on this instance: the task belongs to the
 * agency and names the creditor's customer; it is cancelled when the mandate closes. An outside
 * partner has no inbox here: nothing is written.
 */
export async function openAgencyTask(db: Db, mandate: MandateRow, task: AgencyTaskInput, createdOn: string): Promise<CollectionTaskRow | undefined> {
  if (mandate.agency_organization_id === null) return undefined;
  return insertTaskOnce(db, mandate.agency_organization_id, {
    customer_id: mandate.customer_id,
    case_id: null,
    action_id: null,
    kind: 'agency_case',
    step_id: null,
    dedupe_key: `mandate:${mandate.id}:${task.key}`,
    title_en: task.titleEn,
    title_fr: task.titleFr,
    detail: task.detail,
    due_on: task.dueOn,
    assignee_user_id: null,
    created_on: createdOn,
    mandate_id: mandate.id,
  });
}
