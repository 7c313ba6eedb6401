import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { insertTaskOnce } from '../src/adapters/db/stores/collection-tasks.js';
import { createPayment, insertAllocation } from '../src/adapters/db/stores/documents.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import { getWorklist } from '../src/app/worklist/get-worklist.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';

// Tuesday 3 June 2025: a customer with two invoices long overdue and a call to make.
const DAY = '2025-06-03' as PlainDate;
const NEXT_DAY = '2025-06-04' as PlainDate;
const RUN_AT = new Date(`${DAY}T05:00:00Z`);

describe.each(ENGINES)('Today ranks by the standing the daily run kept, on %s', (engine) => {
  let db: Db;
  let org: OrganizationRow;
  let customerId = '';
  let invoiceIds: Record<string, string> = {};

  beforeAll(async () => {
    db = await freshDatabase(engine);
    org = await collectionOrganization(db);
    const made = await customerWithInvoices(db, org.id, 'C100', [['F-1', '2025-03-01', 4_000_00], ['F-2', '2025-04-15', 1_500_00]]);
    customerId = made.customer.id;
    invoiceIds = made.invoiceIds;
    await insertTaskOnce(db, org.id, {
      customer_id: customerId, case_id: null, action_id: null, kind: 'call', step_id: 'phone-call', dedupe_key: 'call:C100', attempt: 1,
      title_en: 'Call about the open invoices', title_fr: 'Appeler au sujet des factures ouvertes', detail: null, due_on: DAY, assignee_user_id: null, created_on: DAY,
    });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('shows the same figures from the run as from the ledger, and says when the run worked them out', async () => {
    const fromLedger = await getWorklist(db, org, DAY);
    expect(fromLedger.figures_computed_at).toBeNull();
    expect(fromLedger.items[0]).toMatchObject({ amount: { amount: '5500.00', currency: 'EUR' }, days_late: 94 });

    await runCollection(db, org, { asOf: DAY, now: RUN_AT, send: false });
    const fromRun = await getWorklist(db, org, DAY);
    expect(fromRun.figures_computed_at).toBe(RUN_AT.toISOString());
    expect(fromRun.items).toEqual(fromLedger.items);
    expect((await getWorklist(db, org, DAY, { limit: 0 })).figures_computed_at).toBeNull();
  });

  it('keeps the run’s figures for its day after a payment, and works out another day from the ledger', async () => {
    const payment = await createPayment(db, org.id, { customerId, reference: 'VIR-1', receivedOn: DAY, currency: 'EUR', amountMinor: 4_000_00 });
    await insertAllocation(db, org.id, { invoiceId: invoiceIds['F-1']!, paymentId: payment.id, amountMinor: 4_000_00, allocatedOn: DAY });

    const sameDay = await getWorklist(db, org, DAY);
    expect(sameDay.figures_computed_at).toBe(RUN_AT.toISOString());
    expect(sameDay.items[0]!.amount.amount).toBe('5500.00');

    const nextDay = await getWorklist(db, org, NEXT_DAY);
    expect(nextDay.figures_computed_at).toBeNull();
    expect(nextDay.items[0]).toMatchObject({ amount: { amount: '1500.00' }, days_late: 50 });
  });
});
