import { AppError } from '../../core/app-error.js';
import type { Db } from '../../adapters/db/database.js';
import type { UserRow } from '../../adapters/db/schema.js';
import { createSession, deleteExpiredSessions } from '../../adapters/db/stores/sessions.js';
import { findUsersByEmail, setPasswordHash } from '../../adapters/db/stores/users.js';
import { hashPassword, needsRehash, verifyPassword } from '../../adapters/security/password.js';
import { hashToken, newSecretToken } from '../../adapters/security/tokens.js';
import { recordSignInFailure, recordSignInSuccess, refuseWhileLockedOut } from './sign-in-throttle.js';

/** How long a session lasts after signing in; signing in again starts a new one. */
export const SESSION_DAYS = 14;

let decoyHash: Promise<string> | undefined;

/**
 * The user this email and password sign in as. The same email may hold an account in several
 * organizations; the oldest account the password opens wins. An unknown email costs a decoy
 * check, so the answer time does not tell which emails have an account.
 */
async function findMatchingUser(db: Db, email: string, password: string): Promise<UserRow | undefined> {
  const candidates = await findUsersByEmail(db, email);
  if (candidates.length === 0) {
    decoyHash ??= hashPassword('decoy password that matches nothing');
    await verifyPassword(password, await decoyHash);
    return undefined;
  }
  for (const user of candidates) if (await verifyPassword(password, user.password_hash)) return user;
  return undefined;
}

/**
 * Checks an email and password and opens a session. Failures count against the account and the client address; past a few, sign-ins from
 * either are refused for a while, right password or not.
 */
export async function logIn(
  db: Db,
  credentials: { email: string; password: string; clientAddress: string },
  now: Date,
): Promise<{ token: string; user: UserRow; expiresAt: Date }> {
  const { email, password, clientAddress } = credentials;
  await refuseWhileLockedOut(db, email, clientAddress, now);
  const user = await findMatchingUser(db, email, password);
  if (!user) {
    await recordSignInFailure(db, email, clientAddress, now);
    throw new AppError('unauthenticated', 'the email or the password is wrong', { field: 'password' });
  }
  await recordSignInSuccess(db, email);
  // The password is at hand only now: hashes made with older, weaker parameters are upgraded.
  if (needsRehash(user.password_hash)) await setPasswordHash(db, user.organization_id, user.id, await hashPassword(password));
  // Sweeping here keeps the table small without a scheduled job; sign-ins are rare enough.
  await deleteExpiredSessions(db, now.toISOString());
  const token = newSecretToken();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 24 * 3600 * 1000);
  await createSession(db, user.organization_id, { tokenHash: hashToken(token), userId: user.id, expiresAt: expiresAt.toISOString() });
  return { token, user, expiresAt };
}
