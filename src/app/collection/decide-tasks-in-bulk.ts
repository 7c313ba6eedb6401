import { AppError } from '../../core/app-error.js';
import type { Db } from '../../adapters/db/database.js';
import type { OrganizationRow } from '../../adapters/db/schema.js';
import { getUser } from '../../adapters/db/stores/users.js';
import { assignTask } from './assign-task.js';
import { decideApproval, type ApprovalOutcome } from './decide-approval.js';
import type { MessageLinkOptions } from '../portal/message-portal-link.js';

export type BulkTaskAction = 'approve' | 'reject' | 'reassign';

export interface BulkTaskRequest {
  action: BulkTaskAction;
  taskIds: readonly string[];
  /** reassign: the user who gets the tasks, null for nobody. */
  assigneeUserId?: string | null;
  /** reject: why, kept on the case; approve: a note. */
  reason?: string | null;
  holdDays?: number;
  goOn?: boolean;
}

type Words = { en: string; fr: string };

/** One task of a bulk request: done, with what came of it, or not, with why in words. */
export type BulkTaskResult =
  | { id: string; ok: true; result: ApprovalOutcome['result'] | 'assigned'; note: string | null; retry_on: string | null }
  | { id: string; ok: false; result: 'error'; error: { code: string; message: Words; detail: string } };

const WHY: ReadonlyArray<[RegExp, Words]> = [
  [/is already (done|cancelled)/i, { en: 'This task was already dealt with by someone else.', fr: 'Cette tâche a déjà été traitée par quelqu’un d’autre.' }],
  [/no longer awaits approval/i, { en: 'Its step no longer waits for an approval.', fr: 'Son étape n’attend plus de validation.' }],
  [/^no approval task/i, { en: 'Only a step waiting for approval can be approved or rejected; this task is another kind.', fr: 'Seule une étape en attente de validation peut être validée ou refusée ; cette tâche est d’un autre type.' }],
  [/does not exist/i, { en: 'This task no longer exists.', fr: 'Cette tâche n’existe plus.' }],
];

/** Why a task was not done, in the reader's words: the error's own sentences when it has them. */
export function bulkFailureWords(error: unknown): Words {
  if (error instanceof AppError && error.localized) return { en: error.localized.en, fr: error.localized.fr };
  const message = error instanceof Error ? error.message : String(error);
  for (const [pattern, words] of WHY) if (pattern.test(message)) return words;
  return { en: 'This task could not be dealt with; nothing was changed on it.', fr: 'Cette tâche n’a pas pu être traitée ; rien n’a été modifié.' };
}

/**
 * Approves, rejects or reassigns many tasks at once. Each task is dealt with on its own, so one
 * that cannot be (decided meanwhile, another kind of task) is reported with why and does not
 * hold back the others. The caller checks first that every task is theirs to see.
 */
export async function decideTasksInBulk(db: Db, organization: OrganizationRow, request: BulkTaskRequest, options: { now: Date; portalLinks?: MessageLinkOptions }): Promise<BulkTaskResult[]> {
  if (request.action === 'reassign') {
    if (request.assigneeUserId === undefined) throw new AppError('validation_failed', 'reassigning needs assignee_user_id (a user id, or null for nobody)', { field: 'assignee_user_id' });
    if (request.assigneeUserId !== null && !(await getUser(db, organization.id, request.assigneeUserId))) {
      throw new AppError('not_found', `user ${request.assigneeUserId} does not exist`, { field: 'assignee_user_id' });
    }
  }
  const results: BulkTaskResult[] = [];
  for (const id of request.taskIds) {
    try {
      if (request.action === 'reassign') {
        await assignTask(db, organization.id, id, request.assigneeUserId ?? null, 'assignee_user_id');
        results.push({ id, ok: true, result: 'assigned', note: null, retry_on: null });
        continue;
      }
      const approve = request.action === 'approve';
      const outcome = await decideApproval(
        db,
        organization,
        id,
        { approve, note: request.reason ?? null, ...(request.holdDays !== undefined ? { holdDays: request.holdDays } : {}), ...(request.goOn ? { goOn: true } : {}) },
        { now: options.now, ...(options.portalLinks ? { portalLinks: options.portalLinks } : {}) },
      );
      results.push({ id, ok: true, result: outcome.result, note: outcome.note, retry_on: outcome.action.retry_on });
    } catch (error) {
      const code = error instanceof AppError ? error.code : 'internal';
      results.push({ id, ok: false, result: 'error', error: { code, message: bulkFailureWords(error), detail: error instanceof Error ? error.message : String(error) } });
    }
  }
  return results;
}
