import type { Db } from '../database.js';
import { newId, nowIso } from '../ids.js';
import type { CollectionCaseRow } from '../schema.js';

export async function getOpenCase(db: Db, organizationId: string, customerId: string): Promise<CollectionCaseRow | undefined> {
  return db.kysely
    .selectFrom('collection_cases')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('open_customer_id', '=', customerId)
    .executeTakeFirst();
}

/**
 * The customer's open case, opened on `on` when there is none. Two runs racing here both end
 * up with the same case: the unique open-case constraint lets only one insert through.
 */
export async function ensureOpenCase(db: Db, organizationId: string, customerId: string, on: string): Promise<{ openCase: CollectionCaseRow; created: boolean }> {
  const inserted = await db.kysely
    .insertInto('collection_cases')
    .values({
      id: newId(),
      organization_id: organizationId,
      customer_id: customerId,
      status: 'open',
      opened_on: on,
      closed_on: null,
      open_customer_id: customerId,
      created_at: nowIso(),
    })
    .onConflict((oc) => oc.columns(['organization_id', 'open_customer_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  const found = await getOpenCase(db, organizationId, customerId);
  if (!found) throw new Error(`open case of customer ${customerId} vanished`);
  return { openCase: found, created: inserted !== undefined };
}

export async function closeCase(db: Db, organizationId: string, caseId: string, on: string): Promise<void> {
  await db.kysely
    .updateTable('collection_cases')
    .set({ status: 'closed', closed_on: on, open_customer_id: null })
    .where('organization_id', '=', organizationId)
    .where('id', '=', caseId)
    .execute();
}

export async function listCases(db: Db, organizationId: string, customerId: string): Promise<CollectionCaseRow[]> {
  return db.kysely
    .selectFrom('collection_cases')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('customer_id', '=', customerId)
    .orderBy('opened_on')
    .execute();
}
