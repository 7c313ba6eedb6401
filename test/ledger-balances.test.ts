import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createCustomer } from '../src/adapters/db/stores/customers.js';
import { createCreditNote, createInvoice, createPayment, insertAllocation } from '../src/adapters/db/stores/documents.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { getAgingReport } from '../src/app/get-aging-report.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { ENGINES, freshDatabase } from './support/engines.js';

describe.each(ENGINES)('ledger balances on %s', (engine) => {
  let db: Db;
  beforeAll(async () => {
    db = await freshDatabase(engine);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('derives balances from allocations: partial, split over invoices, over-payment kept as credit', async () => {
    const org = await createOrganization(db, { name: 'Atelier', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    const other = await createOrganization(db, { name: 'Other', country: 'BE', currency: 'EUR', timeZone: 'Europe/Brussels', locale: 'fr' });
    const acme = await createCustomer(db, org.id, { externalRef: 'C001', name: 'Acme SARL' });
    const bolt = await createCustomer(db, org.id, { externalRef: 'C002', name: 'Bolt SAS' });
    const stranger = await createCustomer(db, other.id, { externalRef: 'C001', name: 'Not ours' });
    await createInvoice(db, other.id, { customerId: stranger.id, number: 'F1', issueDate: '2025-01-01', dueDate: '2025-01-31', currency: 'EUR', amountMinor: 999_99 });

    const f1 = await createInvoice(db, org.id, { customerId: acme.id, number: 'F1', issueDate: '2025-01-01', dueDate: '2025-01-31', currency: 'EUR', amountMinor: 1000_00 });
    const f2 = await createInvoice(db, org.id, { customerId: acme.id, number: 'F2', issueDate: '2025-02-01', dueDate: '2025-03-03', currency: 'EUR', amountMinor: 500_00 });
    const f3 = await createInvoice(db, org.id, { customerId: bolt.id, number: 'F3', issueDate: '2025-02-15', dueDate: '2025-03-17', currency: 'EUR', amountMinor: 200_00 });
    // One payment over two invoices, the first partly.
    const p1 = await createPayment(db, org.id, { customerId: acme.id, reference: 'VIR-1', receivedOn: '2025-02-10', currency: 'EUR', amountMinor: 700_00 });
    await insertAllocation(db, org.id, { invoiceId: f1.id, paymentId: p1.id, amountMinor: 600_00, allocatedOn: '2025-02-10' });
    await insertAllocation(db, org.id, { invoiceId: f2.id, paymentId: p1.id, amountMinor: 100_00, allocatedOn: '2025-02-10' });
    // Bolt overpays: 50 left as credit.
    const p2 = await createPayment(db, org.id, { customerId: bolt.id, reference: 'VIR-2', receivedOn: '2025-03-01', currency: 'EUR', amountMinor: 250_00 });
    await insertAllocation(db, org.id, { invoiceId: f3.id, paymentId: p2.id, amountMinor: 200_00, allocatedOn: '2025-03-01' });
    // A credit note on F2, not yet allocated.
    await createCreditNote(db, org.id, { customerId: acme.id, number: 'AV1', issueDate: '2025-03-05', currency: 'EUR', amountMinor: 40_00 });

    const report = await getAgingReport(db, org.id, { asOf: '2025-03-10' as PlainDate });
    expect(report.balance).toEqual({ amount: '710.00', currency: 'EUR' });
    expect(report.customers.map((c) => [c.reference, c.balance.amount, c.overdue.amount])).toEqual([
      ['C001', '760.00', '800.00'],
      ['C002', '-50.00', '0.00'],
    ]);
    const acmeLine = report.customers[0]!;
    expect(acmeLine.buckets.d31_60.amount).toBe('400.00');
    expect(acmeLine.buckets.d1_30.amount).toBe('400.00');
    expect(acmeLine.unapplied_credit.amount).toBe('40.00');
  });
});
