import { AppError } from '../../core/app-error.js';
import type { Db } from '../../adapters/db/database.js';
import type { UserRow } from '../../adapters/db/schema.js';
import { createSession, deleteExpiredSessions } from '../../adapters/db/stores/sessions.js';
import { findUserByEmail } from '../../adapters/db/stores/users.js';
import { hashPassword, verifyPassword } from '../../adapters/security/password.js';
import { hashToken, newSecretToken } from '../../adapters/security/tokens.js';

/** How long a session lasts after signing in; signing in again starts a new one. */
export const SESSION_DAYS = 14;

let decoyHash: Promise<string> | undefined;

/**
 * Checks an email and password and opens a session. An unknown email costs the same scrypt
 * work as a wrong password, so the answer time does not tell which emails have an account.
 */
export async function logIn(db: Db, email: string, password: string, now: Date): Promise<{ token: string; user: UserRow; expiresAt: Date }> {
  const user = await findUserByEmail(db, email);
  decoyHash ??= hashPassword('decoy password that matches nothing');
  const ok = await verifyPassword(password, user?.password_hash ?? (await decoyHash));
  if (!user || !ok) throw new AppError('unauthenticated', 'the email or the password is wrong', { field: 'password' });
  // Sweeping here keeps the table small without a scheduled job; sign-ins are rare enough.
  await deleteExpiredSessions(db, now.toISOString());
  const token = newSecretToken();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 24 * 3600 * 1000);
  await createSession(db, user.organization_id, { tokenHash: hashToken(token), userId: user.id, expiresAt: expiresAt.toISOString() });
  return { token, user, expiresAt };
}
