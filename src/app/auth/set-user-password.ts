import { AppError } from '../../core/app-error.js';
import type { Db } from '../../adapters/db/database.js';
import type { UserRow } from '../../adapters/db/schema.js';
import { deleteUserSessions } from '../../adapters/db/stores/sessions.js';
import { findUsersByEmail, updateUser } from '../../adapters/db/stores/users.js';
import { newReadablePassword } from '../../adapters/security/password.js';
import { checkPassword } from './create-user-account.js';

/**
 * Gives the user with this email a new password (generated when none is given) and closes
 * their sessions: the way back in for a lost password, the demo's included. When several
 * organizations have a user with that email, `organizationId` says which.
 */
export async function setUserPassword(
  db: Db,
  input: { email: string; password?: string; organizationId?: string },
): Promise<{ user: UserRow; password: string; generated: boolean }> {
  const password = input.password ?? newReadablePassword();
  checkPassword(password);
  const users = (await findUsersByEmail(db, input.email)).filter((u) => input.organizationId === undefined || u.organization_id === input.organizationId);
  const [user] = users;
  if (!user) throw new AppError('not_found', `no user signs in with ${input.email} in ${db.description}`, { field: 'email' });
  if (users.length > 1) {
    throw new AppError('validation_failed', `${users.length} organizations have a user ${user.email}: say which with --org NAME`, { field: 'org' });
  }
  await updateUser(db, user.organization_id, user.id, { password });
  await deleteUserSessions(db, user.organization_id, user.id);
  return { user, password, generated: input.password === undefined };
}
