import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomer } from '../src/adapters/db/stores/customers.js';
import { createInvoice } from '../src/adapters/db/stores/documents.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { forgetSecretsKey } from '../src/adapters/security/secret-box.js';
import { collectionOrganization } from './support/collection-ledger.js';
import { freshDatabase } from './support/engines.js';
import { openAppInChromium, type AppInBrowser } from './support/web-browser.js';
import { startSmtpTestServer, type SmtpTestServer } from './fixtures/outbox/smtp-test-server.js';

const root = join(import.meta.dirname, '..');
const screenshots = join(root, 'test-output', 'screenshots');
const ADMIN = { email: 'claire@atelier.test', password: 'setup pages in a browser' };

describe('setup pages of administrators in Chromium', () => {
  let session: AppInBrowser;
  let context: BrowserContext;
  let page: Page;
  let smtp: SmtpTestServer;
  const savedKey = process.env.RELANCE_SECRETS_KEY;

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    process.env.RELANCE_SECRETS_KEY = 'browser test secrets key';
    forgetSecretsKey();
    smtp = await startSmtpTestServer();
    const db = await freshDatabase('sqlite');
    const org = await collectionOrganization(db, 'Atelier Durand');
    await createUser(db, org.id, { email: ADMIN.email, name: 'Claire Admin', password: ADMIN.password, role: 'admin', locale: 'en' });
    // Two key accounts, one small and one large: which rule comes first decides where the large one goes.
    for (const [ref, amountMinor] of [['KA-SMALL', 100_00], ['KA-LARGE', 900_000_00]] as const) {
      const customer = await createCustomer(db, org.id, { externalRef: ref, name: `Customer ${ref}`, language: 'en', segment: 'key_account' });
      await createInvoice(db, org.id, { customerId: customer.id, number: `F-${ref}`, issueDate: '2025-03-01', dueDate: '2025-04-01', currency: 'EUR', amountMinor });
    }
    session = await openAppInChromium(db, { signIn: ADMIN });
    ({ context, page } = session);
    await page.getByRole('button', { name: 'Log out' }).waitFor();
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await smtp?.close();
    if (savedKey === undefined) delete process.env.RELANCE_SECRETS_KEY;
    else process.env.RELANCE_SECRETS_KEY = savedKey;
    forgetSecretsKey();
  });

  it('adds a person, whose generated password is shown once and works, then creates and revokes an API key', async () => {
    await page.goto('/settings');
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Users and API keys' }).click();
    await page.getByRole('heading', { level: 1, name: 'Users and API keys' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Bruno Collector');
    await page.getByLabel('Email', { exact: true }).fill('bruno@atelier.test');
    await page.getByLabel('Role', { exact: true }).first().selectOption({ label: 'Collector' });
    await page.getByRole('button', { name: 'Add the person' }).click();
    const password = await page.getByTestId('new-password').textContent();
    expect(password?.length).toBeGreaterThanOrEqual(10);
    await expect.poll(() => page.getByTestId('users-table').textContent()).toContain('bruno@atelier.test');
    expect(await page.getByLabel('Role of Bruno Collector').inputValue()).toBe('collector');
    const login = await context.request.post('/api/auth/login', { data: { email: 'bruno@atelier.test', password }, headers: { origin: session.baseUrl } });
    expect(login.status()).toBe(200);
    // Signing in as Bruno through the same context replaced Claire's cookie: sign Claire in again.
    expect((await context.request.post('/api/auth/login', { data: ADMIN, headers: { origin: session.baseUrl } })).status()).toBe(200);

    await page.getByLabel('Role of Bruno Collector').selectOption({ label: 'Viewer (reads only)' });
    await page.getByText('Bruno Collector is now Viewer (reads only).').waitFor();

    await page.getByLabel('What the key is for').fill('Accounting export');
    await page.getByRole('button', { name: 'Create the key' }).click();
    const key = await page.getByTestId('api-key-secret').textContent();
    expect(key).toMatch(/^rk_/);
    expect((await context.request.get('/api/customers', { headers: { authorization: `Bearer ${key}` } })).status()).toBe(200);
    await page.getByRole('button', { name: 'Revoke the key Accounting export' }).click();
    await expect.poll(() => page.getByTestId('api-keys-table').textContent()).toMatch(/Revoked on/);
    expect((await context.request.get('/api/customers', { headers: { authorization: `Bearer ${key}` } })).status()).toBe(401);
    await page.screenshot({ path: join(screenshots, 'setup-users.png'), fullPage: true });
  });

  it('reorders two assignment rules with the keyboard and sees how many customers each takes', async () => {
    const put = await context.request.put('/api/scenario-rules', {
      data: { items: [{ scenario_id: 'key-account', segments: ['key_account'] }, { scenario_id: 'high-risk', min_balance: { amount: '500000.00', currency: 'EUR' } }] },
      headers: { origin: session.baseUrl },
    });
    expect(put.status()).toBe(200);
    await page.goto('/settings/assignment-rules');
    await page.getByRole('heading', { level: 1, name: 'Assignment rules' }).waitFor();
    const counts = () => page.getByTestId('rule-count').allTextContents();
    await expect.poll(counts).toEqual(['Takes 2 customers', 'Takes 0 customers']);

    await page.getByRole('button', { name: 'Move rule 2 up' }).focus();
    await page.keyboard.press('Enter');
    // The large-balance rule now comes first and takes the large key account.
    await expect.poll(counts).toEqual(['Takes 1 customer', 'Takes 1 customer']);
    expect(await page.getByLabel('Scenario').first().inputValue()).toBe('high-risk');
    await page.getByRole('button', { name: 'Save the rules' }).click();
    await page.getByTestId('rules-saved').waitFor();
    const saved = await (await context.request.get('/api/scenario-rules')).json();
    expect(saved.items.map((rule: { scenario_id: string }) => rule.scenario_id)).toEqual(['high-risk', 'key-account']);
    await page.screenshot({ path: join(screenshots, 'setup-rules.png'), fullPage: true });
  });

  it('adds the late-payment rate of a half-year', async () => {
    await page.goto('/settings/rates');
    await page.getByRole('heading', { level: 1, name: 'Late-payment rates' }).waitFor();
    // The banner over every page asks for today's rate too; this form is the one below the table.
    const form = page.getByTestId('add-rate');
    await form.getByLabel('Year', { exact: true }).fill('2031');
    await form.getByLabel('Half', { exact: true }).selectOption({ label: 'July to December' });
    await form.getByLabel('Rate, percent per year').fill('7,5');
    await form.getByLabel('Source', { exact: true }).fill('Journal officiel, 2031');
    await form.getByRole('button', { name: 'Add the rate' }).click();
    await page.getByText('The rate of the second half of 2031 is on file.').waitFor();
    const row = page.getByTestId('rates-table').getByRole('row', { name: /Second half of 2031/ });
    expect(await row.textContent()).toContain('7.5 %');
    expect(await row.textContent()).toContain('Added by claire@atelier.test');
  });

  it('saves SMTP settings and sends a test email the mail server receives', async () => {
    await page.goto('/settings/channels');
    await page.getByRole('heading', { level: 1, name: 'Email and SMS' }).waitFor();
    await page.getByLabel('Server name').fill('127.0.0.1');
    await page.getByLabel('Port').fill(new URL(smtp.url).port);
    await page.getByLabel('Security').selectOption('none');
    await page.getByLabel('User name').fill('relance');
    await page.getByLabel('Password', { exact: true }).fill('never shown again');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByTestId('channels-saved').waitFor();
    await page.getByText('A password is saved; it is never shown.', { exact: false }).waitFor();
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    expect(await page.getByTestId('email-source').textContent()).toBe('Messages go through these settings.');

    // This local server takes no sign-in over plain text: the test says so in words.
    await page.getByRole('button', { name: 'Send me a test email' }).click();
    await expect.poll(() => page.getByTestId('email-test-result').textContent(), { timeout: 20_000 }).toBe('The mail server refused the user name or the password.');
    expect(smtp.received).toEqual([]);

    await page.getByLabel('User name').fill('');
    await page.getByLabel('Remove the saved password').check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByTestId('channels-saved').waitFor();
    expect(await page.getByText('A password is saved', { exact: false }).count()).toBe(0);

    await page.getByRole('button', { name: 'Send me a test email' }).click();
    await expect.poll(() => page.getByTestId('email-test-result').textContent(), { timeout: 20_000 }).toBe(`The mail server accepted a test email to ${ADMIN.email}.`);
    expect(smtp.received.map((mail) => mail.to)).toEqual([[ADMIN.email]]);
    await page.screenshot({ path: join(screenshots, 'setup-channels.png'), fullPage: true });
  });
});
