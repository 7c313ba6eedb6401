import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { addTimelineEvent } from '../src/adapters/db/stores/collection-timeline.js';
import { createCustomer } from '../src/adapters/db/stores/customers.js';
import { createInvoice, createPayment, insertAllocation } from '../src/adapters/db/stores/documents.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { importFile } from '../src/app/import/import-file.js';
import { fileSource } from '../src/app/import/import-source.js';
import { enqueueMessage } from '../src/app/outbox/enqueue-message.js';
import { buildApp } from '../src/http/build-app.js';
import { eur, signIn, type ApiCaller } from './support/api-session.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const PASSWORD = 'correct horse battery';
const NOW = new Date('2025-03-10T10:00:00Z');
const TODAY = '2025-03-10';

interface Entry {
  id: string;
  kind: string;
  type: string;
  occurred_on: string;
  occurred_at: string;
  summary: { en: string; fr: string };
  author: { type: string; name: string } | null;
  status: string | null;
  links: { message?: string; document?: string };
}

describe.each(ENGINES)('customer timeline, notes and list status on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let admin: ApiCaller;
  let viewer: ApiCaller;
  let sales: ApiCaller;
  let bravoAdmin: ApiCaller;
  let customerId: string;
  let heldId: string;
  let bravoCustomerId: string;
  let messageId: string;

  const timeline = async (query = ''): Promise<{ items: Entry[]; total: number }> => {
    const response = await admin.get(`/api/customers/${customerId}/timeline${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const org = await createOrganization(db, { name: 'Alpha', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    const bravo = await createOrganization(db, { name: 'Bravo', country: 'BE', currency: 'EUR', timeZone: 'Europe/Brussels', locale: 'fr' });
    await createUser(db, org.id, { email: 'admin@alpha.test', name: 'Alice Martin', password: PASSWORD, role: 'admin' });
    await createUser(db, org.id, { email: 'viewer@alpha.test', name: 'Victor Viewer', password: PASSWORD, role: 'viewer' });
    const salesUser = await createUser(db, org.id, { email: 'sales@alpha.test', name: 'Sam Sales', password: PASSWORD, role: 'sales' });
    await createUser(db, bravo.id, { email: 'admin@bravo.test', name: 'Bruno Bravo', password: PASSWORD, role: 'admin' });

    const customer = await createCustomer(db, org.id, { externalRef: 'C-1', name: 'Dupont SARL', ownerUserId: salesUser.id });
    customerId = customer.id;
    const invoice = await createInvoice(db, org.id, { customerId, number: 'F-1', issueDate: '2025-01-01', dueDate: '2025-01-31', currency: 'EUR', amountMinor: 1000_00 });
    await createInvoice(db, org.id, { customerId, number: 'F-2', issueDate: '2025-01-15', dueDate: '2025-02-14', currency: 'EUR', amountMinor: 600_00 });
    const payment = await createPayment(db, org.id, { customerId, reference: 'VIR-77', receivedOn: '2025-02-03', currency: 'EUR', amountMinor: 300_00 });
    await insertAllocation(db, org.id, { invoiceId: invoice.id, paymentId: payment.id, amountMinor: 300_00, allocatedOn: '2025-02-03' });

    // An invoice that came from a file: the import shows on this customer's timeline.
    const folder = mkdtempSync(join(tmpdir(), 'relance-timeline-'));
    const file = join(folder, 'factures-mars.csv');
    writeFileSync(file, 'Invoice Number,Customer Code,Customer Name,Invoice Date,Due Date,Amount,Currency\nF-3,C-1,Dupont SARL,2025-02-01,2025-03-03,250.00,EUR\n');
    await importFile(db, org.id, 'invoices', fileSource(file, 'factures-mars.csv'));
    // Dated in the days of this ledger, as a real import of that day would be.
    await db.kysely.updateTable('invoices').set({ created_at: '2025-03-01T08:59:59.000Z' }).where('number', '=', 'F-3').execute();
    await db.kysely.updateTable('imports').set({ created_at: '2025-03-01T09:00:00.000Z' }).where('organization_id', '=', org.id).execute();

    // A message the run decided and the outbox sent: its decision and the message are one exchange.
    const message = await enqueueMessage(db, org.id, {
      actionId: 'action-reminder-1', customerId, channel: 'email', recipient: { email: 'ap@dupont.test' },
      sender: { name: 'Accounts' }, subject: 'Your invoices F-1 and F-2', text: 'Reminder', invoiceIds: [invoice.id], notBefore: '2025-03-04T08:00:00Z',
    });
    messageId = message.id;
    await db.kysely.updateTable('outbox_messages').set({ status: 'sent', sent_at: '2025-03-04T08:01:00Z', document_path: 'outbox/reminder-1.eml' }).where('id', '=', messageId).execute();
    await addTimelineEvent(db, org.id, { customerId, occurredOn: '2025-03-04', kind: 'action_planned', summary: { en: 'Reminder 1: overdue', fr: 'Relance 1 : échu' }, subjectId: 'action-reminder-1' });

    const held = await createCustomer(db, org.id, { externalRef: 'C-2', name: 'Martin SA' });
    heldId = held.id;
    await createInvoice(db, org.id, { customerId: heldId, number: 'G-1', issueDate: '2025-01-01', dueDate: '2025-01-31', currency: 'EUR', amountMinor: 400_00 });
    const bravoCustomer = await createCustomer(db, bravo.id, { externalRef: 'B-1', name: 'Bravo Client' });
    bravoCustomerId = bravoCustomer.id;

    app = await buildApp({ db, now: () => NOW });
    await app.ready();
    admin = await signIn(app, 'admin@alpha.test', PASSWORD);
    viewer = await signIn(app, 'viewer@alpha.test', PASSWORD);
    sales = await signIn(app, 'sales@alpha.test', PASSWORD);
    bravoAdmin = await signIn(app, 'admin@bravo.test', PASSWORD);

    // The journey of the acceptance: promise, dispute opened and settled, three instalments, a call logged, a note.
    const step = async (url: string, body: unknown) => {
      const response = await admin.post(url, body);
      expect(response.statusCode, `${url}: ${response.body}`).toBe(201);
      return response.json();
    };
    await step(`/api/customers/${customerId}/promises`, { promised_on: '2025-03-20' });
    const dispute = await step(`/api/customers/${customerId}/disputes`, { invoice_number: 'F-2', reason: 'price' });
    const resolved = await admin.post(`/api/disputes/${dispute.id}/resolve`, { resolution: 'rejected', note: 'Price as agreed' });
    expect(resolved.statusCode, resolved.body).toBe(200);
    await step(`/api/customers/${customerId}/payment-plans`, {
      invoice_numbers: ['F-1'],
      instalments: [
        { due_date: '2025-03-31', amount: eur('250.00') },
        { due_date: '2025-04-30', amount: eur('250.00') },
        { due_date: '2025-05-31', amount: eur('200.00') },
      ],
    });
    await step(`/api/customers/${customerId}/contact-log`, { channel: 'call', on: TODAY, note: 'Spoke to accounts payable' });
    await step(`/api/customers/${customerId}/notes`, { text: 'The CFO prefers calls after 2 pm.' });

    await step(`/api/customers/${heldId}/disputes`, { invoice_number: 'G-1', reason: 'not_delivered' });
    await step(`/api/customers/${heldId}/holds`, { reason: 'Talking to their CFO', until: '2025-04-15' });
    const bravoNote = await bravoAdmin.post(`/api/customers/${bravoCustomerId}/notes`, { text: 'Bravo secret note' });
    expect(bravoNote.statusCode, bravoNote.body).toBe(201);
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('answers a note as the timeline shows it: the text, the author and the day', async () => {
    const response = await admin.post(`/api/customers/${customerId}/notes`, { text: '  Second note\non two lines  ' });
    expect(response.statusCode, response.body).toBe(201);
    const note = response.json<Entry>();
    expect(note).toMatchObject({ kind: 'note', occurred_on: TODAY, summary: { en: 'Second note\non two lines' }, author: { type: 'user', name: 'Alice Martin' } });
    const { items } = await timeline();
    expect(items[0]!.id).toBe(note.id);
    await db.kysely.deleteFrom('customer_notes').where('id', '=', note.id).execute();
  });

  it('lists the journey newest first: note, call, plan, dispute settled, dispute opened, promise', async () => {
    const { items, total } = await timeline('?limit=100');
    expect(total).toBe(items.length);
    const journey = items.map((entry) => entry.type).filter((type) => ['note', 'contact_logged', 'payment_plan_added', 'dispute_resolved', 'dispute_opened', 'promise_added'].includes(type));
    expect(journey).toEqual(['note', 'contact_logged', 'payment_plan_added', 'dispute_resolved', 'dispute_opened', 'promise_added']);
    expect(items[0]).toMatchObject({ kind: 'note', summary: { en: 'The CFO prefers calls after 2 pm.' }, author: { name: 'Alice Martin' } });
    expect(items.find((entry) => entry.type === 'promise_added')!.author).toMatchObject({ name: 'Alice Martin' });
    const order = items.map((entry) => `${entry.occurred_on} ${entry.occurred_at}`);
    expect(order).toEqual([...order].sort().reverse());
  });

  it('shows each exchange once: the sent message with its links, not also the decision to send it', async () => {
    const { items } = await timeline('?limit=100');
    expect(new Set(items.map((entry) => entry.id)).size).toBe(items.length);
    const messages = items.filter((entry) => entry.kind === 'message');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ occurred_on: '2025-03-04', status: 'sent', links: { message: `/api/outbox/${messageId}`, document: `/api/outbox/${messageId}/document` }, summary: { en: 'Email “Your invoices F-1 and F-2” sent' } });
    expect(items.filter((entry) => entry.type === 'action_planned')).toHaveLength(0);
    expect(items.filter((entry) => entry.type === 'contact_logged')).toHaveLength(1);
  });

  it('shows payments, what they settled, and the import that changed the account', async () => {
    const { items } = await timeline('?kind=payment,import');
    // The payment and its allocation were recorded the same day, a moment apart.
    expect(items[0]!.summary.en).toBe('Import of invoices from factures-mars.csv: this account changed');
    expect(items.slice(1).map((entry) => entry.summary.en).sort()).toEqual(['Payment VIR-77 received: €300.00', '€300.00 of payment VIR-77 put on invoice F-1']);
    const payment = items.find((entry) => entry.type === 'payment')!;
    expect(payment.summary.fr.replace(/\s/g, ' ')).toBe('Paiement VIR-77 reçu : 300,00 €');
  });

  it('filters by kind', async () => {
    const pauses = await timeline('?kind=pause');
    expect(pauses.items.map((entry) => entry.type)).toEqual(['payment_plan_added', 'dispute_resolved', 'dispute_opened', 'promise_added']);
    const notes = await timeline('?kind=note');
    expect(notes.items.map((entry) => entry.kind)).toEqual(['note']);
    expect((await admin.get(`/api/customers/${customerId}/timeline?kind=gossip`)).statusCode).toBe(422);
  });

  it('pages through the whole timeline without losing or repeating an entry', async () => {
    const all = await timeline('?limit=100');
    const seen: string[] = [];
    for (let offset = 0; offset < all.total; offset += 3) {
      const page = await timeline(`?limit=3&offset=${offset}`);
      expect(page.total).toBe(all.total);
      seen.push(...page.items.map((entry) => entry.id));
    }
    expect(seen).toEqual(all.items.map((entry) => entry.id));
  });

  it("never shows another organization's customer or notes", async () => {
    expect((await admin.get(`/api/customers/${bravoCustomerId}/timeline`)).statusCode).toBe(404);
    expect((await admin.post(`/api/customers/${bravoCustomerId}/notes`, { text: 'hello' })).statusCode).toBe(404);
    const { items } = await timeline('?limit=100');
    expect(JSON.stringify(items)).not.toContain('Bravo');
  });

  it('lets account owners write notes on their own accounts, and viewers only read', async () => {
    expect((await viewer.post(`/api/customers/${customerId}/notes`, { text: 'A viewer note' })).statusCode).toBe(403);
    expect((await viewer.get(`/api/customers/${customerId}/timeline`)).statusCode).toBe(200);
    expect((await sales.post(`/api/customers/${heldId}/notes`, { text: 'Not my account' })).statusCode).toBe(404);
    const own = await sales.post(`/api/customers/${customerId}/notes`, { text: 'Owner note' });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json<Entry>().author).toMatchObject({ name: 'Sam Sales' });
    expect((await admin.post(`/api/customers/${customerId}/notes`, { text: '   ' })).statusCode).toBe(422);
  });

  it('shows on the customer list what holds each account, the next action and the last contact', async () => {
    const response = await admin.get('/api/customers?sort=reference');
    expect(response.statusCode, response.body).toBe(200);
    const rows = response.json<{ items: Array<{ reference: string; status: string[]; next_action: { kind: string; on: string } | null; last_contact_on: string | null }> }>().items;
    const dupont = rows.find((row) => row.reference === 'C-1')!;
    expect(dupont.status).toEqual(['promise', 'plan']);
    expect(dupont.last_contact_on).toBe(TODAY);
    expect(dupont.next_action).toEqual({ kind: 'promise_due', on: '2025-03-20' });
    const martin = rows.find((row) => row.reference === 'C-2')!;
    expect(martin.status).toEqual(['in_dispute', 'hold']);
    expect(martin.next_action).toEqual({ kind: 'dispute', on: TODAY });
    expect(martin.last_contact_on).toBeNull();
  });
});
