import type { OrganizationRow } from '../../src/adapters/db/schema.js';
import type { NewMandate } from '../../src/adapters/db/stores/mandates.js';

/** The terms of a case handed to an agency on this instance, acting in its own name; `changes` adjusts them. */
export function handedCaseTerms(agency: Pick<OrganizationRow, 'id' | 'name'>, customerId: string, invoiceIds: readonly string[], changes: Partial<NewMandate> = {}): NewMandate {
  return {
    customerId,
    agencyOrganizationId: agency.id,
    partnerName: agency.name,
    partnerEmail: null,
    actingAs: 'agency',
    feePercentBp: 1500,
    feeFixedMinor: 0,
    currency: 'EUR',
    startsOn: '2026-03-20',
    endsOn: null,
    handedBy: null,
    stepId: 'handoff',
    balanceAtHandoffMinor: 1_000_00,
    overdueDaysAtHandoff: 60,
    invoiceIds,
    note: null,
    ...changes,
  };
}
