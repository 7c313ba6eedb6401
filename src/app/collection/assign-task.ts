import { AppError } from '../../core/app-error.js';
import type { Db } from '../../adapters/db/database.js';
import { setTaskAssignee } from '../../adapters/db/stores/task-inbox.js';
import { getUser } from '../../adapters/db/stores/users.js';

/**
 * Gives a task to a collector of the organization, or back to nobody. A user of another
 * organization is "not found", like any record the caller cannot see.
 */
export async function assignTask(db: Db, organizationId: string, taskId: string, userId: string | null, field = 'user_id'): Promise<void> {
  if (userId !== null && !(await getUser(db, organizationId, userId))) {
    throw new AppError('not_found', `user ${userId} does not exist`, { field }, undefined);
  }
  if (!(await setTaskAssignee(db, organizationId, taskId, userId))) throw new AppError('not_found', `task ${taskId} does not exist`, { field: 'id' });
}
