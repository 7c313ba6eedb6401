import type { Db } from '../database.js';

/**
 * Claims a customer for the rest of the transaction. On PostgreSQL the row is locked with
 * FOR UPDATE SKIP LOCKED, so a second worker passes over a customer another is planning
 * instead of waiting and planning it twice; false means another worker has it. SQLite runs
 * one writing transaction at a time, which is claim enough.
 */
export async function claimCustomer(db: Db, organizationId: string, customerId: string): Promise<boolean> {
  if (db.engine !== 'postgres') return true;
  const row = await db.kysely
    .selectFrom('customers')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('id', '=', customerId)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  return row !== undefined;
}
