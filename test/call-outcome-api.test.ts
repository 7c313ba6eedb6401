import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { buildApp } from '../src/http/build-app.js';
import { signIn, type ApiCaller } from './support/api-session.js';
import { alreadyReminded, collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase, freshDatabaseUrl } from './support/engines.js';

const PASSWORD = 'call outcome secret';
// Invoices fall due on Monday 2 June 2025; the standard scenario's phone call is due 8 days later.
const DUE = '2025-06-02';
const CALL_DAY = '2025-06-10';
const CUSTOMERS = ['REACH', 'PROMISE', 'DISPUTE', 'NOANSWER', 'DOUBLE', 'ERRORS'] as const;
type Ref = (typeof CUSTOMERS)[number];

interface TaskJson {
  id: string;
  kind: string;
  status: string;
  title: { en: string; fr: string };
  detail: string | null;
  due_on: string;
  attempt: number;
  outcome: string | null;
  call_outcome: Record<string, unknown> | null;
  retry_task?: TaskJson | null;
}

/** A French organization whose customers each have one overdue invoice and, after the run of 10 June, a call task. */
async function seedCalls(db: Db): Promise<{ organization: OrganizationRow; customers: Record<Ref, string> }> {
  const organization = await collectionOrganization(db);
  const customers = {} as Record<Ref, string>;
  // Above the standard scenario's EUR 10,000 for a call, and reminded a week before the call.
  for (const ref of CUSTOMERS) {
    customers[ref] = (await customerWithInvoices(db, organization.id, ref, [[`${ref}-F1`, DUE, 12_000_00]])).customer.id;
    await alreadyReminded(db, organization.id, customers[ref]!, [['courteous-reminder', '2025-06-03']]);
  }
  await runCollection(db, organization, { asOf: CALL_DAY as PlainDate, now: new Date(`${CALL_DAY}T05:00:00Z`), send: false });
  return { organization, customers };
}

describe.each(ENGINES)('call outcomes through the API on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let customers: Record<Ref, string>;
  // The organization's clock: Friday 13 June 2025, 10:00 in Paris, moved on by the tests.
  let clock = new Date('2025-06-13T08:00:00Z');
  const as: Record<'collector' | 'viewer', ApiCaller> = {} as never;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const seeded = await seedCalls(db);
    customers = seeded.customers;
    for (const role of ['collector', 'viewer'] as const) await createUser(db, seeded.organization.id, { email: `${role}@atelier.test`, name: role, password: PASSWORD, role });
    app = await buildApp({ db, now: () => clock });
    await app.ready();
    for (const role of ['collector', 'viewer'] as const) as[role] = await signIn(app, `${role}@atelier.test`, PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const callTasks = async (ref: Ref, status: 'open' | 'done' = 'open'): Promise<TaskJson[]> =>
    (await as.viewer.get(`/api/tasks?kind=call&status=${status}&customer=${customers[ref]}`)).json().items;
  const openCall = async (ref: Ref): Promise<TaskJson> => {
    const open = await callTasks(ref);
    expect(open).toHaveLength(1);
    return open[0]!;
  };
  const collection = async (ref: Ref, asOf: string) => (await as.viewer.get(`/api/customers/${customers[ref]}/collection?as_of=${asOf}`)).json();
  const record = (taskId: string, body: unknown) => as.collector.post(`/api/tasks/${taskId}/call-outcome`, body);

  it('shows the call script on the call task, and records "reached" with what was said', async () => {
    const task = await openCall('REACH');
    expect(task).toMatchObject({ attempt: 1, call_outcome: null, due_on: CALL_DAY });
    expect(task.detail).toContain('Points for the call');
    expect(task.detail).toContain('REACH-F1');

    const withoutNote = await record(task.id, { outcome: 'reached' });
    expect(withoutNote.statusCode).toBe(422);
    expect(withoutNote.json().errors).toEqual([{ field: 'note', message: 'is required' }]);

    const response = await record(task.id, { outcome: 'reached', note: 'Spoke to the CFO: payment run on Friday' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      id: task.id,
      status: 'done',
      outcome: 'reached: Spoke to the CFO: payment run on Friday',
      call_outcome: { outcome: 'reached', note: 'Spoke to the CFO: payment run on Friday' },
      retry_task: null,
    });
    expect(await callTasks('REACH')).toEqual([]);
    expect((await callTasks('REACH', 'done'))[0]).toMatchObject({ id: task.id, call_outcome: { outcome: 'reached' } });
    const timeline = (await collection('REACH', '2025-06-13')).timeline;
    expect(timeline.at(-1)).toMatchObject({ on: '2025-06-13', kind: 'call_reached', summary: { en: 'Call made (attempt 1): customer reached — Spoke to the CFO: payment run on Friday' } });
  });

  it('turns a promise made on the phone into a pause of the reminders', async () => {
    // Before the call, the firm reminder is due on 17 June.
    expect((await collection('PROMISE', '2025-06-17')).next_step).toMatchObject({ kind: 'send', steps: [{ id: 'firm-reminder' }, { id: 'firm-reminder-letter' }] });
    const task = await openCall('PROMISE');
    const response = await record(task.id, { outcome: 'promise', promised_on: '2025-06-20', note: 'Transfer ordered for the 20th' });
    expect(response.statusCode, response.body).toBe(200);
    const promiseId = response.json().call_outcome.promise_id;
    expect(response.json()).toMatchObject({
      status: 'done',
      call_outcome: { outcome: 'promise', promised_on: '2025-06-20', grace_days: 3, invoice_numbers: ['PROMISE-F1'], note: 'Transfer ordered for the 20th' },
    });

    const after = await collection('PROMISE', '2025-06-17');
    expect(after.promises).toEqual([expect.objectContaining({ id: promiseId, promised_on: '2025-06-20', grace_days: 3, invoice_numbers: ['PROMISE-F1'] })]);
    expect(after.next_step).toMatchObject({ kind: 'none', why: 'paused' });
    expect(after.timeline.map((event: { kind: string }) => event.kind)).toEqual(expect.arrayContaining(['promise_added', 'call_promise']));
  });

  it('refuses a promise for a day gone by, and leaves the call open', async () => {
    const task = await openCall('ERRORS');
    const response = await record(task.id, { outcome: 'promise', promised_on: '2025-06-12' });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([expect.objectContaining({ field: 'promised_on' })]);
    expect(await openCall('ERRORS')).toMatchObject({ id: task.id, status: 'open', call_outcome: null });
    expect((await collection('ERRORS', '2025-06-13')).promises).toEqual([]);

    // Nor does a free-text "done" close it: that would lose the retry or the promise.
    const freeText = await as.collector.post(`/api/tasks/${task.id}/complete`, { outcome: 'Called them' });
    expect(freeText.statusCode).toBe(422);
    expect(freeText.json().detail).toContain('POST /api/tasks/{id}/call-outcome');
    expect(await openCall('ERRORS')).toMatchObject({ id: task.id, status: 'open', outcome: null });
  });

  it('opens a dispute from the call: the invoice is no longer reminded and a dispute task appears', async () => {
    const task = await openCall('DISPUTE');
    const unknown = await record(task.id, { outcome: 'dispute', invoice_number: 'NOPE-1', reason: 'not_delivered' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().errors).toEqual([expect.objectContaining({ field: 'invoice_number' })]);
    const badReason = await record(task.id, { outcome: 'dispute', invoice_number: 'DISPUTE-F1', reason: 'late' });
    expect(badReason.statusCode).toBe(422);
    expect(badReason.json().errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    // Nothing of the refused attempts remains.
    expect((await collection('DISPUTE', '2025-06-13')).disputes).toEqual([]);

    const response = await record(task.id, { outcome: 'dispute', invoice_number: 'DISPUTE-F1', reason: 'not_delivered', note: 'Pallet never arrived' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ status: 'done', call_outcome: { outcome: 'dispute', invoice_number: 'DISPUTE-F1', reason: 'not_delivered', note: 'Pallet never arrived' } });
    const after = await collection('DISPUTE', '2025-06-17');
    expect(after.disputes).toEqual([expect.objectContaining({ id: response.json().call_outcome.dispute_id, invoice: expect.objectContaining({ number: 'DISPUTE-F1' }), reason: 'not_delivered', status: 'open' })]);
    expect(after.next_step.kind).toBe('none');
    expect(after.tasks).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'dispute', status: 'open' })]));

    // The dispute task is not a call: answering it as one is refused, naming the field.
    const disputeTask = after.tasks.find((t: { kind: string }) => t.kind === 'dispute');
    const notACall = await record(disputeTask.id, { outcome: 'reached', note: 'Hello' });
    expect(notACall.statusCode).toBe(422);
    expect(notACall.json().errors).toEqual([expect.objectContaining({ field: 'id' })]);
  });

  it('calls again two business days later when nobody answers, and gives up after the third attempt', async () => {
    const first = await openCall('NOANSWER');
    clock = new Date('2025-06-13T08:00:00Z'); // Friday
    const one = await record(first.id, { outcome: 'no_answer' });
    expect(one.statusCode, one.body).toBe(200);
    // Friday + 2 business days, over the weekend: Tuesday.
    expect(one.json()).toMatchObject({ status: 'done', attempt: 1, call_outcome: { outcome: 'no_answer', retry_due_on: '2025-06-17', unreachable: false } });
    const second = await openCall('NOANSWER');
    expect(second).toMatchObject({ id: one.json().retry_task.id, attempt: 2, due_on: '2025-06-17', detail: first.detail });
    expect(second.title.en).toBe(`${first.title.en} (attempt 2 of 3)`);
    expect(second.title.fr).toBe(`${first.title.fr} (tentative 2 sur 3)`);

    clock = new Date('2025-06-17T08:00:00Z'); // Tuesday
    const two = await record(second.id, { outcome: 'no_answer', note: 'Voicemail full' });
    expect(two.json()).toMatchObject({ attempt: 2, call_outcome: { retry_due_on: '2025-06-19', note: 'Voicemail full' }, retry_task: { attempt: 3, due_on: '2025-06-19' } });
    const third = await openCall('NOANSWER');

    clock = new Date('2025-06-19T08:00:00Z'); // Thursday
    const three = await record(third.id, { outcome: 'no_answer' });
    expect(three.statusCode, three.body).toBe(200);
    expect(three.json()).toMatchObject({ status: 'done', attempt: 3, retry_task: null, call_outcome: { outcome: 'no_answer', retry_task_id: null, unreachable: true } });
    expect(three.json().outcome).toContain('could not be reached');
    // No fourth attempt: no call is left open, and the scenario goes on with its written steps.
    expect(await callTasks('NOANSWER')).toEqual([]);
    expect((await callTasks('NOANSWER', 'done')).map((t) => t.attempt).sort()).toEqual([1, 2, 3]);
    const after = await collection('NOANSWER', '2025-06-19');
    expect(after.timeline.filter((e: { kind: string }) => e.kind.startsWith('call_')).map((e: { kind: string }) => e.kind)).toEqual(['call_no_answer', 'call_no_answer', 'call_unreachable']);
    expect(after.timeline.at(-1).summary.en).toBe('No answer to 3 calls: the customer could not be reached; the scenario goes on without the call');
    expect(after.next_step).toMatchObject({ kind: 'send', steps: [{ id: 'firm-reminder' }, { id: 'firm-reminder-letter' }] });
  });

  it('creates one retry only when the same answer is sent twice at once', async () => {
    clock = new Date('2025-06-13T08:00:00Z');
    const task = await openCall('DOUBLE');
    const answers = await Promise.all([record(task.id, { outcome: 'no_answer' }), record(task.id, { outcome: 'no_answer' })]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    const refused = answers.find((a) => a.statusCode === 409)!;
    expect(refused.json().errors).toEqual([expect.objectContaining({ field: 'id' })]);
    const again = await record(task.id, { outcome: 'no_answer' });
    expect(again.statusCode).toBe(409);
    expect(await callTasks('DOUBLE')).toEqual([expect.objectContaining({ attempt: 2, due_on: '2025-06-17' })]);
    const timeline = (await collection('DOUBLE', '2025-06-13')).timeline;
    expect(timeline.filter((e: { kind: string }) => e.kind === 'call_no_answer')).toHaveLength(1);
  });

  it('refuses an unknown task, an unknown outcome and viewers, naming what is wrong', async () => {
    const missing = await record('no-such-task', { outcome: 'no_answer' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().errors).toEqual([expect.objectContaining({ field: 'id' })]);
    const task = await openCall('ERRORS');
    const unknown = await record(task.id, { outcome: 'maybe' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors).toEqual([expect.objectContaining({ field: 'outcome' })]);
    const stray = await record(task.id, { outcome: 'no_answer', promised_on: '2025-06-20' });
    expect(stray.statusCode).toBe(422);
    expect(stray.json().errors).toEqual([{ field: 'promised_on', message: 'is not a known field' }]);
    expect((await as.viewer.post(`/api/tasks/${task.id}/call-outcome`, { outcome: 'no_answer' })).statusCode).toBe(403);
    expect(await openCall('ERRORS')).toMatchObject({ id: task.id, status: 'open' });
  });

  it('documents the four outcomes in the OpenAPI document', async () => {
    const doc = (await as.viewer.get('/api/openapi.json')).json();
    const body = doc.paths['/api/tasks/{id}/call-outcome'].post.requestBody.content['application/json'].schema;
    expect(body.discriminator).toEqual({ propertyName: 'outcome' });
    expect(body.oneOf.map((branch: { properties: { outcome: { enum: string[] } } }) => branch.properties.outcome.enum)).toEqual([['reached'], ['promise'], ['dispute'], ['no_answer']]);
    expect(body.oneOf.find((branch: { title: string }) => branch.title === 'dispute').required).toEqual(['outcome', 'invoice_number', 'reason']);
  });
});

describe.each(ENGINES)('relance tasks call-outcome on %s', (engine) => {
  let url: string;
  let customers: Record<Ref, string>;
  let db: Db;
  const BIN = join(import.meta.dirname, '..', 'bin', 'relance.mjs');
  const relance = (...args: string[]) => {
    const result = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: url, RELANCE_ORG: '' }, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  beforeAll(async () => {
    url = await freshDatabaseUrl(engine);
    db = await openDatabase(url);
    customers = (await seedCalls(db)).customers;
  });
  afterAll(async () => {
    await db?.close();
  });

  const openCallId = async (ref: Ref) =>
    (await db.kysely.selectFrom('collection_tasks').select('id').where('customer_id', '=', customers[ref]).where('kind', '=', 'call').where('status', '=', 'open').executeTakeFirstOrThrow()).id;

  it('records no answer and prints the next attempt; refuses a dispute without its reason', async () => {
    const taskId = await openCallId('NOANSWER');
    const missing = relance('tasks', 'call-outcome', taskId, '--outcome', 'dispute', '--invoice', 'NOANSWER-F1');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('--reason is required with --outcome dispute');

    const { code, stdout, stderr } = relance('tasks', 'call-outcome', taskId, '--outcome', 'no_answer', '--note', 'Switchboard closed');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Task \S+ done: no answer \(attempt 1 of 3\): call again on \d{4}-\d{2}-\d{2} — Switchboard closed\n/);
    const retryId = await openCallId('NOANSWER');
    expect(stdout).toContain(`Next attempt: task ${retryId}`);
    const retry = await db.kysely.selectFrom('collection_tasks').selectAll().where('id', '=', retryId).executeTakeFirstOrThrow();
    expect(Number(retry.attempt)).toBe(2);
  });
});
