import type { Db } from '../../adapters/db/database.js';
import { verifyPassword } from '../../adapters/security/password.js';
import { DEMO_LOGIN, DEMO_ORGANIZATION_NAME } from './demo-organization.js';

export interface DemoLogin {
  organizationName: string;
  email: string;
  /** Null once someone has changed the demo user's password: it is no longer ours to print. */
  password: string | null;
}

/** The demo sign-in, when the demo organization and its admin user are in the database. */
export async function findDemoLogin(db: Db): Promise<DemoLogin | undefined> {
  const row = await db.kysely
    .selectFrom('users as u')
    .innerJoin('organizations as o', 'o.id', 'u.organization_id')
    .select(['u.password_hash', 'o.name'])
    .where('o.name', '=', DEMO_ORGANIZATION_NAME)
    .where('u.email', '=', DEMO_LOGIN.email)
    .executeTakeFirst();
  if (!row) return undefined;
  // A hash this version cannot read is not the demo's either; starting the server matters more.
  const unchanged = await verifyPassword(DEMO_LOGIN.password, row.password_hash).catch(() => false);
  return { organizationName: row.name, email: DEMO_LOGIN.email, password: unchanged ? DEMO_LOGIN.password : null };
}
