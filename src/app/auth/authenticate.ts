import { isRole } from '../../core/roles.js';
import type { Db } from '../../adapters/db/database.js';
import type { UserRow } from '../../adapters/db/schema.js';
import { findActiveApiKey } from '../../adapters/db/stores/api-keys.js';
import { deleteSession, findSession } from '../../adapters/db/stores/sessions.js';
import { hashToken } from '../../adapters/security/tokens.js';
import type { Caller } from './caller.js';

/** The caller a session cookie stands for, or null when it is unknown or expired. */
export async function authenticateSession(db: Db, token: string, now: Date): Promise<(Caller & { user: UserRow }) | null> {
  const tokenHash = hashToken(token);
  const found = await findSession(db, tokenHash);
  if (!found) return null;
  if (found.session.expires_at <= now.toISOString()) {
    await deleteSession(db, tokenHash);
    return null;
  }
  const role = found.user.role;
  if (!isRole(role)) return null;
  return { organizationId: found.user.organization_id, role, userId: found.user.id, apiKeyId: null, user: found.user };
}

/** API keys start with this, so a leaked one is easy to spot in logs and by secret scanners. */
export const API_KEY_PREFIX = 'rk_';

/** The caller an API key stands for, or null when it is unknown or revoked. */
export async function authenticateApiKey(db: Db, key: string): Promise<Caller | null> {
  if (!key.startsWith(API_KEY_PREFIX)) return null;
  const row = await findActiveApiKey(db, hashToken(key));
  if (!row || !isRole(row.role)) return null;
  return { organizationId: row.organization_id, role: row.role, userId: null, apiKeyId: row.id };
}
