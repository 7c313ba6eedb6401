import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpEmailTransport } from '../src/adapters/channels/email/smtp-email-transport.js';
import { transportsFromConfig } from '../src/adapters/channels/transports-from-config.js';
import { openDatabase, type Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { createPayment, insertAllocation } from '../src/adapters/db/stores/documents.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import { sendCollectionMessages } from '../src/app/collection/send-collection-messages.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { buildApp } from '../src/http/build-app.js';
import { signIn, type ApiCaller } from './support/api-session.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabaseUrl } from './support/engines.js';
import { pdfAttachments } from './support/mail-attachments.js';
import { relanceCli } from './support/relance-cli.js';
import { startSmtpTestServer } from './fixtures/outbox/smtp-test-server.js';

const PASSWORD = 'invoice pdf secret';
const AS_OF = '2025-05-16' as PlainDate; // a Friday
const BEFORE_HOURS = new Date('2025-05-16T05:00:00Z');
const IN_HOURS = new Date('2025-05-16T08:00:00Z');

/** A one-page PDF that says which invoice it is, as an invoicing tool would export it. */
function invoicePdf(number: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', info: { Title: number, CreationDate: new Date('2025-04-01T00:00:00Z') } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(18).text(`Facture ${number}`);
    doc.end();
  });
}

const putPdf = (caller: ApiCaller, invoiceId: string, body: Buffer, contentType = 'application/pdf') =>
  caller.request('PUT', `/api/invoices/${invoiceId}/pdf`, body, { 'content-type': contentType });

describe.each(ENGINES)('invoice PDFs on %s', (engine) => {
  let db: Db;
  let org: OrganizationRow;
  let app: FastifyInstance;
  let databaseUrl: string;
  const as: Record<'collector' | 'viewer' | 'sales', ApiCaller> = {} as never;

  beforeAll(async () => {
    databaseUrl = await freshDatabaseUrl(engine);
    db = await openDatabase(databaseUrl);
    org = await collectionOrganization(db);
    for (const role of ['collector', 'viewer', 'sales'] as const) await createUser(db, org.id, { email: `${role}@atelier.test`, name: role, password: PASSWORD, role });
    app = await buildApp({ db });
    await app.ready();
    for (const role of ['collector', 'viewer', 'sales'] as const) as[role] = await signIn(app, `${role}@atelier.test`, PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('keeps an invoice PDF through the API: replaced by a new file, unchanged by the same one, refused when not a PDF', async () => {
    const { invoiceIds } = await customerWithInvoices(db, org.id, 'P1', [['P1-F1', '2025-05-01', 1000_00]]);
    const id = invoiceIds['P1-F1']!;
    const first = await invoicePdf('P1-F1');

    expect((await as.collector.get(`/api/invoices/${id}/pdf`)).statusCode).toBe(404);
    const attached = await putPdf(as.collector, id, first);
    expect(attached.statusCode).toBe(200);
    expect(attached.json()).toMatchObject({ invoice_number: 'P1-F1', file_name: 'P1-F1.pdf', size_bytes: first.length, outcome: 'attached' });
    expect((await putPdf(as.collector, id, first)).json().outcome).toBe('unchanged');

    const download = await as.viewer.get(`/api/invoices/${id}/pdf`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect((download as unknown as { rawPayload: Buffer }).rawPayload.equals(first)).toBe(true);

    // Not a PDF: refused, naming the body, and the stored file stays as it was.
    const notPdf = await putPdf(as.collector, id, Buffer.from('Numéro;Montant\nP1-F1;1000\n'), 'text/csv');
    expect(notPdf.statusCode).toBe(422);
    expect(notPdf.json().errors).toEqual([expect.objectContaining({ field: 'body' })]);
    expect(notPdf.json().detail).toContain('not a PDF');
    expect((await putPdf(as.collector, id, first)).json().outcome).toBe('unchanged');

    const second = await invoicePdf('P1-F1 (corrected)');
    expect((await putPdf(as.collector, id, second)).json().outcome).toBe('replaced');

    // A viewer reads but does not change; a sales rep sees only the customers they own.
    expect((await putPdf(as.viewer, id, first)).statusCode).toBe(403);
    expect((await as.sales.get(`/api/invoices/${id}/pdf`)).statusCode).toBe(404);
    expect((await putPdf(as.collector, 'no-such-invoice', first)).statusCode).toBe(404);

    expect((await as.collector.delete(`/api/invoices/${id}/pdf`)).statusCode).toBe(204);
    expect((await as.collector.get(`/api/invoices/${id}/pdf`)).statusCode).toBe(404);

    // Deleting the invoice takes its PDF with it.
    expect((await putPdf(as.collector, id, first)).json().outcome).toBe('attached');
    expect((await as.collector.delete(`/api/invoices/${id}`)).statusCode).toBe(204);
    expect((await as.collector.get(`/api/invoices/${id}/pdf`)).statusCode).toBe(404);
  });

  it("sends the PDFs of the invoices a reminder lists, beside the statement, and not a paid invoice's", async () => {
    const { customer, invoiceIds } = await customerWithInvoices(db, org.id, 'P2', [['P2-F0', '2025-04-01', 200_00], ['P2-F1', '2025-05-01', 1000_00], ['P2-F2', '2025-05-06', 450_50]], { language: 'fr' });
    const payment = await createPayment(db, org.id, { customerId: customer.id, reference: 'VIR-P2', receivedOn: '2025-04-20', currency: 'EUR', amountMinor: 200_00 });
    await insertAllocation(db, org.id, { invoiceId: invoiceIds['P2-F0']!, paymentId: payment.id, amountMinor: 200_00, allocatedOn: '2025-04-20' });
    const pdfs: Record<string, Buffer> = {};
    for (const number of ['P2-F0', 'P2-F1', 'P2-F2']) {
      pdfs[number] = await invoicePdf(number);
      expect((await putPdf(as.collector, invoiceIds[number]!, pdfs[number]!)).statusCode).toBe(200);
    }
    await runCollection(db, org, { asOf: AS_OF, now: BEFORE_HOURS, send: false, customerIds: [customer.id] });

    const smtp = await startSmtpTestServer();
    try {
      const kept = transportsFromConfig({ outboxDir: mkdtempSync(join(tmpdir(), 'relance-invoice-pdf-outbox-')) });
      await sendCollectionMessages(db, org, { now: IN_HOURS, workerId: 'sender', transports: { ...kept, email: smtpEmailTransport({ url: smtp.url }) } });
      const mails = smtp.received.filter((mail) => mail.to.includes('ap-p2@example.test'));
      expect(mails).toHaveLength(1);
      const attachments = pdfAttachments(mails[0]!.raw);
      expect(attachments.map((a) => a.filename).sort()).toEqual(['P2-F1.pdf', 'P2-F2.pdf', 'statement-P2-2025-05-16.pdf']);
      for (const number of ['P2-F1', 'P2-F2']) expect(attachments.find((a) => a.filename === `${number}.pdf`)!.content.equals(pdfs[number]!)).toBe(true);
    } finally {
      await smtp.close();
    }
  });

  it('attaches a folder of PDFs named after their invoices with `relance invoice-pdfs`, all or nothing', async () => {
    const { invoiceIds } = await customerWithInvoices(db, org.id, 'P3', [['P3-F1', '2025-05-01', 300_00], ['P3-F2', '2025-05-02', 400_00]]);
    const folder = mkdtempSync(join(tmpdir(), 'relance-invoice-pdfs-'));
    writeFileSync(join(folder, 'P3-F1.pdf'), await invoicePdf('P3-F1'));
    writeFileSync(join(folder, 'P3-F9.pdf'), await invoicePdf('P3-F9'));
    writeFileSync(join(folder, 'P3-F2.pdf'), 'not a pdf');
    const env = { DATABASE_URL: databaseUrl, RELANCE_ORG: org.id };

    const refused = await relanceCli(['invoice-pdfs', folder], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`${join(folder, 'P3-F9.pdf')}: no invoice numbered "P3-F9"`);
    expect(refused.stderr).toContain(`${join(folder, 'P3-F2.pdf')}: the file is not a PDF`);
    expect(refused.stderr).toContain('nothing was stored');
    expect((await as.collector.get(`/api/invoices/${invoiceIds['P3-F1']}/pdf`)).statusCode).toBe(404);

    const good = join(folder, 'good');
    mkdirSync(good);
    writeFileSync(join(good, 'P3-F1.pdf'), await invoicePdf('P3-F1'));
    writeFileSync(join(good, 'P3-F2.pdf'), await invoicePdf('P3-F2'));
    const attached = await relanceCli(['invoice-pdfs', good], env);
    expect(attached.stderr).toBe('');
    expect(attached.stdout).toContain('2 attached, 0 replaced, 0 unchanged');
    expect((await as.collector.get(`/api/invoices/${invoiceIds['P3-F2']}/pdf`)).statusCode).toBe(200);
    expect((await relanceCli(['invoice-pdfs', good], env)).stdout).toContain('0 attached, 0 replaced, 2 unchanged');
  });
});
