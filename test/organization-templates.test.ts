import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { createPayment, insertAllocation } from '../src/adapters/db/stores/documents.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { formatMoneyForLanguage } from '../src/core/templates/format-for-language.js';
import { buildApp } from '../src/http/build-app.js';
import { signIn, type ApiCaller } from './support/api-session.js';
import { alreadyReminded, collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';

// Friday 16 May 2025; Paris is UTC+2, so 08:00 there is 06:00Z.
const AS_OF = '2025-05-16' as PlainDate;
const FRIDAY_MORNING = new Date('2025-05-16T06:00:00Z');
const PASSWORD = 'correct horse battery';
const BUILT_IN_FIRM_EN = readFileSync(join(import.meta.dirname, '..', 'templates', 'firm-reminder.en.liquid'), 'utf8');

/** The built-in English firm reminder with another subject line. */
function withSubject(subject: string): string {
  return BUILT_IN_FIRM_EN.replace(/^--- subject\n.*\n/, `--- subject\n${subject}\n`);
}

const OWN_SUBJECT = 'Atelier Durand: {{ invoices.size }} invoices, {{ balance | money }} to settle';

interface TemplateItem {
  id: string;
  template: string;
  language: string;
  text: string;
  override: { text: string; updated_at: string; updated_by: string | null } | null;
}

describe.each(ENGINES)('organization templates on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let alpha: OrganizationRow;
  let bravo: OrganizationRow;
  let alphaCustomerId: string;
  let bravoCustomerId: string;
  const as: Record<'admin' | 'collector' | 'viewer' | 'bravoAdmin', ApiCaller> = {} as never;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    alpha = await collectionOrganization(db, 'Atelier Durand');
    bravo = await collectionOrganization(db, 'Bravo Industries');
    // Two invoices 15 and 8 days overdue, 200.00 paid on the older, the courteous reminder sent
    // on 4 May: the firm reminder is due, for 1 514,56.
    const a = await customerWithInvoices(db, alpha.id, 'C001', [['F-2025-0456', '2025-05-01', 1234_56], ['F-2025-0471', '2025-05-08', 480_00]]);
    alphaCustomerId = a.customer.id;
    const payment = await createPayment(db, alpha.id, { customerId: a.customer.id, reference: 'VIR-0456', receivedOn: '2025-05-10', currency: 'EUR', amountMinor: 200_00 });
    await insertAllocation(db, alpha.id, { invoiceId: a.invoiceIds['F-2025-0456']!, paymentId: payment.id, amountMinor: 200_00, allocatedOn: '2025-05-10' });
    const b = await customerWithInvoices(db, bravo.id, 'B001', [['B-2025-0001', '2025-05-01', 900_00]]);
    bravoCustomerId = b.customer.id;
    await alreadyReminded(db, alpha.id, a.customer.id, [['courteous-reminder', '2025-05-04']]);
    await alreadyReminded(db, bravo.id, b.customer.id, [['courteous-reminder', '2025-05-04']]);
    for (const role of ['admin', 'collector', 'viewer'] as const) {
      await createUser(db, alpha.id, { email: `${role}@alpha.test`, name: `Alpha ${role}`, password: PASSWORD, role });
    }
    await createUser(db, bravo.id, { email: 'admin@bravo.test', name: 'Bravo admin', password: PASSWORD, role: 'admin' });
    app = await buildApp({ db });
    await app.ready();
    for (const role of ['admin', 'collector', 'viewer'] as const) as[role] = await signIn(app, `${role}@alpha.test`, PASSWORD);
    as.bravoAdmin = await signIn(app, 'admin@bravo.test', PASSWORD);
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const put = (caller: ApiCaller, id: string, language: string, text: string) => caller.request('PUT', `/api/templates/${id}/${language}`, { text });
  const firmEn = async (caller: ApiCaller): Promise<TemplateItem> => {
    const response = await caller.get('/api/templates');
    expect(response.statusCode, response.body).toBe(200);
    return (response.json().items as TemplateItem[]).find((item) => item.id === 'firm-reminder.en')!;
  };
  /** The subject the collection run writes today for the organization's one customer. */
  const runSubject = async (organization: OrganizationRow): Promise<string | null> => {
    const report = await runCollection(db, organization, { asOf: AS_OF, now: FRIDAY_MORNING, dryRun: true });
    expect(report.errors).toEqual([]);
    const action = report.actions.find((candidate) => candidate.step_id === 'firm-reminder');
    expect(action, JSON.stringify(report.actions)).toBeDefined();
    return action!.message!.subject;
  };
  const builtInSubject = (balance: string) => `Reminder: ${balance} overdue, payment requested by 24 May 2025`;
  const money = (minor: number) => formatMoneyForLanguage(minor, 'EUR', 'en');

  it('refuses a text with an unknown variable, naming the text field and the line:column, and changes nothing', async () => {
    const broken = BUILT_IN_FIRM_EN.replace('Hello,\n', 'Hello {{ customer.nickname }},\n');
    const line = broken.split('\n').findIndex((text) => text.includes('customer.nickname')) + 1;
    const response = await put(as.admin, 'firm-reminder', 'en', broken);
    expect(response.statusCode, response.body).toBe(422);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = response.json();
    expect(problem.errors).toHaveLength(1);
    expect(problem.errors[0].field).toBe('text');
    expect(problem.errors[0].message).toContain(`firm-reminder.en.liquid:${line}:10`);
    expect(problem.errors[0].message).toContain('nickname');

    // An email needs its html part; a text without it would only fail on the day of the run.
    const noHtml = BUILT_IN_FIRM_EN.slice(0, BUILT_IN_FIRM_EN.indexOf('--- html'));
    const missing = await put(as.admin, 'firm-reminder', 'en', noHtml);
    expect(missing.statusCode, missing.body).toBe(422);
    expect(missing.json().errors[0]).toMatchObject({ field: 'text' });
    expect(missing.json().detail).toContain('html');

    expect((await firmEn(as.admin)).override).toBeNull();
    const rows = await db.kysely.selectFrom('organization_templates').selectAll().execute();
    expect(rows).toEqual([]);
    expect(await runSubject(alpha)).toBe(builtInSubject(money(1514_56)));
  });

  it('keeps saving and reverting to administrators, and shared blocks and unknown templates out of reach', async () => {
    const text = withSubject(OWN_SUBJECT);
    expect((await put(as.collector, 'firm-reminder', 'en', text)).statusCode).toBe(403);
    expect((await put(as.viewer, 'firm-reminder', 'en', text)).statusCode).toBe(403);
    expect((await as.collector.delete('/api/templates/firm-reminder/en')).statusCode).toBe(403);
    const partial = await put(as.admin, '_invoices', 'en', '--- text\n{{ balance | money }}');
    expect(partial.statusCode, partial.body).toBe(422);
    expect(partial.json().errors[0].field).toBe('id');
    expect((await put(as.admin, 'no-such-template', 'en', text)).statusCode).toBe(404);
    expect((await put(as.admin, 'firm-reminder', 'es', text)).statusCode).toBe(422);
    expect(await db.kysely.selectFrom('organization_templates').selectAll().execute()).toEqual([]);
  });

  it("makes a saved text the one the next run writes for that organization, and for no other", async () => {
    const response = await put(as.admin, 'firm-reminder', 'en', withSubject(OWN_SUBJECT));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().override.text).toBe(withSubject(OWN_SUBJECT));

    const listed = await firmEn(as.viewer);
    expect(listed.override?.text).toBe(withSubject(OWN_SUBJECT));
    expect(listed.text).toBe(BUILT_IN_FIRM_EN);
    expect(listed.override?.updated_by).not.toBeNull();
    expect(await runSubject(alpha)).toBe(`Atelier Durand: 2 invoices, ${money(1514_56)} to settle`);

    expect((await firmEn(as.bravoAdmin)).override).toBeNull();
    expect(await runSubject(bravo)).toBe(builtInSubject(money(900_00)));
    // The French text of the same template is untouched.
    expect((await as.admin.get('/api/templates')).json().items.find((item: TemplateItem) => item.id === 'firm-reminder.fr').override).toBeNull();
  });

  it('reverts to the built-in text when the own text is deleted', async () => {
    expect((await as.bravoAdmin.delete('/api/templates/firm-reminder/en')).statusCode).toBe(404);
    expect(await runSubject(alpha)).toContain('Atelier Durand: 2 invoices');

    const response = await as.admin.delete('/api/templates/firm-reminder/en');
    expect(response.statusCode, response.body).toBe(204);
    expect((await firmEn(as.admin)).override).toBeNull();
    expect(await runSubject(alpha)).toBe(builtInSubject(money(1514_56)));
    expect((await as.admin.delete('/api/templates/firm-reminder/en')).statusCode).toBe(404);
  });

  it("previews a text on a real customer with the invoices and balance the statement and the collection view show", async () => {
    const text = withSubject(OWN_SUBJECT);
    const response = await as.collector.post('/api/templates/preview', { text, language: 'en', customer_id: alphaCustomerId, template: 'firm-reminder', as_of: AS_OF });
    expect(response.statusCode, response.body).toBe(200);
    const preview = response.json();

    const statement = (await as.collector.get(`/api/customers/${alphaCustomerId}/statement?to=${AS_OF}`)).json();
    const invoiceNumbers = statement.lines.filter((line: { kind: string }) => line.kind === 'invoice').map((line: { number: string }) => line.number);
    expect(preview.invoices.map((invoice: { number: string }) => invoice.number)).toEqual(invoiceNumbers);
    expect(preview.balance).toEqual(statement.closing_balance);
    const collection = (await as.collector.get(`/api/customers/${alphaCustomerId}/collection?as_of=${AS_OF}`)).json();
    expect(collection.next_step.steps.map((step: { id: string }) => step.id)).toContain(preview.step.id);
    expect(preview.balance).toEqual(collection.next_step.balance);

    expect(preview.customer).toMatchObject({ id: alphaCustomerId, name: 'Customer C001' });
    expect(preview.subject).toBe(`Atelier Durand: 2 invoices, ${money(1514_56)} to settle`);
    for (const number of invoiceNumbers) {
      expect(preview.text).toContain(number);
      expect(preview.html).toContain(number);
    }
    expect(preview.text).toContain(money(1034_56));
    expect(preview.text).toContain(money(1514_56));
    // The firm reminder states late fees, and the message asks for the balance plus them.
    expect(preview.late_fees).not.toBeNull();
    expect(preview.text).toContain(money(Math.round(Number(preview.late_fees.amount_due.amount) * 100)));
    expect(preview.hints).toEqual([]);

    // The text is only previewed: nothing is saved.
    expect(await db.kysely.selectFrom('organization_templates').selectAll().execute()).toEqual([]);
  });

  it('answers a Liquid error in a preview with its line:column, and another organization\'s customer as not found', async () => {
    const broken = await as.admin.post('/api/templates/preview', { text: '--- subject\nHi\n--- text\nDear {{ customer.nam }}', language: 'en', customer_id: alphaCustomerId });
    expect(broken.statusCode, broken.body).toBe(422);
    expect(broken.json().errors[0].field).toBe('text');
    expect(broken.json().errors[0].message).toContain('preview.en.liquid:4:9');

    const hints = await as.admin.post('/api/templates/preview', { text: '--- text\nSorry to bother you, {{ customer.name }}.', language: 'en', customer_id: alphaCustomerId });
    expect(hints.statusCode, hints.body).toBe(200);
    expect(hints.json().text).toBe('Sorry to bother you, Customer C001.');
    expect(hints.json().hints.map((hint: { category: string }) => hint.category)).toContain('apologetic');

    const other = await as.admin.post('/api/templates/preview', { text: '--- text\n{{ customer.name }}', language: 'en', customer_id: bravoCustomerId });
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain('B001');
    expect((await as.viewer.post('/api/templates/preview', { text: '--- text\nx', language: 'en', customer_id: alphaCustomerId })).statusCode).toBe(403);
  });
});
