import type { FastifyInstance, InjectOptions } from 'fastify';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { saveChannelSettings } from '../src/adapters/db/stores/channel-settings.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { issuePortalLink } from '../src/app/portal/portal-links.js';
import { buildApp } from '../src/http/build-app.js';
import { signIn } from './support/api-session.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';
import { startSmtpTestServer, type SmtpTestServer } from './fixtures/outbox/smtp-test-server.js';

const PASSWORD = 'correct horse battery staple';
const START = new Date('2026-03-04T20:30:00Z'); // an evening: a code leaves at once, whatever the business hours

describe.each(ENGINES)('the code a large balance asks for before its page opens (%s)', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let smtp: SmtpTestServer;
  let clock = START;
  let organizationId: string;
  let bigCustomerId: string;
  let smallCustomerId: string;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    smtp = await startSmtpTestServer();
    const organization = await collectionOrganization(db);
    organizationId = organization.id;
    const port = Number(new URL(smtp.url).port);
    await saveChannelSettings(db, organization.id, { smtp_host: '127.0.0.1', smtp_port: port, smtp_security: 'none', smtp_from: 'relances@atelier-durand.example' });
    bigCustomerId = (await customerWithInvoices(db, organization.id, 'BIG', [['F-BIG-1', '2026-02-01', 5000_00]], { language: 'fr' })).customer.id;
    smallCustomerId = (await customerWithInvoices(db, organization.id, 'SMALL', [['F-SMALL-1', '2026-02-01', 200_00]])).customer.id;
    await createUser(db, organization.id, { email: 'admin@durand.test', name: 'Ada', password: PASSWORD, role: 'admin' });
    app = await buildApp({ db, now: () => clock });
    const admin = await signIn(app, 'admin@durand.test', PASSWORD);
    const set = await admin.request('PUT', '/api/settings/debtor-page-code', { code_above: { amount: '1000.00', currency: 'EUR' } });
    expect(set.statusCode, set.body).toBe(200);
    expect((await admin.get('/api/settings/debtor-page-code')).json()).toEqual({ code_above: { amount: '1000.00', currency: 'EUR' }, currency: 'EUR' });
  });

  afterAll(async () => {
    await app?.close();
    await smtp?.close();
    await db?.close();
  });

  const link = async (customerId: string) => (await issuePortalLink(db, organizationId, customerId, { now: clock, by: null, publicUrl: 'https://pay.example.test' })).token;
  const call = (method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = {}) =>
    app.inject({ method, url, headers: { accept: 'application/json', ...headers }, ...(payload ? { payload } : {}) } as InjectOptions);
  const lastCode = async () => {
    const mail = await simpleParser(smtp.received.at(-1)!.raw);
    return { code: /\b(\d{6})\b/.exec(mail.text ?? '')![1]!, mail };
  };

  it('opens the page of a customer under the threshold without any code', async () => {
    const token = await link(smallCustomerId);
    const page = await call('GET', `/p/${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('F-SMALL-1');
  });

  it('shows nothing of the account until the code is given, as a page or as JSON', async () => {
    const token = await link(bigCustomerId);
    const json = await call('GET', `/p/${token}`);
    expect(json.statusCode).toBe(401);
    const html = await app.inject({ method: 'GET', url: `/p/${token}` });
    expect(html.statusCode).toBe(401);
    expect(html.body).toContain('Confirmez qu’il s’agit bien de vous');
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    for (const body of [json.body, html.body]) {
      for (const secret of ['F-BIG-1', '5 000', '5000', 'Customer BIG', 'FR76']) expect(body).not.toContain(secret);
    }
    expect((await call('GET', `/p/${token}/statement.pdf`)).statusCode).toBe(401);
  });

  it('locks the link after five wrong codes, even for the right one', async () => {
    const token = await link(bigCustomerId);
    const sent = await call('POST', `/p/${token}/code/send`, {});
    expect(sent.statusCode, sent.body).toBe(202);
    expect(sent.json().sent_to).toBe('a•••@example.test');
    const { code, mail } = await lastCode();
    expect(mail.subject).toBe('Votre code pour ouvrir votre espace Atelier Durand');
    const wrong = code === '000000' ? '111111' : '000000';
    for (const left of [4, 3, 2, 1]) {
      const refused = await call('POST', `/p/${token}/code`, { code: wrong });
      expect(refused.statusCode).toBe(422);
      expect(refused.json().detail).toContain(`${left} ${left === 1 ? 'try' : 'tries'} left`);
    }
    expect((await call('POST', `/p/${token}/code`, { code: wrong })).statusCode).toBe(403);
    expect((await call('POST', `/p/${token}/code`, { code })).statusCode).toBe(403);
    expect((await call('POST', `/p/${token}/code/send`, {})).statusCode).toBe(403);
    const page = await app.inject({ method: 'GET', url: `/p/${token}` });
    expect(page.body).toContain('ce lien est bloqué');
    expect(page.body).not.toContain('name="code"');
  });

  it('opens the page for twelve hours with the right code, in this browser and for this link only', async () => {
    const token = await link(bigCustomerId);
    const other = await link(bigCustomerId);
    expect((await call('POST', `/p/${token}/code/send`, {})).statusCode).toBe(202);
    const { code } = await lastCode();
    const opened = await call('POST', `/p/${token}/code`, { code });
    expect(opened.statusCode, opened.body).toBe(200);
    const setCookie = String(opened.headers['set-cookie']);
    expect(setCookie).toMatch(new RegExp(`^relance_portal_pass=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=/p/${token}; HttpOnly; SameSite=Lax$`));
    const cookie = setCookie.split(';')[0]!;
    const page = await call('GET', `/p/${token}`, undefined, { cookie });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('F-BIG-1');
    // The code is used up, and the pass opens no other link.
    expect((await call('POST', `/p/${token}/code`, { code })).statusCode).toBe(422);
    expect((await call('GET', `/p/${other}`, undefined, { cookie })).statusCode).toBe(401);
    clock = new Date(START.getTime() + 12 * 3600_000 + 1000);
    expect((await call('GET', `/p/${token}`, undefined, { cookie })).statusCode).toBe(401);
    clock = START;
  });

  it('refuses a code after its ten minutes, and sends a new one through the page’s form', async () => {
    const token = await link(bigCustomerId);
    const page = await app.inject({ method: 'GET', url: `/p/${token}?lang=en` });
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const csrfCookie = String([page.headers['set-cookie']].flat().find((c) => String(c).startsWith('relance_portal_csrf='))).split(';')[0]!;
    const form = (fields: Record<string, string>) => ({ payload: new URLSearchParams({ csrf, lang: 'en', ...fields }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie } });
    const sent = await app.inject({ method: 'POST', url: `/p/${token}/code/send`, ...form({}) });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`/p/${token}?code=sent&lang=en`);
    const after = await app.inject({ method: 'GET', url: String(sent.headers.location) });
    expect(after.body).toContain('A code was sent to a•••@example.test. It is valid for 10 minutes.');
    const { code } = await lastCode();
    clock = new Date(START.getTime() + 11 * 60_000);
    const late = await app.inject({ method: 'POST', url: `/p/${token}/code`, ...form({ code }) });
    expect(late.headers.location).toBe(`/p/${token}?code=expired&lang=en`);
    // Without the page's CSRF value the form is refused.
    const forged = await app.inject({ method: 'POST', url: `/p/${token}/code/send`, payload: 'lang=en', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(forged.statusCode).toBe(403);
    clock = START;
  });
});
