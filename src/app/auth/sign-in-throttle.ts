import { AppError } from '../../core/app-error.js';
import type { Db } from '../../adapters/db/database.js';
import { countFailure, findLockout, forgetFailures, lockUntil, type ThrottleKey } from '../../adapters/db/stores/sign-in-failures.js';
import { normalizeEmail } from '../../adapters/db/stores/users.js';

/**
 * Failures allowed before the first lock-out. An address gets more than an account because
 * one office behind one address holds many people who mistype.
 */
export const FREE_FAILURES = { account: 5, address: 20 } as const;
/** The first lock-out; each further failure doubles it, up to the cap. */
export const FIRST_LOCKOUT_SECONDS = 30;
export const MAX_LOCKOUT_SECONDS = 15 * 60;
/** A day without failures and the count starts again. */
const FORGET_AFTER_MS = 24 * 3600 * 1000;

/** The lock-out after the nth failure in a row, in seconds; 0 while under the free failures. */
export function lockoutSeconds(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(FIRST_LOCKOUT_SECONDS * 2 ** Math.min(failures - free, 20), MAX_LOCKOUT_SECONDS);
}

/** Refused because of earlier failures; the HTTP layer turns `retryAfterSeconds` into Retry-After. */
export class SignInThrottled extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    const minutes = Math.ceil(retryAfterSeconds / 60);
    const wait = minutes === 1 ? '1 minute' : `${minutes} minutes`;
    super('too_many_requests', `too many failed sign-ins: try again in ${wait}`, { field: 'email' }, {
      localized: { en: `Too many failed sign-ins: try again in ${wait}.`, fr: `Trop de connexions échouées : réessayez dans ${wait}.` },
    });
    this.name = 'SignInThrottled';
  }
}

function keysOf(email: string, clientAddress: string): ThrottleKey[] {
  return [
    { scope: 'account', subject: normalizeEmail(email) },
    { scope: 'address', subject: clientAddress },
  ];
}

/** Throws SignInThrottled while the account or the address is locked out, whatever the password. */
export async function refuseWhileLockedOut(db: Db, email: string, clientAddress: string, now: Date): Promise<void> {
  const until = await findLockout(db, keysOf(email, clientAddress), now.toISOString());
  if (until !== undefined) throw new SignInThrottled(Math.max(1, Math.ceil((Date.parse(until) - now.getTime()) / 1000)));
}

/** Counts a failure against the account and the address, locking either out once past its free failures. */
export async function recordSignInFailure(db: Db, email: string, clientAddress: string, now: Date): Promise<void> {
  const forgetBefore = new Date(now.getTime() - FORGET_AFTER_MS).toISOString();
  for (const key of keysOf(email, clientAddress)) {
    const failures = await countFailure(db, key, now.toISOString(), forgetBefore);
    const seconds = lockoutSeconds(failures, FREE_FAILURES[key.scope]);
    if (seconds > 0) await lockUntil(db, key, new Date(now.getTime() + seconds * 1000).toISOString());
  }
}

/**
 * A success clears the account's count. The address keeps its own: otherwise one valid
 * account would let its holder reset the count between guesses at other accounts.
 */
export async function recordSignInSuccess(db: Db, email: string): Promise<void> {
  await forgetFailures(db, { scope: 'account', subject: normalizeEmail(email) });
}
