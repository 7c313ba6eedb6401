import type { Role } from '../../../core/roles.js';
import { hashPassword } from '../../security/password.js';
import type { Db } from '../database.js';
import { newId, nowIso } from '../ids.js';
import type { UserRow } from '../schema.js';

export interface NewUser {
  email: string;
  name: string;
  password: string;
  role: Role;
  locale?: string;
}

export async function createUser(db: Db, organizationId: string, input: NewUser): Promise<UserRow> {
  const row: UserRow = {
    id: newId(),
    organization_id: organizationId,
    email: input.email.trim().toLowerCase(),
    name: input.name,
    password_hash: await hashPassword(input.password),
    role: input.role,
    locale: input.locale ?? 'fr',
    created_at: nowIso(),
  };
  await db.kysely.insertInto('users').values(row).execute();
  return row;
}

/** Login looks a user up by email across organizations: an email belongs to one user. */
export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.kysely.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

export async function listUsers(db: Db, organizationId: string): Promise<UserRow[]> {
  return db.kysely.selectFrom('users').selectAll().where('organization_id', '=', organizationId).orderBy('email').execute();
}
