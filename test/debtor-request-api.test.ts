import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpEmailTransport } from '../src/adapters/channels/email/smtp-email-transport.js';
import { transportsFromConfig } from '../src/adapters/channels/transports-from-config.js';
import type { Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { createHold } from '../src/adapters/db/stores/collection-pauses.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { sendCollectionMessages } from '../src/app/collection/send-collection-messages.js';
import { issuePortalLink } from '../src/app/portal/portal-links.js';
import { buildApp } from '../src/http/build-app.js';
import { signIn, type ApiCaller } from './support/api-session.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';
import { startSmtpTestServer, type SmtpTestServer } from './fixtures/outbox/smtp-test-server.js';

const PASSWORD = 'correct horse battery';
// Monday 2 March 2026, 11:00 in Paris: inside business hours, so an answer leaves at once.
const NOW = new Date('2026-03-02T10:00:00Z');
const CSRF = 'a'.repeat(43);
const PDF = Buffer.from('%PDF-1.4\n% delivery note\n');

/** A multipart form as a browser sends it: fields, then at most one file. */
function multipart(fields: Record<string, string>, file?: { field: string; name: string; type: string; content: Buffer }) {
  const boundary = '----relance-test-boundary';
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.content, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: `relance_portal_csrf=${CSRF}` } };
}

describe.each(ENGINES)('the debtor page forms and the collector answers, over HTTP on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let org: OrganizationRow;
  let admin: ApiCaller;
  let viewer: ApiCaller;
  let otherAdmin: ApiCaller;
  let token: string;
  let invoiceIds: Record<string, string>;
  let customerId: string;
  let smtp: SmtpTestServer;

  const post = (action: string, payload: unknown, headers: Record<string, string> = {}) => app.inject({ method: 'POST', url: `/p/${token}/${action}`, payload: payload as string, headers });
  const postJson = (action: string, body: object) => post(action, body, { accept: 'application/json', 'content-type': 'application/json' });
  const postForm = (action: string, fields: Record<string, string>, csrf = true) =>
    post(action, new URLSearchParams({ ...fields, ...(csrf ? { csrf: CSRF } : {}) }).toString(), { 'content-type': 'application/x-www-form-urlencoded', cookie: `relance_portal_csrf=${CSRF}` });

  beforeAll(async () => {
    db = await freshDatabase(engine);
    org = await collectionOrganization(db);
    const other = await collectionOrganization(db, 'Bravo');
    await createUser(db, org.id, { email: 'admin@alpha.test', name: 'Alice Admin', password: PASSWORD, role: 'admin' });
    await createUser(db, org.id, { email: 'viewer@alpha.test', name: 'Victor Viewer', password: PASSWORD, role: 'viewer' });
    await createUser(db, other.id, { email: 'admin@bravo.test', name: 'Bruno Bravo', password: PASSWORD, role: 'admin' });
    const ledger = await customerWithInvoices(db, org.id, 'ACME', [['F-1', '2026-02-01', 50_000], ['F-2', '2026-02-01', 30_000]], { language: 'fr' });
    ({ invoiceIds } = ledger);
    customerId = ledger.customer.id;
    token = (await issuePortalLink(db, org.id, customerId, { now: NOW, by: null, publicUrl: 'https://relance.example' })).token;
    app = await buildApp({ db, now: () => NOW });
    admin = await signIn(app, 'admin@alpha.test', PASSWORD);
    viewer = await signIn(app, 'viewer@alpha.test', PASSWORD);
    otherAdmin = await signIn(app, 'admin@bravo.test', PASSWORD);
    smtp = await startSmtpTestServer();
  });

  afterAll(async () => {
    await smtp?.close();
    await app?.close();
    await db?.close();
  });

  it('a script promises in JSON and gets the request back; a date too far is refused naming the field', async () => {
    const made = await postJson('promises', { promised_on: '2026-03-20', invoice_ids: [invoiceIds['F-1']] });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().request).toMatchObject({ kind: 'promise', status: 'accepted_automatically', promised_on: '2026-03-20', invoice_numbers: ['F-1'] });
    const far = await postJson('promises', { promised_on: '2026-06-20' });
    expect(far.statusCode).toBe(422);
    expect(far.json().errors).toEqual([{ field: 'promised_on', message: expect.stringContaining('30 days') }]);
  });

  it('a form without the page CSRF value is refused; with it, the page is shown again saying it was done or why not', async () => {
    expect((await postForm('contact', { name: 'Jo', email: 'jo@acme.example' }, false)).statusCode).toBe(403);
    const done = await postForm('contact', { name: 'Jo Compta', email: 'jo@acme.example', phone: '' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/p/${token}?done=contact`);
    const refused = await postForm('promises', { promised_on: '2026-12-01' });
    expect(refused.headers.location).toBe(`/p/${token}?refused=promises&why=promise_too_far`);
  });

  it('an upload is kept only as a PDF, PNG or JPEG of at most 5 MB, whatever its declared type', async () => {
    const fields = { csrf: CSRF, invoice_id: invoiceIds['F-2']!, reason: 'not_delivered', message: 'Nothing arrived' };
    const disguised = multipart(fields, { field: 'attachment', name: 'note.pdf', type: 'application/pdf', content: Buffer.from('<html><script>alert(1)</script></html>') });
    expect((await post('disputes', disguised.payload, disguised.headers)).headers.location).toBe(`/p/${token}?refused=disputes&why=file_type`);
    const large = multipart(fields, { field: 'attachment', name: 'note.pdf', type: 'application/pdf', content: Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]) });
    expect((await post('disputes', large.payload, large.headers)).headers.location).toBe(`/p/${token}?refused=disputes&why=file_too_large`);
    const asJson = multipart(fields, { field: 'attachment', name: 'note.pdf', type: 'application/pdf', content: Buffer.from('GIF89a') });
    const refused = await post('disputes', asJson.payload, { ...asJson.headers, accept: 'application/json' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].field).toBe('attachment');

    const good = multipart(fields, { field: 'attachment', name: 'bon de livraison.pdf', type: 'text/html', content: PDF });
    expect((await post('disputes', good.payload, good.headers)).headers.location).toBe(`/p/${token}?done=disputes`);
  });

  it('the collector lists the requests and downloads a joined file as an attachment, never as a page', async () => {
    const list = await admin.get(`/api/debtor-requests?customer_id=${customerId}`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.map((item: { kind: string }) => item.kind)).toEqual(['dispute', 'contact', 'promise']);
    const dispute = list.json().items[0];
    expect(dispute.customer).toEqual({ id: customerId, reference: 'ACME', name: 'Customer ACME' });
    const file = await viewer.get(`/api/debtor-requests/${dispute.id}/files/${dispute.files[0].id}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toBe(`attachment; filename="bon de livraison.pdf"; filename*=UTF-8''bon%20de%20livraison.pdf`);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect((await otherAdmin.get(`/api/debtor-requests/${dispute.id}/files/${dispute.files[0].id}`)).statusCode).toBe(404);
    expect((await otherAdmin.get('/api/debtor-requests')).json().items).toEqual([]);
  });

  it('an answer goes to the customer by email, its words escaped, and shows on its page', async () => {
    const asked = await postJson('questions', { kind: 'question', message: 'Is <img src=x onerror=alert(1)> included?' });
    expect(asked.statusCode, asked.body).toBe(201);
    const id = asked.json().request.id;
    // Waiting for a person: the dispute sent earlier and this question.
    expect((await admin.get('/api/debtor-requests?status=open')).json().items.map((item: { id: string; kind: string }) => [item.kind, item.id === id])).toEqual([['question', true], ['dispute', false]]);
    expect((await viewer.post(`/api/debtor-requests/${id}/answer`, { text: 'Yes' })).statusCode).toBe(403);
    expect((await otherAdmin.post(`/api/debtor-requests/${id}/answer`, { text: 'Yes' })).statusCode).toBe(404);
    const answered = await admin.post(`/api/debtor-requests/${id}/answer`, { text: 'Yes, <b>everything</b> is included.' });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json()).toMatchObject({ emailed: true, request: { status: 'answered' } });

    // A hold silences reminders, not an answer to what the customer asked.
    await createHold(db, org.id, { customerId, reason: 'Talking to their CFO', until: '2026-04-30', createdOn: '2026-03-02', createdBy: null });
    const transports = { ...transportsFromConfig({ outboxDir: mkdtempSync(join(tmpdir(), 'relance-outbox-')) }), email: smtpEmailTransport({ url: smtp.url }) };
    const sent = await sendCollectionMessages(db, org, { now: new Date(NOW.getTime() + 60_000), workerId: 'w1', transports });
    expect(sent.sent).toBe(1);
    const mail = await simpleParser(smtp.received[0]!.raw);
    expect(mail.subject).toBe('Notre réponse à votre question');
    expect(smtp.received[0]!.to).toEqual(['jo@acme.example']);
    expect(mail.html).toContain('Is &lt;img src=x onerror=alert(1)&gt; included?');
    expect(mail.html).toContain('Yes, &lt;b&gt;everything&lt;/b&gt; is included.');
    expect(mail.html).not.toContain('<img');
    // An answer is no reminder: no statement rides along.
    expect(mail.attachments).toEqual([]);

    // The answer links to the customer's page, where it shows too.
    const mailed = /\/p\/([A-Za-z0-9_-]{43})/.exec(mail.text ?? '')![1];
    expect(mailed).not.toBe(token);
    expect(mail.html).toContain(`/p/${mailed}</a>`);
    const page = await app.inject({ method: 'GET', url: `/p/${mailed}`, headers: { accept: 'application/json' } });
    expect(page.statusCode).toBe(200);
    expect(page.json().requests[0]).toMatchObject({ kind: 'question', answer: 'Yes, <b>everything</b> is included.' });
  });

  it('the creditor sets what a customer may settle alone through the collection settings', async () => {
    expect((await admin.get('/api/settings/collection')).json().debtor_page_policy).toEqual({ promise_max_days: 30, plan_max_months: 6, plan_min_instalment: { amount: '100.00', currency: 'EUR' }, plan_max_amount: { amount: '10000.00', currency: 'EUR' } });
    const changed = await admin.request('PUT', '/api/settings/collection', { debtor_page_policy: { promise_max_days: 120, plan_max_amount: { amount: '100.00', currency: 'EUR' } } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().debtor_page_policy).toMatchObject({ promise_max_days: 120, plan_max_months: 6, plan_max_amount: { amount: '100.00', currency: 'EUR' } });
    // A promise four months ahead now fits; a plan on more than 100.00 waits for a person.
    expect((await postJson('promises', { promised_on: '2026-06-20', invoice_ids: [invoiceIds['F-1']] })).statusCode).toBe(201);
    const plan = await postJson('plan-requests', { instalments: 2, first_on: '2026-03-15', invoice_ids: [invoiceIds['F-1']] });
    expect(plan.json().request).toMatchObject({ status: 'open', beyond_policy: ['total_above_maximum'], schedule: [{ due_date: '2026-03-15' }, { due_date: '2026-04-15' }] });
    const accepted = await admin.post(`/api/debtor-requests/${plan.json().request.id}/accept`, {});
    expect(accepted.json()).toMatchObject({ request: { status: 'accepted' }, emailed: true });
    const badCurrency = await admin.request('PUT', '/api/settings/collection', { debtor_page_policy: { plan_max_amount: { amount: '100.00', currency: 'USD' } } });
    expect(badCurrency.json().errors[0].field).toBe('debtor_page_policy.plan_max_amount.currency');
  });

  it('a tampered link changes nothing', async () => {
    const before = (await admin.get('/api/debtor-requests')).json().total;
    const tampered = await app.inject({ method: 'POST', url: `/p/${token.slice(0, -2)}xx/questions`, payload: { kind: 'question', message: 'hi' }, headers: { accept: 'application/json' } });
    expect(tampered.statusCode).toBe(404);
    expect((await admin.get('/api/debtor-requests')).json().total).toBe(before);
  });
});
