import { AppError } from '../../core/app-error.js';
import type { Db } from '../../adapters/db/database.js';
import type { UserRow } from '../../adapters/db/schema.js';
import { deleteUserSessions } from '../../adapters/db/stores/sessions.js';
import { findUserByEmail, updateUser } from '../../adapters/db/stores/users.js';
import { newReadablePassword } from '../../adapters/security/password.js';
import { checkPassword } from './create-user-account.js';

/**
 * Gives the user with this email a new password (generated when none is given) and closes
 * their sessions: the way back in for a lost password, the demo's included.
 */
export async function setUserPassword(db: Db, email: string, wanted?: string): Promise<{ user: UserRow; password: string; generated: boolean }> {
  const password = wanted ?? newReadablePassword();
  checkPassword(password);
  const user = await findUserByEmail(db, email);
  if (!user) throw new AppError('not_found', `no user signs in with ${email} in ${db.description}`, { field: 'email' });
  await updateUser(db, user.organization_id, user.id, { password });
  await deleteUserSessions(db, user.organization_id, user.id);
  return { user, password, generated: wanted === undefined };
}
