import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { updateCustomer } from '../src/adapters/db/stores/customers.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transportsFromConfig } from '../src/adapters/channels/transports-from-config.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import { sendCollectionMessages } from '../src/app/collection/send-collection-messages.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { buildApp } from '../src/http/build-app.js';
import { eur, signIn, type ApiCaller } from './support/api-session.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const PASSWORD = 'next step secret';
// Friday 16 May 2025, 09:30 in Paris: a business day, inside business hours.
const NOW = new Date('2025-05-16T07:30:00Z');
const AS_OF = '2025-05-16' as PlainDate;

describe.each(ENGINES)('acting on a customer from its page, on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let org: OrganizationRow;
  const as: Record<'collector' | 'sales' | 'viewer', ApiCaller> = {} as never;
  type Customer = { id: string; invoiceIds: Record<string, string> };
  let two: Customer;
  let single: Customer;
  let held: Customer;
  let settled: Customer;
  let previewed: Customer;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    org = await collectionOrganization(db);
    const users: Record<string, string> = {};
    for (const role of ['collector', 'sales', 'viewer'] as const) users[role] = (await createUser(db, org.id, { email: `${role}@atelier.test`, name: role, password: PASSWORD, role })).id;
    const customer = async (ref: string, invoices: readonly (readonly [string, string, number])[]) => {
      const made = await customerWithInvoices(db, org.id, ref, invoices);
      return { id: made.customer.id, invoiceIds: made.invoiceIds };
    };
    two = await customer('C001', [['F-1', '2025-05-01', 1000_00], ['F-2', '2025-05-06', 500_00]]);
    single = await customer('C002', [['F-3', '2025-05-01', 200_00]]);
    held = await customer('C003', [['F-4', '2025-05-01', 300_00]]);
    settled = await customer('C004', []);
    previewed = await customer('C005', [['F-5', '2025-05-02', 700_00]]);
    await updateCustomer(db, org.id, single.id, { owner_user_id: users.sales! });
    app = await buildApp({ db, now: () => NOW });
    await app.ready();
    for (const role of ['collector', 'sales', 'viewer'] as const) as[role] = await signIn(app, `${role}@atelier.test`, PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const collection = async (id: string) => (await as.viewer.get(`/api/customers/${id}/collection?as_of=${AS_OF}`)).json();
  const outboxOf = (customerId: string) => db.kysely.selectFrom('outbox_messages').select(['channel', 'subject', 'text_body']).where('customer_id', '=', customerId).execute();
  const exclude = (invoiceId: string, reason: string | null, caller = as.collector) => caller.request('PUT', `/api/invoices/${invoiceId}/reminders`, { excluded: true, reason });

  it('leaves an excluded invoice out of the next message and its balance, and shows why on the collection view', async () => {
    const response = await exclude(two.invoiceIds['F-1']!, 'Credit note agreed by phone');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ invoice: { number: 'F-1' }, excluded: true, reason: 'Credit note agreed by phone', excluded_on: AS_OF });
    const view = await collection(two.id);
    expect(view.excluded_invoices).toEqual([{ invoice: { id: two.invoiceIds['F-1'], number: 'F-1' }, reason: 'Credit note agreed by phone', excluded_on: AS_OF }]);
    expect(view.next_step).toMatchObject({ kind: 'send', balance: eur('500.00') });
    expect(view.timeline.map((event: { kind: string }) => event.kind)).toContain('invoice_excluded');
  });

  it('previews the next message as it would go, without writing anything', async () => {
    const count = async (table: 'outbox_messages' | 'collection_actions' | 'timeline_events' | 'collection_cases') => Number((await db.kysely.selectFrom(table).select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = [await count('outbox_messages'), await count('collection_actions'), await count('timeline_events'), await count('collection_cases')];
    const response = await as.viewer.get(`/api/customers/${two.id}/next-step/preview`);
    expect(response.statusCode).toBe(200);
    const preview = response.json();
    expect(preview.status).toBe('ready');
    const [message] = preview.messages;
    expect(message).toMatchObject({ channel: 'email', recipient: { email: 'ap-c001@example.test' }, sender: { email: 'relances@atelier-durand.example' }, needs_approval: false });
    expect(message.subject).toBeTruthy();
    expect(message.text).toContain('F-2');
    expect(message.text).not.toContain('F-1');
    expect(message.html).toContain('F-2');
    expect(message.attachments.map((file: { filename: string }) => file.filename).join(' ')).toMatch(/\.pdf/);
    expect(message.not_before).toBe('2025-05-16T07:30:00.000Z');
    expect([await count('outbox_messages'), await count('collection_actions'), await count('timeline_events'), await count('collection_cases')]).toEqual(before);
  });

  it('sends the next step now: the message the preview showed is queued once, and the daily run does not queue it again', async () => {
    const preview = (await as.viewer.get(`/api/customers/${previewed.id}/next-step/preview`)).json();
    const response = await as.collector.post(`/api/customers/${previewed.id}/next-step/send-now`, {});
    expect(response.statusCode).toBe(200);
    expect(response.json().actions).toMatchObject([{ step_id: 'courteous-reminder', channel: 'email', status: 'planned', created: true, not_before: '2025-05-16T07:30:00.000Z' }]);
    const queued = await outboxOf(previewed.id);
    // The preview shows an example link to the customer's page; the message sent carries a link of its own.
    const linkless = (text: string) => text.replace(/\/p\/(example-link-shown-in-previews-only|[A-Za-z0-9_-]{43})/g, '/p/<link>');
    expect(queued.map((row) => ({ ...row, text_body: linkless(row.text_body) }))).toEqual([{ channel: 'email', subject: preview.messages[0].subject, text_body: linkless(preview.messages[0].text) }]);
    expect(queued[0]!.text_body).toMatch(/\/p\/[A-Za-z0-9_-]{43}/);
    await runCollection(db, org, { asOf: AS_OF, now: NOW, customerIds: [previewed.id], send: false });
    expect(await outboxOf(previewed.id)).toHaveLength(1);
    const again = await as.collector.post(`/api/customers/${previewed.id}/next-step/send-now`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().localized_detail.en).toMatch(/^Nothing is due for this customer today/);
  });

  it('does not send a queued reminder about an invoice left out of reminders since, and frees the step', async () => {
    expect((await exclude(previewed.invoiceIds['F-5']!, 'Customer called: wrong delivery address')).statusCode).toBe(200);
    const transports = transportsFromConfig({ outboxDir: mkdtempSync(join(tmpdir(), 'relance-excluded-outbox-')) });
    await sendCollectionMessages(db, org, { now: NOW, workerId: 'test', transports });
    const [message] = await db.kysely.selectFrom('outbox_messages').select(['status', 'action_id']).where('customer_id', '=', previewed.id).execute();
    expect(message!.status).toBe('cancelled');
    const action = await db.kysely.selectFrom('collection_actions').select(['status', 'status_note']).where('id', '=', message!.action_id).executeTakeFirstOrThrow();
    expect(action).toEqual({ status: 'cancelled', status_note: 'invoice F-5 was left out of reminders: Customer called: wrong delivery address' });
  });

  it('sends nothing about an excluded invoice: a run after excluding the only one writes no message, and keeps the case open', async () => {
    expect((await exclude(single.invoiceIds['F-3']!, 'Being checked by accounting')).statusCode).toBe(200);
    const report = await runCollection(db, org, { asOf: AS_OF, now: NOW, customerIds: [single.id], send: false });
    expect(report.actions).toEqual([]);
    expect(await outboxOf(single.id)).toEqual([]);
    const view = await collection(single.id);
    expect(view.next_step).toMatchObject({ kind: 'none', why: 'paused' });
    expect(view.next_step.reason.en).toBe('Every open invoice is left out of reminders (F-3)');
    const preview = (await as.viewer.get(`/api/customers/${single.id}/next-step/preview`)).json();
    expect(preview).toMatchObject({ status: 'nothing_to_remind', why: 'paused' });
    const refused = await as.collector.post(`/api/customers/${single.id}/next-step/send-now`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().localized_detail).toEqual({ en: 'Nothing can be sent now: a pause applies to this customer.', fr: "Rien ne peut partir maintenant : une pause s'applique à ce client." });
  });

  it('reminds an invoice again once it is included, and says so on the timeline', async () => {
    const response = await as.collector.request('PUT', `/api/invoices/${single.invoiceIds['F-3']}/reminders`, { excluded: false });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ excluded: false, reason: null });
    const view = await collection(single.id);
    expect(view.excluded_invoices).toEqual([]);
    expect(view.next_step).toMatchObject({ kind: 'send', balance: eur('200.00') });
    expect(view.timeline.map((event: { kind: string }) => event.kind)).toEqual(expect.arrayContaining(['invoice_excluded', 'invoice_included']));
  });

  it('asks why an invoice is left out, and lets only collectors change it', async () => {
    const missing = await exclude(two.invoiceIds['F-2']!, '  ');
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors).toEqual([{ field: 'reason', message: 'say why the invoice is left out of reminders' }]);
    expect((await exclude(two.invoiceIds['F-2']!, 'Not mine', as.viewer)).statusCode).toBe(403);
    expect((await exclude(two.invoiceIds['F-2']!, 'Not mine', as.sales)).statusCode).toBe(403);
    expect((await as.sales.post(`/api/customers/${two.id}/next-step/send-now`, {})).statusCode).toBe(403);
  });

  it('refuses to send now while a hold applies, and the preview says nothing is to be reminded', async () => {
    expect((await as.collector.post(`/api/customers/${held.id}/holds`, { reason: 'Negotiating', until: '2025-06-30' })).statusCode).toBe(201);
    const refused = await as.collector.post(`/api/customers/${held.id}/next-step/send-now`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().localized_detail.en).toBe('Nothing can be sent now: a pause applies to this customer.');
    const preview = await as.viewer.get(`/api/customers/${held.id}/next-step/preview`);
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ status: 'nothing_to_remind', why: 'on_hold', next_on: '2025-07-01' });
    expect(await outboxOf(held.id)).toEqual([]);
  });

  it('draws up a three-instalment plan to the cent, and the plan agreed from it silences the invoices it covers', async () => {
    const response = await as.viewer.get(`/api/customers/${held.id}/payment-plans/proposal?instalments=3&first_due_date=2025-05-31&every=month`);
    expect(response.statusCode).toBe(200);
    const proposal = response.json();
    expect(proposal).toEqual({
      invoice_numbers: ['F-4'],
      total: eur('300.00'),
      instalments: [
        { due_date: '2025-05-31', amount: eur('100.00') },
        { due_date: '2025-06-30', amount: eur('100.00') },
        { due_date: '2025-07-31', amount: eur('100.00') },
      ],
    });
    const agreed = await as.collector.post(`/api/customers/${held.id}/payment-plans`, { invoice_numbers: proposal.invoice_numbers, instalments: proposal.instalments });
    expect(agreed.statusCode).toBe(201);
    const plans = (await collection(held.id)).payment_plans;
    expect(plans.at(-1).instalments).toEqual(proposal.instalments);
    const wrong = await as.viewer.get(`/api/customers/${held.id}/payment-plans/proposal?instalments=0&first_due_date=2025-05-31`);
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors[0].field).toBe('instalments');
  });

  it('records what a customer promised to pay with the promise, in the currency of the invoices promised', async () => {
    const promised = await as.collector.post(`/api/customers/${two.id}/promises`, { promised_on: '2025-05-30', amount: eur('400.00'), invoice_numbers: ['F-2'] });
    expect(promised.statusCode).toBe(201);
    const view = await collection(two.id);
    expect(view.promises.at(-1)).toMatchObject({ promised_on: '2025-05-30', amount: eur('400.00'), invoice_numbers: ['F-2'] });
    expect(view.timeline.at(-1).summary.en).toBe('Promise to pay 400.00 EUR of F-2 by 30 May 2025');
    const foreign = await as.collector.post(`/api/customers/${two.id}/promises`, { promised_on: '2025-05-30', amount: { amount: '400.00', currency: 'USD' } });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().errors[0].field).toBe('amount.currency');
  });

  it('answers "nothing to remind" for a customer with nothing open', async () => {
    const response = await as.viewer.get(`/api/customers/${settled.id}/next-step/preview`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'nothing_to_remind', why: 'nothing_open' });
  });
});
