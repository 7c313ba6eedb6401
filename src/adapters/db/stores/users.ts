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

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function createUser(db: Db, organizationId: string, input: NewUser): Promise<UserRow> {
  const row: UserRow = {
    id: newId(),
    organization_id: organizationId,
    email: normalizeEmail(input.email),
    name: input.name,
    password_hash: await hashPassword(input.password),
    role: input.role,
    locale: input.locale ?? 'fr',
    created_at: nowIso(),
  };
  await db.kysely.insertInto('users').values(row).execute();
  return row;
}

/**
 * The users who sign in with this email, oldest first: an email is unique within an
 * organization, and the same person may belong to several.
 */
export async function findUsersByEmail(db: Db, email: string): Promise<UserRow[]> {
  return db.kysely.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).orderBy('created_at').orderBy('id').execute();
}

/** The oldest user with this email, in any organization. */
export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return (await findUsersByEmail(db, email))[0];
}

export async function getUser(db: Db, organizationId: string, userId: string): Promise<UserRow | undefined> {
  return db.kysely.selectFrom('users').selectAll().where('organization_id', '=', organizationId).where('id', '=', userId).executeTakeFirst();
}

export async function listUsers(db: Db, organizationId: string): Promise<UserRow[]> {
  return db.kysely.selectFrom('users').selectAll().where('organization_id', '=', organizationId).orderBy('email').execute();
}

export interface UserChanges {
  name?: string;
  role?: Role;
  locale?: string;
  password?: string;
}

export async function updateUser(db: Db, organizationId: string, userId: string, changes: UserChanges): Promise<UserRow | undefined> {
  const set: Partial<UserRow> = {};
  if (changes.name !== undefined) set.name = changes.name;
  if (changes.role !== undefined) set.role = changes.role;
  if (changes.locale !== undefined) set.locale = changes.locale;
  if (changes.password !== undefined) set.password_hash = await hashPassword(changes.password);
  if (Object.keys(set).length > 0) {
    await db.kysely.updateTable('users').set(set).where('organization_id', '=', organizationId).where('id', '=', userId).execute();
  }
  return getUser(db, organizationId, userId);
}

/** Replaces a stored hash by one of the same password, made with today's parameters. */
export async function setPasswordHash(db: Db, organizationId: string, userId: string, passwordHash: string): Promise<void> {
  await db.kysely.updateTable('users').set({ password_hash: passwordHash }).where('organization_id', '=', organizationId).where('id', '=', userId).execute();
}

/** Removes a user; their sessions go with them and the accounts they owned lose their owner. */
export async function deleteUser(db: Db, organizationId: string, userId: string): Promise<boolean> {
  return db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('sessions').where('organization_id', '=', organizationId).where('user_id', '=', userId).execute();
    await trx
      .updateTable('customers')
      .set({ owner_user_id: null })
      .where('organization_id', '=', organizationId)
      .where('owner_user_id', '=', userId)
      .execute();
    const result = await trx.deleteFrom('users').where('organization_id', '=', organizationId).where('id', '=', userId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  });
}
