import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createPayment, insertAllocation } from '../src/adapters/db/stores/documents.js';
import { activeMandateOfCustomer, closeMandate, insertMandate, listAgencies, listAgencyMandates, type NewMandate } from '../src/adapters/db/stores/mandates.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { requireAgencyCase } from '../src/app/mandates/agency-case-access.js';
import { mandateFigures } from '../src/app/mandates/mandate-figures.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';

describe.each(ENGINES)('mandates on %s', (engine) => {
  let db: Db;
  beforeAll(async () => {
    db = await freshDatabase(engine);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('keeps one live mandate per customer, opens the case to its agency only while live, and counts what came in', async () => {
    const creditor = await collectionOrganization(db, 'Creditor One');
    const agency = await createOrganization(db, { name: 'Recouvre Agency', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr', kind: 'agency' });
    const otherAgency = await createOrganization(db, { name: 'Other Agency', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr', kind: 'agency' });
    const { customer, invoiceIds } = await customerWithInvoices(db, creditor.id, 'C1', [
      ['F-1', '2026-01-10', 600_00],
      ['F-2', '2026-01-20', 400_00],
    ]);
    const terms: NewMandate = {
      customerId: customer.id,
      agencyOrganizationId: agency.id,
      partnerName: agency.name,
      partnerEmail: null,
      actingAs: 'agency',
      feePercentBp: 1500,
      feeFixedMinor: 20_00,
      currency: 'EUR',
      startsOn: '2026-03-01',
      endsOn: '2026-05-31',
      handedBy: null,
      stepId: 'handoff',
      balanceAtHandoffMinor: 1_000_00,
      overdueDaysAtHandoff: 50,
      invoiceIds: Object.values(invoiceIds),
      note: null,
    };
    const mandate = await insertMandate(db, creditor.id, terms);
    await expect(insertMandate(db, creditor.id, terms)).rejects.toThrow();
    expect((await activeMandateOfCustomer(db, creditor.id, customer.id))?.id).toBe(mandate.id);
    expect((await listAgencies(db)).map((a) => a.name)).toEqual(['Other Agency', 'Recouvre Agency']);
    expect(await listAgencyMandates(db, otherAgency.id)).toEqual([]);

    const today = '2026-04-01' as PlainDate;
    expect((await requireAgencyCase(db, agency.id, mandate.id, today)).customer.id).toBe(customer.id);
    await expect(requireAgencyCase(db, otherAgency.id, mandate.id, today)).rejects.toThrow(/does not exist/);
    await expect(requireAgencyCase(db, agency.id, mandate.id, '2026-06-01' as PlainDate)).rejects.toThrow(/does not exist/);

    // Paid before the hand-off: not the partner's doing. Paid during it: recovered.
    const early = await createPayment(db, creditor.id, { customerId: customer.id, reference: 'P-early', receivedOn: '2026-02-15', currency: 'EUR', amountMinor: 100_00 });
    await insertAllocation(db, creditor.id, { invoiceId: invoiceIds['F-1']!, paymentId: early.id, amountMinor: 100_00, allocatedOn: '2026-02-15' });
    const during = await createPayment(db, creditor.id, { customerId: customer.id, reference: 'P-during', receivedOn: '2026-03-20', currency: 'EUR', amountMinor: 300_00 });
    await insertAllocation(db, creditor.id, { invoiceId: invoiceIds['F-2']!, paymentId: during.id, amountMinor: 300_00, allocatedOn: '2026-03-20' });
    const figures = await mandateFigures(db, mandate, today);
    expect(figures).toMatchObject({ handedMinor: 1_000_00, recoveredMinor: 300_00, outstandingMinor: 700_00, feeMinor: 45_00 + 20_00, recoveryRateBp: 3000, live: true });

    expect(await closeMandate(db, creditor.id, mandate.id, { status: 'taken_back', closedOn: '2026-04-02', closedBy: null })).toBe(true);
    expect(await closeMandate(db, creditor.id, mandate.id, { status: 'ended', closedOn: '2026-04-03', closedBy: null })).toBe(false);
    await expect(requireAgencyCase(db, agency.id, mandate.id, today)).rejects.toThrow(/does not exist/);
    expect(await activeMandateOfCustomer(db, creditor.id, customer.id)).toBeUndefined();
    await insertMandate(db, creditor.id, { ...terms, startsOn: '2026-04-10' });
  });
});
