import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { updateCustomer } from '../src/adapters/db/stores/customers.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transportsFromConfig } from '../src/adapters/channels/transports-from-config.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import { addDays, type PlainDate } from '../src/core/plain-date.js';
import { buildApp } from '../src/http/build-app.js';
import { eur, signIn, type ApiCaller } from './support/api-session.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const PASSWORD = 'collection secret';
const AS_OF = '2025-05-16';

describe.each(ENGINES)('collection API on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  const as: Record<'collector' | 'sales' | 'viewer', ApiCaller> = {} as never;
  let owned: { id: string; invoiceIds: Record<string, string> };
  let other: { id: string; invoiceIds: Record<string, string> };

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const org = await collectionOrganization(db);
    const users: Record<string, string> = {};
    for (const role of ['collector', 'sales', 'viewer'] as const) users[role] = (await createUser(db, org.id, { email: `${role}@atelier.test`, name: role, password: PASSWORD, role })).id;
    const a = await customerWithInvoices(db, org.id, 'C001', [['F-1', '2025-05-01', 1000_00], ['F-2', '2025-05-06', 500_00]]);
    await updateCustomer(db, org.id, a.customer.id, { owner_user_id: users.sales! });
    owned = { id: a.customer.id, invoiceIds: a.invoiceIds };
    const b = await customerWithInvoices(db, org.id, 'C002', [['F-3', '2025-05-01', 200_00]]);
    other = { id: b.customer.id, invoiceIds: b.invoiceIds };
    app = await buildApp({ db });
    await app.ready();
    for (const role of ['collector', 'sales', 'viewer'] as const) as[role] = await signIn(app, `${role}@atelier.test`, PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const nextStep = async (id: string) => (await as.viewer.get(`/api/customers/${id}/collection?as_of=${AS_OF}`)).json().next_step;

  it('explains the next step: the scenario, the step and why', async () => {
    const response = await as.viewer.get(`/api/customers/${owned.id}/collection?as_of=${AS_OF}`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.scenario).toMatchObject({ id: 'standard', source: 'default' });
    // Never contacted: the first reminder, however late the invoices are.
    expect(body.next_step).toMatchObject({ kind: 'send', steps: [{ id: 'courteous-reminder', channel: 'email' }], balance: eur('1500.00') });
    expect(body.next_step.reason.en).toBe('2 invoices are overdue, the oldest (F-1) by 15 days; scenario standard, step courteous reminder');
  });

  it('leaves a disputed invoice out of the next message, and brings it back once the dispute is rejected', async () => {
    const opened = await as.collector.post(`/api/customers/${owned.id}/disputes`, { invoice_id: owned.invoiceIds['F-1'], reason: 'not_delivered', note: 'Goods never arrived' });
    expect(opened.statusCode).toBe(201);
    const next = await nextStep(owned.id);
    expect(next.balance).toEqual(eur('500.00'));
    expect(next.reason.en).toMatch(/^Invoice F-2 is 10 days overdue/);
    const resolved = await as.collector.post(`/api/disputes/${opened.json().id}/resolve`, { resolution: 'rejected' });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toMatchObject({ status: 'resolved', resolution: 'rejected' });
    expect((await nextStep(owned.id)).balance).toEqual(eur('1500.00'));
  });

  it('refuses an unknown dispute reason', async () => {
    const response = await as.collector.post(`/api/customers/${owned.id}/disputes`, { invoice_id: owned.invoiceIds['F-1'], reason: 'late' });
    expect(response.statusCode).toBe(422);
  });

  it('refuses a payment plan whose instalments do not add up to what is open', async () => {
    const response = await as.collector.post(`/api/customers/${other.id}/payment-plans`, { instalments: [{ due_date: '2099-01-31', amount: eur('150.00') }] });
    expect(response.statusCode).toBe(422);
    expect(response.json().detail).toContain('add up to');
  });

  it('lets an account owner put their own account on hold, not anyone else; viewers may not', async () => {
    const own = await as.sales.post(`/api/customers/${owned.id}/holds`, { reason: 'Negotiating a new contract', until: '2099-06-30' });
    expect(own.statusCode).toBe(201);
    expect((await as.sales.post(`/api/customers/${other.id}/holds`, { reason: 'Not mine', until: '2099-06-30' })).statusCode).toBe(404);
    expect((await as.viewer.post(`/api/customers/${other.id}/holds`, { reason: 'Read only', until: '2099-06-30' })).statusCode).toBe(403);
    const body = (await as.viewer.get(`/api/customers/${owned.id}/collection?as_of=2099-01-01`)).json();
    expect(body.next_step).toMatchObject({ kind: 'none', why: 'on_hold', on: '2099-07-01' });
    expect(body.timeline.map((e: { kind: string }) => e.kind)).toContain('hold_added');
  });

  it('lists the tasks a person must do, and approves a held formal notice through the API', async () => {
    const org = (await db.kysely.selectFrom('organizations').selectAll().executeTakeFirstOrThrow());
    // Day by day from 16 May: the reminders go out first, each at 09:30 Paris time on business days.
    const transports = transportsFromConfig({ outboxDir: mkdtempSync(join(tmpdir(), 'relance-approval-outbox-')) });
    for (let day = AS_OF as PlainDate; day <= '2025-06-05'; day = addDays(day, 1)) {
      await runCollection(db, org, { asOf: day, now: new Date(`${day}T07:30:00Z`), transports, customerIds: [other.id] });
    }
    const approvals = (await as.collector.get(`/api/tasks?kind=approval&status=open&customer=${other.id}`)).json().items;
    expect(approvals.map((t: { step_id: string }) => t.step_id)).toEqual(['formal-notice']);
    // A sales user sees the tasks of the accounts they own only.
    expect((await as.sales.get('/api/tasks')).json().items.map((t: { customer_id: string }) => t.customer_id)).not.toContain(other.id);
    expect((await as.viewer.post(`/api/tasks/${approvals[0].id}/approve`, {})).statusCode).toBe(403);

    const approved = await as.collector.post(`/api/tasks/${approvals[0].id}/approve`, {});
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ result: 'queued', action: { step_id: 'formal-notice', status: 'planned' } });
    const messages = await db.kysely.selectFrom('outbox_messages').select(['channel', 'text_body', 'created_at']).where('customer_id', '=', other.id).orderBy('created_at').execute();
    expect(messages.map((m) => m.channel)).toEqual(['email', 'email', 'letter', 'registered_letter']);
    const notice = messages[3]!.text_body;
    expect(notice).toContain('F-3');
    // The formal notice cites the reminders that really went out, with their dates.
    expect(notice).toContain('despite our reminders of 16 May 2025 and 23 May 2025');
    expect((await as.collector.post(`/api/tasks/${approvals[0].id}/approve`, {})).statusCode).toBe(409);
  });
});
