import { sql } from 'kysely';
import type { Db } from '../database.js';
import type { SignInFailureRow } from '../schema.js';

export type ThrottleKey = Pick<SignInFailureRow, 'scope' | 'subject'>;

/** The latest lock-out among the keys still in force at `now`, or undefined. */
export async function findLockout(db: Db, keys: readonly ThrottleKey[], now: string): Promise<string | undefined> {
  let latest: string | undefined;
  for (const key of keys) {
    const row = await db.kysely
      .selectFrom('sign_in_failures')
      .select('locked_until')
      .where('scope', '=', key.scope)
      .where('subject', '=', key.subject)
      .where('locked_until', '>', now)
      .executeTakeFirst();
    if (row?.locked_until && (latest === undefined || row.locked_until > latest)) latest = row.locked_until;
  }
  return latest;
}

/**
 * Counts one more failure in a single statement, so concurrent servers never lose one; a
 * count whose last failure is older than `forgetBefore` starts again from one.
 */
export async function countFailure(db: Db, key: ThrottleKey, now: string, forgetBefore: string): Promise<number> {
  const row = await db.kysely
    .insertInto('sign_in_failures')
    .values({ ...key, failures: 1, last_failure_at: now, locked_until: null })
    .onConflict((oc) =>
      oc.columns(['scope', 'subject']).doUpdateSet({
        failures: sql<number>`case when sign_in_failures.last_failure_at < ${forgetBefore} then 1 else sign_in_failures.failures + 1 end`,
        last_failure_at: now,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  return Number(row.failures);
}

export async function lockUntil(db: Db, key: ThrottleKey, until: string): Promise<void> {
  await db.kysely.updateTable('sign_in_failures').set({ locked_until: until }).where('scope', '=', key.scope).where('subject', '=', key.subject).execute();
}

export async function forgetFailures(db: Db, key: ThrottleKey): Promise<void> {
  await db.kysely.deleteFrom('sign_in_failures').where('scope', '=', key.scope).where('subject', '=', key.subject).execute();
}
