import { AppError } from '../../core/app-error.js';
import { isRole, type Role } from '../../core/roles.js';
import type { Db } from '../../adapters/db/database.js';
import type { ApiKeyRow } from '../../adapters/db/schema.js';
import { createApiKey } from '../../adapters/db/stores/api-keys.js';
import { hashToken, newSecretToken } from '../../adapters/security/tokens.js';
import { API_KEY_PREFIX } from './authenticate.js';

/** Roles a key can carry: "sales" means "the accounts I own", which a key has none of. */
export const API_KEY_ROLES: readonly Role[] = ['admin', 'collector', 'viewer'];

/** Creates a key; the plain key is returned here only, the database keeps its hash. */
export async function createApiKeyFor(db: Db, organizationId: string, input: { name: string; role: string }): Promise<{ row: ApiKeyRow; key: string }> {
  if (!isRole(input.role) || !API_KEY_ROLES.includes(input.role)) {
    throw new AppError('validation_failed', `role must be one of ${API_KEY_ROLES.join(', ')} for an API key`, { field: 'role' });
  }
  const name = input.name.trim();
  if (!name) throw new AppError('validation_failed', 'name must not be empty', { field: 'name' });
  const key = newSecretToken(API_KEY_PREFIX);
  const row = await createApiKey(db, organizationId, { name, role: input.role, keyHash: hashToken(key), prefix: key.slice(0, 10) });
  return { row, key };
}
