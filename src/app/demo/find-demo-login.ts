import type { Db } from '../../adapters/db/database.js';
import { DEMO_LOGIN, DEMO_ORGANIZATION_NAME } from './demo-organization.js';

export interface DemoLogin {
  organizationName: string;
  email: string;
}

/**
 * The demo's admin sign-in, when the demo organization and that user are in the database. Its
 * password is not stored in clear anywhere: only the load printed it.
 */
export async function findDemoLogin(db: Db): Promise<DemoLogin | undefined> {
  const row = await db.kysely
    .selectFrom('users as u')
    .innerJoin('organizations as o', 'o.id', 'u.organization_id')
    .select(['o.name'])
    .where('o.name', '=', DEMO_ORGANIZATION_NAME)
    .where('u.email', '=', DEMO_LOGIN.email)
    .executeTakeFirst();
  return row ? { organizationName: row.name, email: DEMO_LOGIN.email } : undefined;
}
