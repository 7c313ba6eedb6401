import jsqrModule from 'jsqr';
import { PNG } from 'pngjs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { getInvoice } from '../src/adapters/db/stores/documents.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { createDebtorRequest, saveDebtorRequestPolicy } from '../src/adapters/db/stores/debtor-requests.js';
import { attachInvoicePdf } from '../src/app/attach-invoice-pdfs.js';
import { getCustomerBalances } from '../src/app/get-customer-balances.js';
import { paymentQrPayload } from '../src/app/payment-qr.js';
import { issuePortalLink } from '../src/app/portal/portal-links.js';
import { savePortalLogo, setPaymentLinkTemplate } from '../src/app/portal/portal-settings.js';
import { formatMinor } from '../src/core/money.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { buildApp } from '../src/http/build-app.js';
import { PORTAL_CSRF_COOKIE } from '../src/http/portal/csrf.js';
import { PORTAL_WORDS } from '../src/http/portal/words/index.js';
import { customerWithInvoices } from './support/collection-ledger.js';
import { DEBTOR_PAGE_NOW as NOW, debtorPageLedger, ISSUED_PDF as PDF } from './support/debtor-page-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';
import { signIn } from './support/api-session.js';

// jsqr is CommonJS with an ES default export: the test runner hands the function, Node's typings the module.
const jsQR = (typeof jsqrModule === 'function' ? jsqrModule : jsqrModule.default) as typeof jsqrModule.default;
const AS_OF = '2025-05-16' as PlainDate;
const PNG_LOGO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

function cookieOf(setCookie: unknown, name: string): string | undefined {
  const line = [setCookie].flat().find((c) => typeof c === 'string' && c.startsWith(`${name}=`)) as string | undefined;
  return line?.split(';')[0]!.slice(name.length + 1);
}

function decodeQr(body: Buffer): string | undefined {
  const png = PNG.sync.read(body);
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

describe.each(ENGINES)('the debtor page on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let org: OrganizationRow;
  let page: string;
  let evilPage: string;
  let customerId: string;
  let invoiceIds: Record<string, string>;
  let evilInvoiceId: string;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const durand = await debtorPageLedger(db);
    org = durand.org;
    customerId = durand.customer.id;
    invoiceIds = durand.invoiceIds;
    const evil = await customerWithInvoices(db, org.id, 'EVIL', [['<b>F-666</b>', '2025-05-01', 50_00]], { language: 'en' });
    evilInvoiceId = evil.invoiceIds['<b>F-666</b>']!;
    await attachInvoicePdf(db, (await getInvoice(db, org.id, evilInvoiceId))!, PDF);
    await db.kysely.updateTable('customers').set({ name: '<script>alert(1)</script> & Co' }).where('id', '=', evil.customer.id).execute();
    await createDebtorRequest(db, org.id, { customerId: evil.customer.id, kind: 'question', status: 'open', payload: {}, message: 'Hello <script>steal()</script>', createdOn: AS_OF });

    app = await buildApp({ db, now: () => NOW });
    await app.ready();
    const link = await issuePortalLink(db, org.id, customerId, { now: NOW, by: null, publicUrl: 'https://pay.example.test' });
    page = new URL(link.url).pathname;
    evilPage = new URL((await issuePortalLink(db, org.id, evil.customer.id, { now: NOW, by: null, publicUrl: 'https://pay.example.test' })).url).pathname;
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

  it("shows the creditor, the open invoices with their dates, amounts, days late and references, in the customer's language", async () => {
    const response = await get(page);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    const body = response.body;
    expect(body).toContain('<html lang="fr">');
    expect(body).toContain('Votre compte chez Atelier Durand');
    for (const number of ['F-2025-101', 'F-2025-102', 'F-2025-103']) expect(body).toContain(`Facture ${number}`);
    expect(body).toContain('30 avril 2025');
    expect(body).toContain('En retard de 16 jours');
    expect(body).toContain('En retard de 1 jour');
    expect(body).toContain('Échéance dans 30 jours');
    expect(body).toMatch(/1\s234,56\s€/);
    expect(body).toMatch(/1\s634,46\s€/);
    expect(body).toContain('FR76 3000 6000 0112 3456 7890 189');
    const json = (await get(page, { accept: 'application/json' })).json();
    for (const invoice of json.invoices) expect(body).toContain(invoice.payment_reference);
  });

  it('answers the same content as JSON, with the balance the aging report computes', async () => {
    const response = await get(page, { accept: 'application/json' });
    expect(response.statusCode).toBe(200);
    const json = response.json();
    expect(json.as_of).toBe(AS_OF);
    expect(json.creditor.name).toBe('Atelier Durand');
    expect(json.invoices.map((i: { number: string }) => i.number)).toEqual(['F-2025-101', 'F-2025-102', 'F-2025-103']);
    expect(json.invoices[0].days_overdue).toBe(16);
    const aging = (await getCustomerBalances(db, org.id, { asOf: AS_OF, currency: 'EUR', customerId })).aging.byCustomer.get(customerId)!;
    expect(json.balances).toEqual([
      expect.objectContaining({ currency: 'EUR', balance: { amount: formatMinor(aging.balance, 'EUR'), currency: 'EUR' }, overdue: { amount: formatMinor(aging.overdue, 'EUR'), currency: 'EUR' } }),
    ]);
    expect(json.balances[0].balance.amount).toBe('1634.46');
    expect(json.bank_account).toEqual({ beneficiary: 'Atelier Durand SAS', iban: 'FR76 3000 6000 0112 3456 7890 189', bic: 'AGRIFRPP' });
    expect(json.statement_url).toBe(`${page}/statement.pdf`);
  });

  it('switches language by ?lang=, keeps it in its links and for the next visit', async () => {
    const german = await get(`${page}?lang=de`);
    expect(german.body).toContain('<html lang="de">');
    expect(german.body).toContain('Ihr Konto bei Atelier Durand');
    expect(german.body).toContain('30. April 2025');
    expect(german.body).toContain('16 Tage überfällig');
    expect(german.body).toContain(`${page}/statement.pdf?lang=de`);
    expect(german.body).toContain(`action="${page}/promises?lang=de"`);
    const kept = cookieOf(german.headers['set-cookie'], 'relance_portal_lang');
    expect(kept).toBe('de');
    const next = await get(page, { cookie: `relance_portal_lang=${kept}` });
    expect(next.body).toContain('<html lang="de">');
    for (const lang of ['en', 'nl'] as const) {
      const other = await get(`${page}?lang=${lang}`);
      expect(other.body).toContain(`<html lang="${lang}">`);
      expect(other.body).toContain(PORTAL_WORDS[lang].invoicesHeading);
    }
    expect((await get(`${page}?lang=nl`)).body).toContain('16 dagen te laat');
  });

  it('has every sentence in every language', () => {
    const keysOf = (value: object): string[] => Object.entries(value).flatMap(([key, v]) => (typeof v === 'object' ? keysOf(v).map((k) => `${key}.${k}`) : [key]));
    const english = keysOf(PORTAL_WORDS.en).sort();
    for (const lang of ['fr', 'nl', 'de'] as const) {
      expect(keysOf(PORTAL_WORDS[lang]).sort()).toEqual(english);
      for (const [key, value] of Object.entries(PORTAL_WORDS[lang])) {
        if (typeof value === 'string') expect(value.trim(), `${lang}.${key}`).not.toBe('');
      }
    }
  });

  it('loads nothing from elsewhere and runs no script: a strict content policy, no outside address in the page', async () => {
    const response = await get(page);
    const policy = String(response.headers['content-security-policy']);
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toContain('script-src');
    expect(policy).toContain("img-src 'self'");
    expect(response.body).not.toMatch(/<script|<link|src="https?:|url\(/);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('sets the form token as a cookie for /p/ only and writes it in every form', async () => {
    const response = await get(page);
    const token = cookieOf(response.headers['set-cookie'], PORTAL_CSRF_COOKIE);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const line = [response.headers['set-cookie']].flat().find((c) => String(c).startsWith(PORTAL_CSRF_COOKIE))!;
    expect(line).toMatch(/Path=\/p\//);
    expect(line).toMatch(/HttpOnly/);
    expect(line).toMatch(/SameSite=Strict/);
    const forms = response.body.match(/<form /g) ?? [];
    expect(forms.length).toBe(6);
    expect(response.body.split(`name="csrf" value="${token}"`).length - 1).toBe(6);
    for (const action of ['claims', 'promises', 'plan-requests', 'disputes', 'questions', 'contact']) expect(response.body).toContain(`action="${page}/${action}?lang=fr"`);
  });

  it("hands each invoice's document, and gives another customer's invoice the same 404 as a link that opens nothing", async () => {
    const json = (await get(page, { accept: 'application/json' })).json();
    const withDocument = json.invoices.find((i: { number: string }) => i.number === 'F-2025-101');
    expect(withDocument.document_url).toBe(`${page}/invoices/${invoiceIds['F-2025-101']}/document`);
    expect(json.invoices.find((i: { number: string }) => i.number === 'F-2025-102').document_url).toBeNull();
    const document = await get(withDocument.document_url);
    expect(document.statusCode).toBe(200);
    expect(document.headers['content-type']).toBe('application/pdf');
    expect(document.headers['x-content-type-options']).toBe('nosniff');
    expect(document.rawPayload.equals(PDF)).toBe(true);

    const notValid = await get('/p/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    const other = await get(`${page}/invoices/${evilInvoiceId}/document`);
    const missing = await get(`${page}/invoices/${invoiceIds['F-2025-102']}/document`);
    for (const response of [other, missing]) {
      expect(response.statusCode).toBe(404);
      expect(response.body).toBe(notValid.body);
    }
  });

  it('hands the statement of account as a PDF', async () => {
    const response = await get(`${page}/statement.pdf`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('draws QR codes that ask for the transfer the reminders ask for: one invoice, or the whole balance', async () => {
    const json = (await get(page, { accept: 'application/json' })).json();
    const first = json.invoices[0];
    const reference = (await db.kysely.selectFrom('invoices').select('payment_reference').where('id', '=', first.id).executeTakeFirstOrThrow()).payment_reference;
    const one = await get(first.qr_code_url);
    expect(one.statusCode).toBe(200);
    expect(one.headers['content-type']).toBe('image/png');
    const expectedOne = paymentQrPayload(org, { currency: 'EUR', balanceMinor: 1234_56, invoices: [{ number: 'F-2025-101', paymentReference: reference ?? null }] });
    expect(decodeQr(one.rawPayload)).toBe(expectedOne);
    expect(expectedOne).toContain('EUR1234.56');

    const whole = await get(json.balances[0].qr_code_url);
    const payload = decodeQr(whole.rawPayload)!;
    expect(payload).toContain('EUR1634.46');
    expect(payload).toContain('FR7630006000011234567890189');
    expect((await get(`${page}/qr.png?invoice=${evilInvoiceId}`)).statusCode).toBe(404);
  });

  it('shows what the ledger holds and what a debtor typed as text, never as markup', async () => {
    const html = (await get(evilPage)).body;
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
    expect(html).toContain('&lt;b&gt;F-666&lt;/b&gt;');
    expect(html).toContain('Hello &lt;script&gt;steal()&lt;/script&gt;');
    expect(html).not.toMatch(/<script|<b>F-666/);
    const json = (await get(evilPage, { accept: 'application/json' })).json();
    expect(json.customer.name).toBe('<script>alert(1)</script> & Co');
    expect(json.requests[0].message).toBe('Hello <script>steal()</script>');
  });

  it("shows the creditor's logo and a payment link when they are set", async () => {
    await savePortalLogo(db, org.id, PNG_LOGO);
    await setPaymentLinkTemplate(db, org.id, 'https://pay.example.test/checkout?ref={reference}&amount={amount}&currency={currency}');
    const json = (await get(page, { accept: 'application/json' })).json();
    expect(json.creditor.logo_url).toMatch(new RegExp(`^${page}/logo\\?v=`));
    const logo = await get(json.creditor.logo_url);
    expect(logo.statusCode).toBe(200);
    expect(logo.headers['content-type']).toBe('image/png');
    expect(logo.rawPayload.equals(PNG_LOGO)).toBe(true);
    expect(json.invoices[0].payment_link).toMatch(/^https:\/\/pay\.example\.test\/checkout\?ref=RF\d+&amount=1234\.56&currency=EUR$/);
    expect(json.balances[0].payment_link).toBe('https://pay.example.test/checkout?ref=C001&amount=1634.46&currency=EUR');
    const html = (await get(page)).body;
    expect(html).toContain(`<img src="${json.creditor.logo_url}" alt="Atelier Durand">`);
    expect(html).toContain('Payer tout le solde en ligne');
    await expect(savePortalLogo(db, org.id, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).rejects.toThrow(/PNG, a JPEG or an SVG/);
    await expect(setPaymentLinkTemplate(db, org.id, 'http://pay.example.test/{reference}')).rejects.toThrow(/https/);
    await setPaymentLinkTemplate(db, org.id, null);
    expect((await get(page, { accept: 'application/json' })).json().invoices[0].payment_link).toBeNull();
  });

  it('lets an administrator set the logo and the payment link through the API, and refuses what is not an image or an https address', async () => {
    await createUser(db, org.id, { email: 'admin@durand.test', name: 'Admin', password: 'correct horse battery', role: 'admin' });
    const admin = await signIn(app, 'admin@durand.test', 'correct horse battery');
    const saved = await admin.request('PUT', '/api/settings/debtor-page/logo', PNG_LOGO, { 'content-type': 'image/png' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().logo).toMatchObject({ content_type: 'image/png', size_bytes: PNG_LOGO.length });
    expect(saved.json().logo.data_url).toBe(`data:image/png;base64,${PNG_LOGO.toString('base64')}`);
    const html = await admin.request('PUT', '/api/settings/debtor-page/logo', Buffer.from('<html><script>alert(1)</script></html>'), { 'content-type': 'image/svg+xml' });
    expect(html.statusCode).toBe(422);
    const large = await admin.request('PUT', '/api/settings/debtor-page/logo', Buffer.concat([PNG_LOGO, Buffer.alloc(210 * 1024)]), { 'content-type': 'image/png' });
    expect([413, 422]).toContain(large.statusCode);
    const template = await admin.request('PUT', '/api/settings/debtor-page', { payment_link_template: 'ftp://pay.example.test/{reference}' });
    expect(template.statusCode).toBe(422);
    expect(template.body).toContain('payment_link_template');
    const ok = await admin.request('PUT', '/api/settings/debtor-page', { payment_link_template: 'https://pay.example.test/{reference}' });
    expect(ok.json().payment_link_template).toBe('https://pay.example.test/{reference}');
    expect((await admin.request('DELETE', '/api/settings/debtor-page/logo')).json().logo).toBeNull();
    expect((await get(page, { accept: 'application/json' })).json().creditor.logo_url).toBeNull();
  });

  it('takes a form only with the value its page set, and words the answer in the page', async () => {
    const opened = await get(page);
    const token = cookieOf(opened.headers['set-cookie'], PORTAL_CSRF_COOKIE)!;
    const post = (body: string, cookie: string) =>
      app.inject({ method: 'POST', url: `${page}/promises?lang=fr`, payload: body, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie } });
    const forged = await post('promised_on=2025-05-30', `${PORTAL_CSRF_COOKIE}=${token}`);
    expect(forged.statusCode).toBe(403);
    const otherValue = await post(`promised_on=2025-05-30&csrf=${'A'.repeat(43)}`, `${PORTAL_CSRF_COOKIE}=${token}`);
    expect(otherValue.statusCode).toBe(403);
    const noCookie = await post(`promised_on=2025-05-30&csrf=${token}`, '');
    expect(noCookie.statusCode).toBe(403);
    // A person whose tab outlived the value reads why, in its language, with the way back; nothing is kept.
    expect(noCookie.headers['content-type']).toMatch(/^text\/html/);
    expect(noCookie.body).toContain('Formulaire à envoyer de nouveau');
    expect(noCookie.body).toContain(`href="${page}?lang=fr"`);
    expect((await get(page, { accept: 'application/json' })).json().requests).toEqual([]);

    const tooFar = await post(`promised_on=2025-12-31&csrf=${token}`, `${PORTAL_CSRF_COOKIE}=${token}`);
    expect(tooFar.statusCode).toBe(303);
    expect(tooFar.headers.location).toContain('refused=promises');
    const refused = (await get(String(tooFar.headers.location))).body;
    expect(refused).toContain('role="alert"');
    expect(refused).toContain('la date est plus lointaine que ce que le créancier accepte.');
    expect(refused).toContain('<details id="form-promises" open>');
    expect(refused).not.toMatch(/promise_too_far/);

    const sent = await post(`promised_on=2025-05-30&csrf=${token}`, `${PORTAL_CSRF_COOKIE}=${token}`);
    expect(sent.statusCode).toBe(303);
    const done = (await get(String(sent.headers.location))).body;
    expect(done).toContain('Merci : votre promesse est enregistrée');
    expect(done).toContain('Promesse de paiement');
    expect(done).toContain('Envoyée le 16 mai 2025');
  });

  it('thanks a customer who owes nothing, and offers only a question and the contact form', async () => {
    const { customer } = await customerWithInvoices(db, org.id, 'PAID', [], { language: 'en' });
    const link = await issuePortalLink(db, org.id, customer.id, { now: NOW, by: null, publicUrl: 'https://pay.example.test' });
    const response = await get(new URL(link.url).pathname);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Nothing is left to pay. Thank you!');
    expect(response.body).not.toContain('How to pay');
    expect(response.body).not.toContain('Your open invoices');
    expect((response.body.match(/<form /g) ?? []).length).toBe(2);
    expect(response.body).toContain('I have a question or a document is missing');
  });

  it("limits the promised date to the creditor's policy: 30 days unless it says otherwise", async () => {
    expect((await get(page)).body).toContain('name="promised_on" type="date" min="2025-05-16" max="2025-06-15"');
    await saveDebtorRequestPolicy(db, org.id, { promiseMaxDays: 10 });
    const limited = (await get(page)).body;
    expect(limited).toContain('name="promised_on" type="date" min="2025-05-16" max="2025-05-26"');
    expect(limited).toContain('Au plus tard le 26 mai 2025.');
    await saveDebtorRequestPolicy(db, org.id, { promiseMaxDays: 30 });
  });
});
