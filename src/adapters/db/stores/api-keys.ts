import type { Db } from '../database.js';
import { newId, nowIso } from '../ids.js';
import type { ApiKeyRow } from '../schema.js';

export interface NewApiKey {
  name: string;
  role: string;
  keyHash: string;
  prefix: string;
}

export async function createApiKey(db: Db, organizationId: string, input: NewApiKey): Promise<ApiKeyRow> {
  const row: ApiKeyRow = {
    id: newId(),
    organization_id: organizationId,
    name: input.name,
    key_hash: input.keyHash,
    prefix: input.prefix,
    role: input.role,
    created_at: nowIso(),
    revoked_at: null,
  };
  await db.kysely.insertInto('api_keys').values(row).execute();
  return row;
}

/** The live key with this hash, in whichever organization holds it: the key says which one. */
export async function findActiveApiKey(db: Db, keyHash: string): Promise<ApiKeyRow | undefined> {
  return db.kysely.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).where('revoked_at', 'is', null).executeTakeFirst();
}

export async function getApiKey(db: Db, organizationId: string, apiKeyId: string): Promise<ApiKeyRow | undefined> {
  return db.kysely.selectFrom('api_keys').selectAll().where('organization_id', '=', organizationId).where('id', '=', apiKeyId).executeTakeFirst();
}

export async function listApiKeys(db: Db, organizationId: string): Promise<ApiKeyRow[]> {
  return db.kysely.selectFrom('api_keys').selectAll().where('organization_id', '=', organizationId).orderBy('created_at').orderBy('id').execute();
}

/** Revoked keys stay listed (who had access, until when); returns false for an unknown key. */
export async function revokeApiKey(db: Db, organizationId: string, apiKeyId: string): Promise<boolean> {
  const result = await db.kysely
    .updateTable('api_keys')
    .set({ revoked_at: nowIso() })
    .where('organization_id', '=', organizationId)
    .where('id', '=', apiKeyId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
