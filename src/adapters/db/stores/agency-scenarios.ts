import type { Db } from '../database.js';
import { nowIso } from '../ids.js';

/** The agency's stored steps (JSON text) and when they were saved; undefined while it keeps the built-in days. */
export async function getAgencyScenarioRow(db: Db, agencyOrganizationId: string): Promise<{ steps: string; updated_at: string } | undefined> {
  return db.kysely.selectFrom('agency_scenarios').select(['steps', 'updated_at']).where('organization_id', '=', agencyOrganizationId).executeTakeFirst();
}

/** Writes the agency's steps, creating its row the first time. */
export async function putAgencyScenario(db: Db, agencyOrganizationId: string, steps: string): Promise<void> {
  const updatedAt = nowIso();
  await db.kysely
    .insertInto('agency_scenarios')
    .values({ organization_id: agencyOrganizationId, steps, updated_at: updatedAt })
    .onConflict((oc) => oc.column('organization_id').doUpdateSet({ steps, updated_at: updatedAt }))
    .execute();
}
