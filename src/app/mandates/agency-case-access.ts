import { AppError } from '../../core/app-error.js';
import { mandateIsLive } from '../../core/mandates/mandate-terms.js';
import type { PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { MandateRow } from '../../adapters/db/mandate-schema.js';
import type { CustomerRow, OrganizationRow } from '../../adapters/db/schema.js';
import { getCustomer } from '../../adapters/db/stores/customers.js';
import { getAgencyMandate } from '../../adapters/db/stores/mandates.js';
import { getOrganization } from '../../adapters/db/stores/organizations.js';

/** A case an agency may work today: the mandate, the creditor that gave it and the customer. */
export interface AgencyCase {
  mandate: MandateRow;
  creditor: OrganizationRow;
  customer: CustomerRow;
}

/**
 * The one door from an agency into a creditor's data. A mandate of another agency, one ended,
 * taken back, past its last day or not yet begun are all "not found", so an agency learns nothing
 * of cases it does not hold. Every agency route goes through here, then reads the creditor's
 * data with `creditor.id` and `customer.id` only.
 */
export async function requireAgencyCase(db: Db, agencyOrganizationId: string, mandateId: string, today: PlainDate): Promise<AgencyCase> {
  const mandate = await getAgencyMandate(db, agencyOrganizationId, mandateId);
  if (!mandate || !mandateIsLive(mandate, today)) throw new AppError('not_found', `case ${mandateId} does not exist`, { field: 'id' });
  const creditor = await getOrganization(db, mandate.organization_id);
  const customer = creditor && (await getCustomer(db, creditor.id, mandate.customer_id));
  if (!creditor || !customer) throw new AppError('not_found', `case ${mandateId} does not exist`, { field: 'id' });
  return { mandate, creditor, customer };
}

/** Agency routes are for agencies: a creditor's user asking them gets "not found", as for any unknown route. */
export async function requireAgencyOrganization(db: Db, organizationId: string): Promise<OrganizationRow> {
  const organization = await getOrganization(db, organizationId);
  if (!organization || organization.kind !== 'agency') throw new AppError('not_found', 'this organization is not a collection agency', { field: 'organization' });
  return organization;
}
