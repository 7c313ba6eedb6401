import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { saveCollectionSettings } from '../src/adapters/db/stores/collection-settings.js';
import { createPayment, insertAllocation } from '../src/adapters/db/stores/documents.js';
import { addHold } from '../src/app/collection/add-hold.js';
import { decideApproval } from '../src/app/collection/decide-approval.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import { getWorklist } from '../src/app/worklist/get-worklist.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { alreadyReminded, collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';

// Tuesday 3 June 2025: both customers had every reminder before the formal notice, which waits
// for a person's approval. One pays everything overnight, the other only one of two invoices.
const NOTICE_DAY = '2025-06-03' as PlainDate;
const NEXT_DAY = '2025-06-04' as PlainDate;
const REMINDED = [
  ['courteous-reminder', '2025-04-10'],
  ['phone-call', '2025-04-15'],
  ['firm-reminder', '2025-04-22'],
  ['firm-reminder-letter', '2025-04-22'],
] as const;

describe.each(ENGINES)('a formal notice waiting for approval, after the customer pays, on %s', (engine) => {
  let db: Db;
  let org: OrganizationRow;
  const ids: Record<string, { customerId: string; invoiceIds: Record<string, string> }> = {};

  const openApprovals = (customerId: string) =>
    db.kysely.selectFrom('collection_tasks').selectAll().where('organization_id', '=', org.id).where('customer_id', '=', customerId).where('kind', '=', 'approval').where('status', '=', 'open').execute();
  const pay = async (ref: string, number: string, amountMinor: number) => {
    const payment = await createPayment(db, org.id, { customerId: ids[ref]!.customerId, reference: `VIR-${number}`, receivedOn: NOTICE_DAY, currency: 'EUR', amountMinor });
    await insertAllocation(db, org.id, { invoiceId: ids[ref]!.invoiceIds[number]!, paymentId: payment.id, amountMinor, allocatedOn: NOTICE_DAY });
  };

  beforeAll(async () => {
    db = await freshDatabase(engine);
    org = await collectionOrganization(db);
    await saveCollectionSettings(db, org.id, { approvalThresholdMinor: 0 });
    for (const [ref, invoices] of [
      ['PAID', [['F-100', '2025-04-01', 2_400_00]]],
      ['PART', [['F-200', '2025-04-01', 1_800_00], ['F-201', '2025-04-02', 900_00]]],
    ] as const) {
      const { customer, invoiceIds } = await customerWithInvoices(db, org.id, ref, invoices);
      await alreadyReminded(db, org.id, customer.id, REMINDED);
      ids[ref] = { customerId: customer.id, invoiceIds };
    }
    await runCollection(db, org, { asOf: NOTICE_DAY, now: new Date(`${NOTICE_DAY}T05:00:00Z`), send: false });
  });

  afterAll(async () => {
    await db?.close();
  });

  it('is withdrawn by the next run when every invoice it named is paid: Today no longer asks for it', async () => {
    const [waiting] = await openApprovals(ids.PAID!.customerId);
    expect(waiting?.step_id).toBe('formal-notice');
    await pay('PAID', 'F-100', 2_400_00);
    await pay('PART', 'F-200', 1_800_00);

    const report = await runCollection(db, org, { asOf: NEXT_DAY, now: new Date(`${NEXT_DAY}T05:00:00Z`), send: false });
    expect(report.actions.filter((action) => action.customer_id === ids.PAID!.customerId)).toEqual([]);
    expect(await openApprovals(ids.PAID!.customerId)).toEqual([]);
    const task = await db.kysely.selectFrom('collection_tasks').selectAll().where('id', '=', waiting!.id).executeTakeFirstOrThrow();
    expect(task).toMatchObject({ status: 'cancelled', outcome: expect.stringContaining('paid or credited') });
    const action = await db.kysely.selectFrom('collection_actions').selectAll().where('id', '=', waiting!.action_id!).executeTakeFirstOrThrow();
    expect(action.status).toBe('cancelled');
    const timeline = await db.kysely.selectFrom('timeline_events').select('summary_en').where('customer_id', '=', ids.PAID!.customerId).where('kind', '=', 'approval').execute();
    expect(timeline.map((event) => event.summary_en)).toEqual(['Step "Formal notice" withdrawn before approval: every invoice it named has been paid or credited']);

    const today = await getWorklist(db, org, NEXT_DAY, { kind: 'approval' });
    expect(today.items.map((line) => line.customer.id)).toEqual([ids.PART!.customerId]);
  });

  it('stays when part of what it named is still open: approving it rewrites its figures', async () => {
    const [still] = await openApprovals(ids.PART!.customerId);
    expect(still?.step_id).toBe('formal-notice');
  });

  it('is not sent when approved during a hold, and the timeline says why in each language, the date in words', async () => {
    const [still] = await openApprovals(ids.PART!.customerId);
    const customer = await db.kysely.selectFrom('customers').selectAll().where('id', '=', ids.PART!.customerId).executeTakeFirstOrThrow();
    await addHold(db, org.id, customer, { reason: 'Customer in talks with its bank', until: '2025-07-01' }, NEXT_DAY, null);
    const outcome = await decideApproval(db, org, still!.id, { approve: true }, { now: new Date(`${NEXT_DAY}T09:00:00Z`) });
    expect(outcome.result).toBe('cancelled');
    const [line] = await db.kysely.selectFrom('timeline_events').select(['summary_en', 'summary_fr']).where('customer_id', '=', customer.id).where('kind', '=', 'approval').execute();
    expect(line).toEqual({
      summary_en: 'Step "Formal notice" approved but not sent: the customer is on hold until 1 July 2025: Customer in talks with its bank',
      summary_fr: 'Étape « Mise en demeure » validée mais non envoyée : le client est en pause jusqu’au 1er juillet 2025 : Customer in talks with its bank',
    });
  });
});
