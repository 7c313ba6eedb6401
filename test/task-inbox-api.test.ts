import type { FastifyInstance } from 'fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { pdfWords } from '../src/adapters/channels/pdf-words.test-support.js';
import { transportsFromConfig } from '../src/adapters/channels/transports-from-config.js';
import { insertTaskOnce } from '../src/adapters/db/stores/collection-tasks.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import { sendCollectionMessages } from '../src/app/collection/send-collection-messages.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { buildApp } from '../src/http/build-app.js';
import { eur, signIn, type ApiCaller, type ApiResponse } from './support/api-session.js';
import { alreadyReminded, collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const PASSWORD = 'inbox secret words';
const DAY = '2025-05-05' as PlainDate;
// Monday 5 May 2025, 10:00 in Paris: inside business hours.
const NOW = new Date('2025-05-05T08:00:00Z');

/** The body of a binary answer (a PDF) as bytes. */
const bytes = (response: ApiResponse) => (response as unknown as { rawPayload: Buffer }).rawPayload;

interface InboxTask {
  id: string;
  kind: string;
  customer: { id: string; reference: string; name: string };
  amount: { amount: string; currency: string } | null;
  invoice_numbers: string[];
  assignee: { id: string; name: string } | null;
}

describe.each(ENGINES)('task inbox API on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let org: OrganizationRow;
  let collector: ApiCaller;
  let viewer: ApiCaller;
  let collectorId: string;
  let strangerId: string;
  const customerIds: Record<string, string> = {};
  const amounts = { A: 1000_00, B: 5000_00, C: 3000_00, D: 2000_00, E: 4000_00 } as const;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    org = await collectionOrganization(db);
    collectorId = (await createUser(db, org.id, { email: 'anna@atelier.test', name: 'Anna Martin', password: PASSWORD, role: 'collector' })).id;
    await createUser(db, org.id, { email: 'viewer@atelier.test', name: 'Victor', password: PASSWORD, role: 'viewer' });
    const elsewhere = await createOrganization(db, { name: 'Elsewhere', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    strangerId = (await createUser(db, elsewhere.id, { email: 'someone@elsewhere.test', name: 'Someone', password: PASSWORD, role: 'collector' })).id;
    // Each customer had its two reminders and a letter: the formal notice, which needs a person's approval, is due.
    for (const [ref, amount] of Object.entries(amounts)) {
      const { customer } = await customerWithInvoices(db, org.id, ref, [[`F-${ref}`, '2025-04-01', amount]]);
      await alreadyReminded(db, org.id, customer.id, [['courteous-reminder', '2025-04-04'], ['firm-reminder', '2025-04-16'], ['firm-reminder-letter', '2025-04-16']]);
      customerIds[ref] = customer.id;
    }
    await runCollection(db, org, { asOf: DAY, now: NOW, send: false });
    app = await buildApp({ db, now: () => NOW });
    await app.ready();
    collector = await signIn(app, 'anna@atelier.test', PASSWORD);
    viewer = await signIn(app, 'viewer@atelier.test', PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const page = async (query: string) => {
    const response = await viewer.get(`/api/tasks?kind=approval&status=open&${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { items: InboxTask[]; total: number; limit: number; offset: number };
  };

  it('pages the inbox and sorts it by amount at stake, with the customer, the amount and the invoices on each task', async () => {
    const first = await page('sort=amount&limit=2');
    expect(first.total).toBe(5);
    expect(first.items.map((task) => task.amount)).toEqual([eur('5000.00'), eur('4000.00')]);
    expect(first.items[0]).toMatchObject({ customer: { reference: 'B', name: 'Customer B' }, invoice_numbers: ['F-B'], assignee: null });
    const second = await page('sort=amount&limit=2&offset=2');
    expect(second.items.map((task) => task.customer.reference)).toEqual(['C', 'D']);
    const third = await page('sort=amount&limit=2&offset=4');
    expect(third.items.map((task) => task.customer.reference)).toEqual(['A']);
    // Priority: everything is due today, so the largest amount comes first there too.
    expect((await page('sort=priority&limit=1')).items[0]!.customer.reference).toBe('B');
    const byDate = await page('sort=due_date&limit=5');
    expect(new Set(byDate.items.map((task) => task.customer.reference))).toEqual(new Set(['A', 'B', 'C', 'D', 'E']));
  });

  it('puts what is due first under "priority", each part by amount at stake, and pages across the two', async () => {
    const call = (dedupe: string, dueOn: string) =>
      insertTaskOnce(db, org.id, {
        customer_id: customerIds.A!, case_id: null, action_id: null, kind: 'call', step_id: null, dedupe_key: dedupe,
        title_en: dedupe, title_fr: dedupe, detail: null, due_on: dueOn, assignee_user_id: null, created_on: DAY,
      });
    await call('call-later', '2025-06-02');
    await call('call-overdue', '2025-04-30');
    const all = (await viewer.get('/api/tasks?status=open&sort=priority')).json().items as (InboxTask & { title: { en: string } })[];
    expect(all.map((task) => (task.kind === 'call' ? task.title.en : task.customer.reference))).toEqual(['B', 'E', 'C', 'D', 'A', 'call-overdue', 'call-later']);
    const across = (await viewer.get('/api/tasks?status=open&sort=priority&limit=2&offset=5')).json();
    expect(across.total).toBe(7);
    expect(across.items.map((task: { title: { en: string } }) => task.title.en)).toEqual(['call-overdue', 'call-later']);
    await db.kysely.deleteFrom('collection_tasks').where('kind', '=', 'call').execute();
  });

  it('assigns a task to a collector, filters by owner, and refuses a user of another organization', async () => {
    const [task] = (await page('sort=amount&limit=1&offset=3')).items;
    const assigned = await collector.request('PUT', `/api/tasks/${task!.id}/assignee`, { user_id: collectorId });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json().assignee).toEqual({ id: collectorId, name: 'Anna Martin' });
    expect((await collector.get('/api/tasks?owner=me&kind=approval')).json().items.map((t: InboxTask) => t.id)).toEqual([task!.id]);
    expect((await page(`owner=${collectorId}`)).total).toBe(1);
    expect((await page('owner=unassigned')).total).toBe(4);
    const stranger = await collector.request('PUT', `/api/tasks/${task!.id}/assignee`, { user_id: strangerId });
    expect(stranger.statusCode).toBe(404);
    expect((await viewer.request('PUT', `/api/tasks/${task!.id}/assignee`, { user_id: null })).statusCode).toBe(403);
    expect((await collector.request('PUT', `/api/tasks/${task!.id}/assignee`, { user_id: null })).json().assignee).toBeNull();
  });

  it('reassigns, rejects and approves several tasks in one request, and says in words which could not be done', async () => {
    const tasks = (await page('sort=amount&limit=5')).items;
    const [b, e, c, d, a] = tasks.map((task) => task.id) as [string, string, string, string, string];

    const reassigned = (await collector.post('/api/tasks/bulk', { action: 'reassign', task_ids: [b, e], assignee_user_id: collectorId })).json();
    expect(reassigned).toMatchObject({ done: 2, failed: 0 });
    expect((await page('owner=me')).total).toBe(0);
    expect((await collector.get('/api/tasks?owner=me&kind=approval')).json().total).toBe(2);

    const rejected = (await collector.post('/api/tasks/bulk', { action: 'reject', task_ids: [a], reason: 'Customer called: paying this week' })).json();
    expect(rejected.items[0]).toMatchObject({ ok: true, result: 'rejected', note: 'Customer called: paying this week' });

    const approved = await collector.post('/api/tasks/bulk', { action: 'approve', task_ids: [b, e, a] });
    expect(approved.statusCode, approved.body).toBe(200);
    const body = approved.json();
    expect(body).toMatchObject({ done: 2, failed: 1 });
    expect(body.items.slice(0, 2).map((item: { result: string }) => item.result)).toEqual(['queued', 'queued']);
    expect(body.items[2]).toMatchObject({ id: a, ok: false, result: 'error', error: { message: { en: 'This task was already dealt with by someone else.' } } });
    expect(body.items[2].error.message.fr).toMatch(/déjà été traitée/);
    expect((await page('')).items.map((task) => task.id).sort()).toEqual([c, d].sort());

    expect((await viewer.post('/api/tasks/bulk', { action: 'approve', task_ids: [c] })).statusCode).toBe(403);
    expect((await collector.post('/api/tasks/bulk', { action: 'reassign', task_ids: [c], assignee_user_id: strangerId })).statusCode).toBe(404);
  });

  it("refuses a bulk request naming another organization's task, and changes nothing", async () => {
    const other = await collectionOrganization(db, 'Autre Atelier');
    const { customer } = await customerWithInvoices(db, other.id, 'Z', [['F-Z', '2025-04-01', 900_00]]);
    await alreadyReminded(db, other.id, customer.id, [['courteous-reminder', '2025-04-04'], ['firm-reminder', '2025-04-16'], ['firm-reminder-letter', '2025-04-16']]);
    await runCollection(db, other, { asOf: DAY, now: NOW, send: false });
    const foreign = await db.kysely.selectFrom('collection_tasks').select('id').where('organization_id', '=', other.id).where('kind', '=', 'approval').executeTakeFirstOrThrow();
    const own = (await page('limit=1')).items[0]!;
    const response = await collector.post('/api/tasks/bulk', { action: 'approve', task_ids: [own.id, foreign.id] });
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain('Customer Z');
    expect((await page('')).items.map((task) => task.id)).toContain(own.id);
    const still = await db.kysely.selectFrom('collection_tasks').select('status').where('id', '=', foreign.id).executeTakeFirstOrThrow();
    expect(still.status).toBe('open');
  });

  it("puts the day's registered letters into one PDF for the post room, one letter after the other", async () => {
    const outboxDir = mkdtempSync(join(tmpdir(), 'relance-letters-'));
    // Approved formal notices leave as registered letters, kept as PDFs for a person to post.
    const sent = await sendCollectionMessages(db, org, { now: new Date('2025-05-05T09:00:00Z'), workerId: 'w1', transports: transportsFromConfig({ outboxDir }) });
    expect(sent.kept).toBe(2);
    const letters = (await viewer.get('/api/outbox?channel=registered_letter&status=kept')).json().items as { id: string; customer: { name: string } }[];
    expect(letters).toHaveLength(2);

    const response = await viewer.get(`/api/outbox/letters.pdf?date=${DAY}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const merged = bytes(response);
    let pages = 0;
    for (const letter of letters) pages += (await PDFDocument.load(bytes(await viewer.get(`/api/outbox/${letter.id}/document`)))).getPageCount();
    expect((await PDFDocument.load(merged)).getPageCount()).toBe(pages);
    const words = (await pdfWords(merged)).join(' ');
    for (const letter of letters) expect(words).toContain(letter.customer.name);

    const none = await viewer.get('/api/outbox/letters.pdf?date=2025-05-06');
    expect(none.statusCode).toBe(404);
    expect(none.json().localized_detail.en).toBe('No letter left on 6 May 2025: there is nothing to print.');
    expect((await viewer.get('/api/outbox/letters.pdf')).statusCode).toBe(422);
  });
});
