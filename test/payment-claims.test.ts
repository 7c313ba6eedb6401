import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { createPayment, insertAllocation } from '../src/adapters/db/stores/documents.js';
import { listPaymentClaims } from '../src/adapters/db/stores/payment-claims.js';
import { addPaymentClaim } from '../src/app/collection/add-payment-claim.js';
import { checkMessageStillDue } from '../src/app/collection/check-message-still-due.js';
import { getCustomerCollection } from '../src/app/collection/get-customer-collection.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';

// Friday 16 May 2025: every invoice below fell due on 20 April and nobody has been reminded yet.
const AS_OF = '2025-05-16' as PlainDate;
const at = (day: string) => new Date(`${day}T05:00:00Z`);

describe.each(ENGINES)('a customer who says it already paid, on %s', (engine) => {
  let db: Db;
  let org: OrganizationRow;
  const customers: Record<string, Awaited<ReturnType<typeof customerWithInvoices>>> = {};

  beforeAll(async () => {
    db = await freshDatabase(engine);
    org = await collectionOrganization(db);
    for (const ref of ['PAID', 'LATE', 'QUEUED', 'OTHER']) {
      customers[ref] = await customerWithInvoices(db, org.id, ref, [[`F-${ref}`, '2025-04-20', 120_000]], { language: 'fr' });
    }
    // Said on Friday to have paid the day before, to be looked for until Monday.
    await addPaymentClaim(db, org.id, customers.LATE!.customer, { paidOn: '2025-05-15', searchDays: 3 }, AS_OF, null);
  });

  afterAll(async () => {
    await db?.close();
  });

  const emailsFor = (report: Awaited<ReturnType<typeof runCollection>>, ref: string) =>
    report.actions.filter((action) => action.customer_reference === ref && action.channel === 'email' && action.status !== 'skipped');
  const timelineOf = (ref: string) =>
    db.kysely.selectFrom('timeline_events').select(['kind', 'summary_en', 'summary_fr']).where('customer_id', '=', customers[ref]!.customer.id).where('kind', 'like', 'payment_claim%').orderBy('created_at').execute();

  it('is not reminded while the payment is looked for, and the payment found closes the claim', async () => {
    const claim = await addPaymentClaim(db, org.id, customers.PAID!.customer, { paidOn: '2025-05-14', reference: 'VIR 8812' }, AS_OF, null);
    expect(claim).toMatchObject({ status: 'open', until: '2025-05-23', invoice_numbers: '["F-PAID"]' });

    const dry = await runCollection(db, org, { asOf: AS_OF, now: at(AS_OF), dryRun: true });
    expect(emailsFor(dry, 'OTHER')).toHaveLength(1);
    expect(emailsFor(dry, 'PAID')).toEqual([]);
    const view = await getCustomerCollection(db, org, customers.PAID!.customer, { asOf: AS_OF });
    expect(view.next_step.reason.en).toBe('Every overdue invoice is paused (said to be paid on 2025-05-14, looked for until 2025-05-23: F-PAID)');

    // The transfer shows on the ledger on Monday: the run closes the claim, and says so.
    const payment = await createPayment(db, org.id, { customerId: customers.PAID!.customer.id, reference: 'VIR 8812', receivedOn: '2025-05-19', currency: 'EUR', amountMinor: 120_000 });
    await insertAllocation(db, org.id, { invoiceId: customers.PAID!.invoiceIds['F-PAID']!, paymentId: payment.id, amountMinor: 120_000, allocatedOn: '2025-05-19' });
    await runCollection(db, org, { asOf: '2025-05-19' as PlainDate, now: at('2025-05-19'), send: false });
    expect((await listPaymentClaims(db, org.id, customers.PAID!.customer.id)).map((row) => [row.status, row.closed_on])).toEqual([['found', '2025-05-19']]);
    expect((await timelineOf('PAID')).map((event) => event.kind)).toEqual(['payment_claim_added', 'payment_claim_found']);
    expect((await timelineOf('PAID'))[0]!.summary_fr).toBe(
      "Déclarées payées le 14 mai 2025, référence VIR 8812 : F-PAID ; pas de relance pendant la recherche du paiement, jusqu'au 23 mai 2025",
    );
  });

  it('is reminded again once the search days pass without the payment, and the timeline says why', async () => {
    const lastDay = await runCollection(db, org, { asOf: '2025-05-19' as PlainDate, now: at('2025-05-19'), dryRun: true });
    expect(emailsFor(lastDay, 'LATE')).toEqual([]);

    const after = await runCollection(db, org, { asOf: '2025-05-20' as PlainDate, now: at('2025-05-20'), send: false });
    expect(emailsFor(after, 'LATE')).toHaveLength(1);
    expect((await listPaymentClaims(db, org.id, customers.LATE!.customer.id)).map((row) => row.status)).toEqual(['not_found']);
    const [, closed] = await timelineOf('LATE');
    expect(closed).toMatchObject({
      kind: 'payment_claim_not_found',
      summary_en: 'No payment found for what was said to be paid on 15 May 2025: reminders of F-LATE resume',
      summary_fr: 'Aucun paiement trouvé pour ce qui a été déclaré payé le 15 mai 2025 : les relances de F-LATE reprennent',
    });
  });

  it('stops a message already queued for the invoice said to be paid', async () => {
    // A run wrote its reminder, not sent yet.
    const queued = await db.kysely.selectFrom('collection_actions').select(['id', 'status']).where('customer_id', '=', customers.QUEUED!.customer.id).where('channel', '=', 'email').executeTakeFirst();
    expect(queued?.status).toBe('planned');
    await addPaymentClaim(db, org.id, customers.QUEUED!.customer, { paidOn: '2025-05-21', invoiceNumbers: ['F-QUEUED'] }, '2025-05-21' as PlainDate, null);
    const verdict = await checkMessageStillDue(db, org.id, queued!.id, new Date('2025-05-21T09:00:00Z'));
    expect(verdict).toEqual({ send: false, reason: 'the customer says it paid on 21 May 2025', words: { en: 'the customer says it paid on 21 May 2025', fr: 'le client dit avoir payé le 21 mai 2025' } });
  });

  it('refuses a claim for a day to come or an invoice with nothing open', async () => {
    await expect(addPaymentClaim(db, org.id, customers.OTHER!.customer, { paidOn: '2025-06-01' }, AS_OF, null)).rejects.toMatchObject({ place: { field: 'paid_on' } });
    await expect(addPaymentClaim(db, org.id, customers.OTHER!.customer, { paidOn: '2025-05-01', invoiceNumbers: ['F-PAID'] }, AS_OF, null)).rejects.toMatchObject({ place: { field: 'invoice_numbers' } });
  });
});
