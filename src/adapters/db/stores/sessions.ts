import type { Db } from '../database.js';
import { nowIso } from '../ids.js';
import type { SessionRow, UserRow } from '../schema.js';

export async function createSession(db: Db, organizationId: string, input: { tokenHash: string; userId: string; expiresAt: string }): Promise<SessionRow> {
  const row: SessionRow = {
    token_hash: input.tokenHash,
    user_id: input.userId,
    organization_id: organizationId,
    expires_at: input.expiresAt,
    created_at: nowIso(),
  };
  await db.kysely.insertInto('sessions').values(row).execute();
  return row;
}

/**
 * The session a cookie names, with its user. Looked up by token across organizations: the
 * token is what tells which organization the request acts for.
 */
export async function findSession(db: Db, tokenHash: string): Promise<{ session: SessionRow; user: UserRow } | undefined> {
  const session = await db.kysely.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  if (!session) return undefined;
  const user = await db.kysely
    .selectFrom('users')
    .selectAll()
    .where('id', '=', session.user_id)
    .where('organization_id', '=', session.organization_id)
    .executeTakeFirst();
  return user ? { session, user } : undefined;
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.kysely.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteUserSessions(db: Db, organizationId: string, userId: string): Promise<void> {
  await db.kysely.deleteFrom('sessions').where('organization_id', '=', organizationId).where('user_id', '=', userId).execute();
}

export async function deleteExpiredSessions(db: Db, nowIsoString: string): Promise<void> {
  await db.kysely.deleteFrom('sessions').where('expires_at', '<=', nowIsoString).execute();
}
