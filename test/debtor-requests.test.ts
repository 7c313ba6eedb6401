import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { listContacts } from '../src/adapters/db/stores/contacts.js';
import { createPayment, insertAllocation } from '../src/adapters/db/stores/documents.js';
import { resolveDispute } from '../src/app/collection/resolve-dispute.js';
import { getDebtorRequest, saveDebtorRequestPolicy } from '../src/adapters/db/stores/debtor-requests.js';
import { listReminderExclusions } from '../src/adapters/db/stores/invoice-reminder-exclusions.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import { askOnPage } from '../src/app/portal/ask-on-page.js';
import { claimPaidOnPage } from '../src/app/portal/claim-paid-on-page.js';
import { loadDebtorConversation } from '../src/app/portal/debtor-conversation.js';
import { decideDebtorRequest } from '../src/app/portal/decide-debtor-request.js';
import { disputeOnPage } from '../src/app/portal/dispute-on-page.js';
import { promiseOnPage } from '../src/app/portal/promise-on-page.js';
import { requestPlanOnPage } from '../src/app/portal/request-plan-on-page.js';
import { updateContactOnPage } from '../src/app/portal/update-contact-on-page.js';
import type { Caller } from '../src/app/auth/caller.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';

// Friday 16 May 2025: every invoice below fell due on 20 April and nobody has been reminded yet.
const AS_OF = '2025-05-16' as PlainDate;
const NOW = new Date(`${AS_OF}T08:00:00Z`);
const PDF = new TextEncoder().encode('%PDF-1.4\n% proof of transfer\n');

describe.each(ENGINES)('what a customer does on its page, on %s', (engine) => {
  let db: Db;
  let org: OrganizationRow;
  let collector: Caller;
  const customers: Record<string, Awaited<ReturnType<typeof customerWithInvoices>>> = {};
  const pageOf = (ref: string) => ({ organizationId: org.id, customerId: customers[ref]!.customer.id });

  beforeAll(async () => {
    db = await freshDatabase(engine);
    org = await collectionOrganization(db);
    collector = { organizationId: org.id, role: 'admin', userId: null, apiKeyId: null };
    for (const ref of ['PROMISE', 'DISPUTE', 'PLAN', 'BIGPLAN', 'ASK', 'PAID', 'FOUND', 'SETTLED', 'CHATTY', 'OTHER']) {
      customers[ref] = await customerWithInvoices(db, org.id, ref, [[`F-${ref}-1`, '2025-04-20', 120_000], [`F-${ref}-2`, '2025-04-20', 60_000]], { language: ref === 'ASK' ? 'nl' : 'fr' });
    }
  });

  afterAll(async () => {
    await db?.close();
  });

  const remindedInvoices = async (ref: string, asOf: PlainDate = AS_OF) => {
    const run = await runCollection(db, org, { asOf, now: new Date(`${asOf}T05:00:00Z`), dryRun: true });
    return run.actions.filter((action) => action.customer_reference === ref && action.channel === 'email' && action.status !== 'skipped').flatMap((action) => action.invoice_numbers);
  };
  const tasksOf = (ref: string) => db.kysely.selectFrom('collection_tasks').select(['kind', 'status', 'title_en']).where('customer_id', '=', customers[ref]!.customer.id).orderBy('created_at').execute();
  const timelineOf = (ref: string) => db.kysely.selectFrom('timeline_events').select(['kind', 'summary_en', 'summary_fr']).where('customer_id', '=', customers[ref]!.customer.id).where('kind', 'like', 'debtor_request%').orderBy('created_at').execute();
  const outboxOf = (ref: string) => db.kysely.selectFrom('outbox_messages').select(['subject', 'text_body', 'html_body', 'recipient']).where('customer_id', '=', customers[ref]!.customer.id).execute();

  it('a promise silences every overdue invoice until its date, lands in the timeline and in Today', async () => {
    expect(await remindedInvoices('OTHER')).toEqual(['F-OTHER-1', 'F-OTHER-2']);
    const request = await promiseOnPage(db, pageOf('PROMISE'), { promisedOn: '2025-06-10' }, NOW);
    expect(request).toMatchObject({ kind: 'promise', status: 'accepted_automatically' });
    expect(await remindedInvoices('PROMISE')).toEqual([]);
    expect(await tasksOf('PROMISE')).toEqual([{ kind: 'debtor_request', status: 'open', title_en: 'Customer PROMISE promised on its page to pay F-PROMISE-1, F-PROMISE-2 by 10 June 2025' }]);
    expect((await timelineOf('PROMISE')).map((event) => event.summary_fr)).toEqual(['Sur sa page, le client a promis de payer F-PROMISE-1, F-PROMISE-2 au plus tard le 10 juin 2025']);
  });

  it('refuses a promise later than the creditor allows, saying why, and writes nothing', async () => {
    await expect(promiseOnPage(db, pageOf('OTHER'), { promisedOn: '2025-06-30' }, NOW)).rejects.toMatchObject({ why: 'promise_too_far', place: { field: 'promised_on' } });
    await saveDebtorRequestPolicy(db, org.id, { promiseMaxDays: 60 });
    await expect(promiseOnPage(db, pageOf('OTHER'), { promisedOn: '2025-07-30' }, NOW)).rejects.toMatchObject({ why: 'promise_too_far' });
    await saveDebtorRequestPolicy(db, org.id, { promiseMaxDays: 30 });
    expect(await remindedInvoices('OTHER')).toEqual(['F-OTHER-1', 'F-OTHER-2']);
    expect(await timelineOf('OTHER')).toEqual([]);
  });

  it('a disputed invoice is no longer reminded; the other one still is', async () => {
    const invoiceId = customers.DISPUTE!.invoiceIds['F-DISPUTE-1']!;
    await disputeOnPage(db, pageOf('DISPUTE'), { invoiceId, reason: 'not_delivered', message: 'Never delivered <b>at all</b>', attachment: { fileName: '../../bon.pdf', contentType: 'text/html', content: PDF } }, NOW);
    expect(await remindedInvoices('DISPUTE')).toEqual(['F-DISPUTE-2']);
    expect((await tasksOf('DISPUTE')).map((task) => task.kind)).toEqual(['dispute']);
    const [view] = (await loadDebtorConversation(db, pageOf('DISPUTE'))).items;
    // The file is kept as what its bytes say it is, under its name without a path.
    expect(view).toMatchObject({ kind: 'dispute', reason: 'not_delivered', invoice_numbers: ['F-DISPUTE-1'], message: 'Never delivered <b>at all</b>', files: [{ file_name: 'bon.pdf', content_type: 'application/pdf' }] });
    await expect(disputeOnPage(db, pageOf('DISPUTE'), { invoiceId, reason: 'price', message: 'again' }, NOW)).rejects.toMatchObject({ place: { field: 'invoice' } });
    // Another customer's invoice is not one this page shows.
    await expect(disputeOnPage(db, pageOf('OTHER'), { invoiceId, reason: 'price', message: 'mine?' }, NOW)).rejects.toMatchObject({ why: 'unknown_invoice', place: { field: 'invoice_id' } });
  });

  it('a plan within the policy is set up at once and its schedule shown back; none of its invoices is reminded', async () => {
    const request = await requestPlanOnPage(db, pageOf('PLAN'), { instalments: 3, firstOn: '2025-06-01' }, NOW);
    expect(request.status).toBe('accepted_automatically');
    const [view] = (await loadDebtorConversation(db, pageOf('PLAN'))).items;
    expect(view!.schedule).toEqual([
      { due_date: '2025-06-01', amount: { amount: '600.00', currency: 'EUR' } },
      { due_date: '2025-07-01', amount: { amount: '600.00', currency: 'EUR' } },
      { due_date: '2025-08-01', amount: { amount: '600.00', currency: 'EUR' } },
    ]);
    expect(await db.kysely.selectFrom('payment_plans').select('status').where('customer_id', '=', customers.PLAN!.customer.id).execute()).toEqual([{ status: 'active' }]);
    expect(await remindedInvoices('PLAN')).toEqual([]);
  });

  it('a plan beyond the policy waits for approval without reminders; accepted, the plan is set up and the customer told', async () => {
    const request = await requestPlanOnPage(db, pageOf('BIGPLAN'), { instalments: 12, firstOn: '2025-06-01' }, NOW);
    expect(request.status).toBe('open');
    const [waiting] = (await loadDebtorConversation(db, pageOf('BIGPLAN'))).items;
    expect(waiting!.beyond_policy).toEqual(['longer_than_maximum']);
    expect(await remindedInvoices('BIGPLAN')).toEqual([]);
    expect((await tasksOf('BIGPLAN')).map((task) => task.kind)).toEqual(['debtor_request']);

    const decided = await decideDebtorRequest(db, collector, request.id, { decision: 'accept', text: 'Agreed, thank you.' }, NOW);
    expect(decided).toMatchObject({ emailed: true, request: { status: 'accepted', answer: 'Agreed, thank you.' } });
    expect(decided.request.schedule).toHaveLength(12);
    expect(await listReminderExclusions(db, org.id, customers.BIGPLAN!.customer.id)).toEqual([]);
    expect(await remindedInvoices('BIGPLAN')).toEqual([]);
    expect((await tasksOf('BIGPLAN')).map((task) => task.status)).toEqual(['done']);
    const [email] = await outboxOf('BIGPLAN');
    expect(email!.subject).toBe('Notre réponse à votre demande de plan de paiement');
    await expect(decideDebtorRequest(db, collector, request.id, { decision: 'reject', reason: 'no' }, NOW)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('a question waits for an answer that goes back by email, escaped, in the customer language, and shows on its page', async () => {
    const request = await askOnPage(db, pageOf('ASK'), { kind: 'question', invoiceId: customers.ASK!.invoiceIds['F-ASK-1']!, message: 'Why <script>alert(1)</script> this price?' }, NOW);
    expect(request.status).toBe('open');
    // A question pauses nothing.
    expect(await remindedInvoices('ASK')).toEqual(['F-ASK-1', 'F-ASK-2']);
    await expect(decideDebtorRequest(db, collector, request.id, { decision: 'accept' }, NOW)).rejects.toMatchObject({ code: 'conflict' });
    const decided = await decideDebtorRequest(db, collector, request.id, { decision: 'answer', text: 'The price <i>includes</i> delivery.' }, NOW);
    expect(decided.request).toMatchObject({ status: 'answered', answer: 'The price <i>includes</i> delivery.', answered_on: AS_OF });
    const [email] = await outboxOf('ASK');
    expect(email!.subject).toBe('Ons antwoord op uw vraag');
    expect(email!.html_body).toContain('Why &lt;script&gt;alert(1)&lt;/script&gt; this price?');
    expect(email!.html_body).toContain('The price &lt;i&gt;includes&lt;/i&gt; delivery.');
    expect(email!.html_body).not.toContain('<script>');
    expect(email!.text_body).toContain('Over uw vraag van 16 mei 2025:');
    expect((await loadDebtorConversation(db, pageOf('ASK'))).items[0]).toMatchObject({ answer: 'The price <i>includes</i> delivery.' });
  });

  it('"already paid" keeps the proof and pauses the invoices; a file too large or not a PDF/PNG/JPEG is refused', async () => {
    const html = new TextEncoder().encode('<html><script>alert(1)</script></html>');
    await expect(claimPaidOnPage(db, pageOf('PAID'), { paidOn: '2025-05-14', amount: '1800.00', proof: { fileName: 'proof.pdf', contentType: 'application/pdf', content: html } }, NOW)).rejects.toMatchObject({ why: 'file_type', place: { field: 'proof' } });
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(PDF);
    await expect(claimPaidOnPage(db, pageOf('PAID'), { paidOn: '2025-05-14', amount: '1800.00', proof: { fileName: 'proof.pdf', contentType: 'application/pdf', content: big } }, NOW)).rejects.toMatchObject({ why: 'file_too_large' });
    await expect(claimPaidOnPage(db, pageOf('PAID'), { paidOn: '2025-05-20', amount: '1800.00' }, NOW)).rejects.toMatchObject({ place: { field: 'paid_on' } });
    expect(await timelineOf('PAID')).toEqual([]);

    const request = await claimPaidOnPage(db, pageOf('PAID'), { paidOn: '2025-05-14', amount: '1800,00', reference: 'VIR 8812', proof: { fileName: 'proof.pdf', contentType: 'application/pdf', content: PDF } }, NOW);
    expect(await remindedInvoices('PAID')).toEqual([]);
    expect((await getDebtorRequest(db, org.id, request.id))!.status).toBe('open');
    expect((await timelineOf('PAID'))[0]!.summary_en).toBe('On its page, the customer said it paid F-PAID-1, F-PAID-2 on 14 May 2025, reference “VIR 8812”, with a proof attached');
  });

  it('refusing a dispute or a payment said to be made puts the invoices back into reminders', async () => {
    const [dispute] = (await loadDebtorConversation(db, pageOf('DISPUTE'))).items;
    expect(dispute!.status).toBe('open');
    await decideDebtorRequest(db, collector, dispute!.id, { decision: 'reject', reason: 'Delivered on 2 April: signed delivery note attached to the invoice.' }, NOW);
    expect(await remindedInvoices('DISPUTE')).toEqual(['F-DISPUTE-1', 'F-DISPUTE-2']);
    expect(await db.kysely.selectFrom('disputes').select(['status', 'resolution']).where('customer_id', '=', customers.DISPUTE!.customer.id).execute()).toEqual([{ status: 'resolved', resolution: 'rejected' }]);

    const [claim] = (await loadDebtorConversation(db, pageOf('PAID'))).items;
    await decideDebtorRequest(db, collector, claim!.id, { decision: 'reject', reason: 'No transfer VIR 8812 reached our account.' }, NOW);
    expect(await remindedInvoices('PAID')).toEqual(['F-PAID-1', 'F-PAID-2']);
    expect((await tasksOf('PAID')).map((task) => task.status)).toEqual(['done']);
  });

  it('the customer page says a claim or a dispute was settled when it ends elsewhere: the payment found, a credit note', async () => {
    const claim = await claimPaidOnPage(db, pageOf('FOUND'), { paidOn: '2025-05-15', amount: '1800.00' }, NOW);
    const payment = await createPayment(db, org.id, { customerId: customers.FOUND!.customer.id, reference: 'VIR', receivedOn: '2025-05-19', currency: 'EUR', amountMinor: 180_000 });
    for (const [number, amountMinor] of [['F-FOUND-1', 120_000], ['F-FOUND-2', 60_000]] as const) {
      await insertAllocation(db, org.id, { invoiceId: customers.FOUND!.invoiceIds[number]!, paymentId: payment.id, amountMinor, allocatedOn: '2025-05-19' });
    }
    await runCollection(db, org, { asOf: '2025-05-19' as PlainDate, now: new Date('2025-05-19T05:00:00Z'), send: false });
    expect((await getDebtorRequest(db, org.id, claim.id))).toMatchObject({ status: 'accepted', answered_on: '2025-05-19' });

    const dispute = await disputeOnPage(db, pageOf('SETTLED'), { invoiceId: customers.SETTLED!.invoiceIds['F-SETTLED-2']!, reason: 'price', message: 'Not the agreed price' }, NOW);
    await resolveDispute(db, org.id, dispute.subject_id!, { resolution: 'credit_note' }, AS_OF);
    expect((await loadDebtorConversation(db, pageOf('SETTLED'))).items[0]).toMatchObject({ status: 'accepted' });
  });

  it('takes at most 30 requests a day from one customer page', async () => {
    for (let n = 1; n <= 30; n += 1) await askOnPage(db, pageOf('CHATTY'), { kind: 'question', message: `Question ${n}` }, NOW);
    await expect(askOnPage(db, pageOf('CHATTY'), { kind: 'question', message: 'One more' }, NOW)).rejects.toMatchObject({ code: 'too_many_requests' });
    await expect(askOnPage(db, pageOf('CHATTY'), { kind: 'question', message: 'Next day' }, new Date('2025-05-17T08:00:00Z'))).resolves.toMatchObject({ status: 'open' });
  });

  it('a new accounts-payable contact is where the next reminders go', async () => {
    await expect(updateContactOnPage(db, pageOf('OTHER'), { name: 'Jo', email: 'not-an-address' }, NOW)).rejects.toMatchObject({ why: 'invalid_email', place: { field: 'email' } });
    await updateContactOnPage(db, pageOf('OTHER'), { name: 'Jo Compta', email: 'compta@other.example', phone: '+32 2 555 00 00' }, NOW);
    const payables = (await listContacts(db, org.id, customers.OTHER!.customer.id)).filter((contact) => contact.role === 'accounts_payable');
    expect(payables.map((contact) => [contact.name, contact.email])).toEqual([['Jo Compta', 'compta@other.example']]);
    expect((await timelineOf('OTHER'))[0]!.summary_en).toBe('On its page, the customer gave its accounts-payable contact: “Jo Compta”, compta@other.example, +32 2 555 00 00');
  });
});
