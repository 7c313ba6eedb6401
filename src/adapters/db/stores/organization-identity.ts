import type { Db } from '../database.js';
import type { OrganizationRow } from '../schema.js';

export type OrganizationIdentityChanges = Partial<Pick<OrganizationRow, 'name' | 'legal_name' | 'address' | 'registration_id' | 'vat_id' | 'locale'>>;

export async function updateOrganizationIdentity(db: Db, organizationId: string, changes: OrganizationIdentityChanges): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await db.kysely.updateTable('organizations').set(changes).where('id', '=', organizationId).execute();
}
