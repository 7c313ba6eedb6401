import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { smtpEmailTransport } from '../src/adapters/channels/email/smtp-email-transport.js';
import { transportsFromConfig } from '../src/adapters/channels/transports-from-config.js';
import type { Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { createCreditNote, createInvoice, createPayment, insertAllocation } from '../src/adapters/db/stores/documents.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import { sendCollectionMessages } from '../src/app/collection/send-collection-messages.js';
import { addDays, todayIn, type PlainDate } from '../src/core/plain-date.js';
import { buildApp } from '../src/http/build-app.js';
import { pdfMoneyOfJson } from '../src/adapters/channels/pdf-drawing.js';
import { pdfWords } from '../src/adapters/channels/pdf-words.test-support.js';
import type { MoneyJson } from '../src/core/money.js';
import type { MessageLanguage } from '../src/core/scenarios/scenario.js';
import { formatShortDateForLanguage } from '../src/core/templates/format-for-language.js';
import { signIn, type ApiCaller } from './support/api-session.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';
import { pdfAttachments } from './support/mail-attachments.js';
import { startSmtpTestServer, type SmtpTestServer } from './fixtures/outbox/smtp-test-server.js';

const PASSWORD = 'statement secret';
const AS_OF = '2025-05-16' as PlainDate; // a Friday
const BEFORE_HOURS = new Date('2025-05-16T05:00:00Z'); // 07:00 in Paris
const IN_HOURS = new Date('2025-05-16T08:00:00Z'); // 10:00 in Paris

/** The cell printed right after a label: a figure in the summary and total rows. */
function after(words: readonly string[], label: string): string | undefined {
  const at = words.indexOf(label);
  return at === -1 ? undefined : words[at + 1];
}

/** An API amount as the PDF writes it for a French (or English) reader: the function behind both. */
// The reader gives the PDF's no-break spaces, narrow ones included, back as plain spaces.
const moneyText = (m: MoneyJson, language: MessageLanguage = 'fr') => pdfMoneyOfJson(m, language).replace(/[\u00a0\u202f]/g, ' ');

describe.each(ENGINES)('statement PDF on %s', (engine) => {
  let db: Db;
  let org: OrganizationRow;
  let app: FastifyInstance;
  let smtp: SmtpTestServer | undefined;
  const as: Record<'collector' | 'sales' | 'viewer', ApiCaller> = {} as never;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    org = await collectionOrganization(db);
    for (const role of ['collector', 'sales', 'viewer'] as const) await createUser(db, org.id, { email: `${role}@atelier.test`, name: role, password: PASSWORD, role });
    app = await buildApp({ db });
    await app.ready();
    for (const role of ['collector', 'sales', 'viewer'] as const) as[role] = await signIn(app, `${role}@atelier.test`, PASSWORD);
  });
  afterEach(async () => {
    await smtp?.close();
    smtp = undefined;
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const transports = (smtpUrl?: string) => {
    const kept = transportsFromConfig({ outboxDir: mkdtempSync(join(tmpdir(), 'relance-statement-outbox-')) });
    return smtpUrl ? { ...kept, email: smtpEmailTransport({ url: smtpUrl }) } : kept;
  };

  /** A customer with two overdue invoices and one paid earlier in the year. */
  async function remindedCustomer(ref: string) {
    const { customer, invoiceIds } = await customerWithInvoices(db, org.id, ref, [[`${ref}-F0`, '2025-04-01', 200_00], [`${ref}-F1`, '2025-05-01', 1000_00], [`${ref}-F2`, '2025-05-06', 450_50]], { language: 'fr' });
    const payment = await createPayment(db, org.id, { customerId: customer.id, reference: `VIR-${ref}`, receivedOn: '2025-04-20', currency: 'EUR', amountMinor: 200_00 });
    await insertAllocation(db, org.id, { invoiceId: invoiceIds[`${ref}-F0`]!, paymentId: payment.id, amountMinor: 200_00, allocatedOn: '2025-04-20' });
    await runCollection(db, org, { asOf: AS_OF, now: BEFORE_HOURS, send: false, customerIds: [customer.id] });
    return customer;
  }

  it("attaches the customer's statement to a reminder sent over SMTP, with the figures of GET /api/customers/:id/statement", async () => {
    const customer = await remindedCustomer('S1');
    smtp = await startSmtpTestServer();
    const summary = await sendCollectionMessages(db, org, { now: IN_HOURS, workerId: 'sender', transports: transports(smtp.url) });
    expect(summary.sent).toBeGreaterThanOrEqual(1);

    const mails = smtp.received.filter((mail) => mail.to.includes('ap-s1@example.test'));
    expect(mails).toHaveLength(1);
    const attachments = pdfAttachments(mails[0]!.raw);
    expect(attachments.map((a) => a.filename)).toEqual(['statement-S1-2025-05-16.pdf']);
    const words = await pdfWords(attachments[0]!.content);

    const statement = (await as.viewer.get(`/api/customers/${customer.id}/statement?to=${AS_OF}`)).json();
    const openItems = (await as.viewer.get(`/api/customers/${customer.id}/open-items?as_of=${AS_OF}`)).json();
    const detail = (await as.viewer.get(`/api/customers/${customer.id}?as_of=${AS_OF}`)).json();
    expect(statement.closing_balance).toEqual({ amount: '1450.50', currency: 'EUR' });

    expect(words).toContain('Relevé de compte');
    expect(words).toContain('Customer S1');
    expect(words).toContain('Référence client : S1');
    expect(after(words, 'Solde dû')).toBe('1 450,50 €');
    expect(after(words, 'Solde dû')).toBe(moneyText(statement.closing_balance));
    expect(after(words, 'Dont échu')).toBe(moneyText(detail.overdue));
    expect(after(words, 'Solde à la fin de la période')).toBe(moneyText(statement.closing_balance));
    expect(after(words, 'Solde au début de la période')).toBe(moneyText(statement.opening_balance));
    // Every invoice of the period, the paid one included, and every movement's running balance.
    const invoiceNumbers = statement.lines.filter((line: { kind: string }) => line.kind === 'invoice').map((line: { number: string }) => line.number);
    expect(invoiceNumbers).toEqual(['S1-F0', 'S1-F1', 'S1-F2']);
    for (const line of statement.lines) {
      expect(words).toContain(line.number);
      expect(words).toContain(moneyText(line.balance));
    }
    // The open invoices with their days overdue and what is left of them.
    for (const item of openItems.items) {
      const at = words.indexOf(item.number);
      expect(words.slice(at, at + 6)).toEqual([item.number, formatShortDateForLanguage(item.issue_date, 'fr'), formatShortDateForLanguage(item.due_date, 'fr'), String(item.days_overdue), moneyText(item.amount), moneyText(item.open)]);
    }
    expect(openItems.items.map((item: { number: string }) => item.number)).toEqual(['S1-F1', 'S1-F2']);
    expect(words).toContain('FR76 3000 6000 0112 3456 7890 189');
    expect(words).toContain('AGRIFRPP');
  });

  it('keeps the statement inside the .eml when no SMTP server is configured', async () => {
    const customer = await remindedCustomer('K1');
    await sendCollectionMessages(db, org, { now: IN_HOURS, workerId: 'sender', transports: transports() });
    const row = await db.kysely
      .selectFrom('outbox_messages')
      .selectAll()
      .where('organization_id', '=', org.id)
      .where('customer_id', '=', customer.id)
      .where('channel', '=', 'email')
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('kept');
    const attachments = pdfAttachments(readFileSync(row.document_path!, 'utf8'));
    expect(attachments.map((a) => a.filename)).toEqual(['statement-K1-2025-05-16.pdf']);
    const statement = (await as.viewer.get(`/api/customers/${customer.id}/statement?to=${AS_OF}`)).json();
    expect(after(await pdfWords(attachments[0]!.content), 'Solde dû')).toBe(moneyText(statement.closing_balance));
  });

  it('sends a thank-you without a statement', async () => {
    const { customer, invoiceIds } = await customerWithInvoices(db, org.id, 'T1', [['T1-F1', '2025-05-01', 300_00]]);
    await runCollection(db, org, { asOf: AS_OF, now: BEFORE_HOURS, send: false, customerIds: [customer.id] });
    const payment = await createPayment(db, org.id, { customerId: customer.id, reference: 'VIR-T1', receivedOn: '2025-05-19', currency: 'EUR', amountMinor: 300_00 });
    await insertAllocation(db, org.id, { invoiceId: invoiceIds['T1-F1']!, paymentId: payment.id, amountMinor: 300_00, allocatedOn: '2025-05-19' });
    const report = await runCollection(db, org, { asOf: '2025-05-19' as PlainDate, now: new Date('2025-05-19T05:00:00Z'), send: false, customerIds: [customer.id] });
    expect(report.cases_closed).toBe(1);

    smtp = await startSmtpTestServer();
    await sendCollectionMessages(db, org, { now: new Date('2025-05-19T08:00:00Z'), workerId: 'sender', transports: transports(smtp.url) });
    const mails = smtp.received.filter((mail) => mail.to.includes('ap-t1@example.test'));
    // The reminder queued on Friday is cancelled (its invoice is paid); only the thank-you leaves.
    expect(mails).toHaveLength(1);
    expect(mails[0]!.raw).toMatch(/^Subject: Thank you for your payment/m);
    expect(pdfAttachments(mails[0]!.raw)).toEqual([]);
  });

  it('leaves the statement out of reminders once attach_statement is turned off', async () => {
    const off = await as.collector.request('PUT', '/api/settings/collection', { attach_statement: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().attach_statement).toBe(false);
    expect((await as.viewer.request('PUT', '/api/settings/collection', { attach_statement: true })).statusCode).toBe(403);

    await remindedCustomer('N0');
    smtp = await startSmtpTestServer();
    await sendCollectionMessages(db, org, { now: IN_HOURS, workerId: 'sender', transports: transports(smtp.url) });
    const mails = smtp.received.filter((mail) => mail.to.includes('ap-n0@example.test'));
    expect(mails).toHaveLength(1);
    expect(pdfAttachments(mails[0]!.raw)).toEqual([]);
    await as.collector.request('PUT', '/api/settings/collection', { attach_statement: true });
  });

  it('serves GET /api/customers/:id/statement.pdf with the figures of the JSON statement, to those who may read the customer', async () => {
    // The route draws the statement up as of today, like the JSON statement without `to`.
    const today = todayIn(org.time_zone, new Date());
    const { customer } = await customerWithInvoices(db, org.id, 'A1', [], { language: 'en' });
    await createInvoice(db, org.id, { customerId: customer.id, number: 'A1-OLD', issueDate: addDays(today, -70), dueDate: addDays(today, -40), currency: 'EUR', amountMinor: 800_00 });
    await createInvoice(db, org.id, { customerId: customer.id, number: 'A1-NEW', issueDate: addDays(today, -20), dueDate: addDays(today, 10), currency: 'EUR', amountMinor: 250_00 });
    await createCreditNote(db, org.id, { customerId: customer.id, number: 'AV-A1', issueDate: addDays(today, -5), currency: 'EUR', amountMinor: 50_00 });

    const response = await as.viewer.get(`/api/customers/${customer.id}/statement.pdf`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(`inline; filename="statement-A1-${today}.pdf"`);
    const words = await pdfWords((response as unknown as { rawPayload: Buffer }).rawPayload);

    const statement = (await as.viewer.get(`/api/customers/${customer.id}/statement`)).json();
    const openItems = (await as.viewer.get(`/api/customers/${customer.id}/open-items`)).json();
    const detail = (await as.viewer.get(`/api/customers/${customer.id}`)).json();
    expect(statement.closing_balance).toEqual({ amount: '1000.00', currency: 'EUR' });
    expect(words).toContain('Statement of account');
    expect(after(words, 'Balance due')).toBe('€1,000.00');
    expect(after(words, 'Balance due')).toBe(moneyText(statement.closing_balance, 'en'));
    expect(after(words, 'Of which overdue')).toBe(moneyText(detail.overdue, 'en'));
    expect(after(words, 'Payments and credit notes not yet applied')).toBe(moneyText(openItems.unapplied_credits[0], 'en'));
    expect(after(words, 'Total movements')).toBe(moneyText(statement.total_debit, 'en'));
    for (const line of statement.lines) expect(words).toContain(line.number);
    for (const item of openItems.items) expect(words).toContain(item.number);
    expect(openItems.items.map((item: { number: string; days_overdue: number }) => [item.number, item.days_overdue])).toEqual([['A1-OLD', 40], ['A1-NEW', 0]]);
    const old = words.indexOf('A1-OLD');
    expect(words.slice(old, old + 4)).toEqual(['A1-OLD', formatShortDateForLanguage(addDays(today, -70), 'en'), formatShortDateForLanguage(addDays(today, -40), 'en'), '40']);

    // The same people as the JSON statement: a sales user sees only their own accounts.
    expect((await as.sales.get(`/api/customers/${customer.id}/statement`)).statusCode).toBe(404);
    expect((await as.sales.get(`/api/customers/${customer.id}/statement.pdf`)).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/customers/${customer.id}/statement.pdf` })).statusCode).toBe(401);
  });

  it.each([
    ['nl', ['Rekeningoverzicht', 'Openstaande facturen', 'Rekeningverloop', 'Betalingsgegevens', 'Openstaand saldo', 'Klantnummer: NL1']],
    ['de', ['Kontoauszug', 'Offene Rechnungen', 'Kontobewegungen', 'Zahlungsinformationen', 'Offener Saldo', 'Kundennummer: DE1']],
  ] as const)("writes the statement of a customer who reads %s in that language", async (language, headings) => {
    const ref = language.toUpperCase() + '1';
    const today = todayIn(org.time_zone, new Date());
    const { customer } = await customerWithInvoices(db, org.id, ref, [[`${ref}-F1`, addDays(today, -15), 120_00]], { language });
    const response = await as.viewer.get(`/api/customers/${customer.id}/statement.pdf`);
    expect(response.statusCode, response.body).toBe(200);
    const words = await pdfWords((response as unknown as { rawPayload: Buffer }).rawPayload);
    const text = words.join('\n');
    for (const heading of headings) expect(text).toContain(heading);
    expect(text).not.toContain('Relevé de compte');
    expect(text).not.toContain('Statement of account');
    expect(words).toContain(`${ref}-F1`);
  });
});
