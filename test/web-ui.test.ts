import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { DEMO_LOGIN, DEMO_ORGANIZATION } from '../src/app/demo/demo-organization.js';
import { loadDemo, type LoadedDemo } from '../src/app/demo/load-demo.js';
import { todayIn } from '../src/core/plain-date.js';
import { freshDatabase } from './support/engines.js';
import { openAppInChromium, type AppInBrowser } from './support/web-browser.js';

const root = join(import.meta.dirname, '..');
const screenshots = join(root, 'test-output', 'screenshots');

interface MoneyJson {
  amount: string;
  currency: string;
}

/** The digits of a displayed or JSON amount, whatever the locale's separators and symbol. */
function digitsOf(text: string | null): string {
  const digits = (text ?? '').replace(/[^\d-]/g, '');
  return digits.replace(/^(-?)0+(?=\d)/, '$1');
}

function amountDigits(money: MoneyJson): string {
  return digitsOf(money.amount);
}

describe('web app in Chromium', () => {
  let db: Db;
  let demo: LoadedDemo;
  let session: AppInBrowser;
  let context: BrowserContext;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    db = await freshDatabase('sqlite');
    // A small demo ledger up to today, so the app's default as-of date sees it all.
    demo = await loadDemo(db, { customers: 30, invoices: 300, seed: 7, asOf: todayIn(DEMO_ORGANIZATION.timeZone, new Date()) });
    session = await openAppInChromium(db);
    ({ context, page } = session);
    base = session.baseUrl;
  });

  afterAll(async () => {
    await session?.close();
  });

  /** GETs through the browser context, so with the session cookie the page itself holds. */
  async function api<T>(path: string): Promise<T> {
    const response = await context.request.get(path);
    expect(response.status(), `${path} answers`).toBe(200);
    return (await response.json()) as T;
  }

  it('opens the sign-in page with nothing in the browser console', async () => {
    const fresh = await context.newPage();
    const errors: string[] = [];
    fresh.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') errors.push(message.text());
    });
    fresh.on('pageerror', (error) => errors.push(error.message));
    await fresh.goto('/');
    await fresh.getByLabel('Email').waitFor();
    await fresh.close();
    expect(errors).toEqual([]);
  });

  it('after a few wrong passwords for one account, says how long to wait before trying again', async () => {
    await page.goto('/');
    await page.getByLabel('Email').fill('someone.else@relance.example');
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await page.getByLabel('Password').fill(`wrong guess ${attempt}`);
      const answered = page.waitForResponse((response) => response.url().endsWith('/api/auth/login'));
      await page.getByRole('button', { name: 'Sign in' }).click();
      expect((await answered).status()).toBe(401);
    }
    await page.getByLabel('Password').fill('one more guess');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Too many failed sign-ins: try again in 1 minute.');
  });

  it('refuses a wrong password with a visible message, then signs in, in the user’s language', async () => {
    // The browser says English; the login page follows it until someone signs in.
    await page.goto('/');
    await page.getByLabel('Email').fill(DEMO_LOGIN.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('not correct');

    await page.getByLabel('Password').fill(demo.login.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The demo user's locale is French (/api/me), so the app switches to French on sign-in.
    await page.getByRole('heading', { name: 'Aujourd’hui' }).waitFor();
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    const me = await api<{ user: { locale: string } }>('/api/me');
    expect(me.user.locale).toBe('fr');
  });

  it('shows on the dashboard the total outstanding of the aging report', async () => {
    await page.goto('/dashboard');
    const total = page.getByTestId('total-outstanding').locator('.figure-value');
    await total.waitFor();
    const report = await api<{ balance: MoneyJson; overdue: MoneyJson; customers: Array<{ name: string; overdue: MoneyJson }> }>(
      '/api/reports/aging',
    );
    // A demo ledger with nothing outstanding would make the comparison below say little.
    expect(Number(report.balance.amount)).toBeGreaterThan(0);
    expect(digitsOf(await total.textContent())).toBe(amountDigits(report.balance));
    expect(digitsOf(await page.getByTestId('overdue').locator('.figure-value').textContent())).toBe(amountDigits(report.overdue));
    // French formatting: the euro sign after the figure, a comma before the cents.
    expect((await total.textContent())?.trim()).toMatch(/,\d\d\s€$/);

    // The five buckets, drawn and listed.
    for (const label of ['Non échu', '1 à 30 jours', '31 à 60 jours', '61 à 90 jours', '> 90 jours']) {
      await expect.poll(() => page.locator('.aging-table').getByText(label, { exact: true }).count()).toBe(1);
    }
    await expect.poll(() => page.locator('.aging-chart .recharts-bar-rectangle').count()).toBeGreaterThan(0);
    // The top overdue table starts with the customer the report says owes the most overdue.
    const mostOverdue = [...report.customers].sort((a, b) => Number(b.overdue.amount) - Number(a.overdue.amount))[0];
    expect(mostOverdue).toBeDefined();
    await expect.poll(() => page.getByTestId('top-overdue').locator('tbody tr').first().getByRole('link').textContent()).toBe(
      mostOverdue!.name,
    );
    await page.screenshot({ path: join(screenshots, 'dashboard.png'), fullPage: true });
  });

  it('opens a customer from the list and shows its balance and open items', async () => {
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
    const list = page.getByTestId('customer-list');
    await list.waitFor();
    // Sorted by overdue by default, like the API's own overdue order.
    const top = await api<{ items: Array<{ id: string; name: string }> }>('/api/customers?sort=overdue&order=desc&limit=1');
    const firstLink = list.locator('tbody tr').first().getByRole('link');
    await expect.poll(() => firstLink.textContent()).toBe(top.items[0]!.name);
    await firstLink.click();

    await page.getByRole('heading', { level: 1, name: top.items[0]!.name }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/customers/${top.items[0]!.id}`);
    const customer = await api<{ balance: MoneyJson }>(`/api/customers/${top.items[0]!.id}`);
    const openItems = await api<{ items: Array<{ number: string }> }>(`/api/customers/${top.items[0]!.id}/open-items`);
    expect(openItems.items.length).toBeGreaterThan(0);
    await expect
      .poll(async () => digitsOf(await page.getByTestId('customer-balance').locator('.figure-value').textContent()))
      .toBe(amountDigits(customer.balance));

    const table = page.getByTestId('open-items');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(openItems.items.length);
    const shown = await table.locator('tbody tr td:first-child').allTextContents();
    expect(shown.sort()).toEqual(openItems.items.map((item) => item.number).sort());
    await page.getByTestId('statement').waitFor();
    await page.screenshot({ path: join(screenshots, 'customer.png'), fullPage: true });
  });

  it("attaches an invoice's PDF from the open items, then offers it for download", async () => {
    const customerId = new URL(page.url()).pathname.split('/').pop()!;
    const openItems = await api<{ items: Array<{ id: string; number: string; pdf: unknown }> }>(`/api/customers/${customerId}/open-items`);
    const invoice = openItems.items.find((item) => item.pdf === null)!;
    const pdf = Buffer.from(`%PDF-1.4\n% ${invoice.number} as issued\n%%EOF\n`);
    await page.getByLabel(`Attach the PDF of invoice ${invoice.number}`).setInputFiles({ name: `${invoice.number}.pdf`, mimeType: 'application/pdf', buffer: pdf });
    await expect.poll(() => page.getByTestId('invoice-pdf-attached').textContent()).toContain(invoice.number);
    const row = page.getByTestId('open-items').locator('tbody tr', { hasText: invoice.number });
    await row.getByTestId('invoice-pdf-link').waitFor();

    const stored = await context.request.get(`/api/invoices/${invoice.id}/pdf`);
    expect(stored.status()).toBe(200);
    expect(Buffer.from(await stored.body()).equals(pdf)).toBe(true);
    expect(((await api<{ items: Array<{ id: string; pdf: { file_name: string } | null }> }>(`/api/customers/${customerId}/open-items`)).items.find((item) => item.id === invoice.id))?.pdf?.file_name).toBe(`${invoice.number}.pdf`);
  });

  it('switches the whole page to French from the header', async () => {
    await page.getByRole('heading', { name: 'Open items' }).waitFor();
    await page.getByRole('button', { name: 'FR' }).click();
    await page.getByRole('heading', { name: 'Pièces ouvertes' }).waitFor();
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Tableau de bord' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect((await page.getByTestId('customer-balance').locator('.figure-value').textContent())?.trim()).toMatch(/€$/);
    await page.screenshot({ path: join(screenshots, 'customer-fr.png'), fullPage: true });
  });

  it('keeps the language choice across a reload, then signs out', async () => {
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('heading', { name: 'Open items' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Open items' }).waitFor();
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Relance' }).waitFor();
    expect((await context.request.get('/api/me')).status()).toBe(401);
  });
});
