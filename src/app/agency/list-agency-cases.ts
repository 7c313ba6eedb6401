import { mandateIsLive } from '../../core/mandates/mandate-terms.js';
import type { PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { MandateRow } from '../../adapters/db/mandate-schema.js';
import type { OrganizationRow } from '../../adapters/db/schema.js';
import { getCustomer } from '../../adapters/db/stores/customers.js';
import { listAgencyMandates } from '../../adapters/db/stores/mandates.js';
import { getOrganization } from '../../adapters/db/stores/organizations.js';
import type { AgencyCase } from '../mandates/agency-case-access.js';
import { agencyCaseJson, type AgencyCaseJson } from './agency-case-json.js';

/**
 * The cases an agency may work today, across its creditors: its mandates that are live (begun,
 * not past their last day, neither ended nor taken back), each with its creditor and customer.
 */
export async function listLiveAgencyCases(db: Db, agencyOrganizationId: string, today: PlainDate, filter: { creditorId?: string } = {}): Promise<AgencyCase[]> {
  const mandates = await listAgencyMandates(db, agencyOrganizationId, { status: 'active', ...(filter.creditorId ? { creditorOrganizationId: filter.creditorId } : {}) });
  const creditors = new Map<string, OrganizationRow | undefined>();
  const cases: AgencyCase[] = [];
  for (const mandate of mandates.filter((m: MandateRow) => mandateIsLive(m, today))) {
    if (!creditors.has(mandate.organization_id)) creditors.set(mandate.organization_id, await getOrganization(db, mandate.organization_id));
    const creditor = creditors.get(mandate.organization_id);
    const customer = creditor && (await getCustomer(db, creditor.id, mandate.customer_id));
    if (creditor && customer) cases.push({ mandate, creditor, customer });
  }
  return cases;
}

/** The agency's cases list: live cases across creditors, creditor by creditor, then customer by name. */
export async function listAgencyCases(db: Db, agencyOrganizationId: string, today: PlainDate, filter: { creditorId?: string } = {}): Promise<{ items: AgencyCaseJson[] }> {
  const cases = await listLiveAgencyCases(db, agencyOrganizationId, today, filter);
  cases.sort((a, b) => a.creditor.name.localeCompare(b.creditor.name) || a.customer.name.localeCompare(b.customer.name) || a.mandate.id.localeCompare(b.mandate.id));
  const items: AgencyCaseJson[] = [];
  for (const agencyCase of cases) items.push(await agencyCaseJson(db, agencyCase, today));
  return { items };
}
