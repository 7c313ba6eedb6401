import { AppError } from '../../core/app-error.js';
import type { Db } from '../../adapters/db/database.js';
import type { CollectionTaskRow } from '../../adapters/db/schema.js';
import { completeTask } from '../../adapters/db/stores/collection-tasks.js';

/**
 * Closes a task with a free-text outcome: a hand-off sent, an owner told, a dispute looked at.
 * Approvals are answered by approving or rejecting, and a call by its outcome (reached, a
 * promise, a dispute, no answer), which is what plans the next attempt or records the promise;
 * a free text would close the call and lose that.
 */
export async function completeTaskWithOutcome(db: Db, task: CollectionTaskRow, outcome: string, how: { approve: string; callOutcome: string }): Promise<void> {
  if (task.kind === 'approval') throw new AppError('validation_failed', `an approval task is answered by approving or rejecting it (${how.approve})`, { field: 'id' });
  if (task.kind === 'call') throw new AppError('validation_failed', `a call is closed with what came of it: reached, promise, dispute or no answer (${how.callOutcome})`, { field: 'id' });
  if (task.status !== 'open') throw new AppError('conflict', `task ${task.id} is already ${task.status}`);
  await completeTask(db, task.organization_id, task.id, outcome);
}
