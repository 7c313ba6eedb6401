import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createDebtorRequest } from '../src/adapters/db/stores/debtor-requests.js';
import { issuePortalLink } from '../src/app/portal/portal-links.js';
import { savePortalLogo, setPaymentLinkTemplate } from '../src/app/portal/portal-settings.js';
import { buildApp } from '../src/http/build-app.js';
import { collectionOrganization } from './support/collection-ledger.js';
import { DEBTOR_PAGE_NOW as NOW, debtorPageLedger } from './support/debtor-page-ledger.js';
import { freshDatabase } from './support/engines.js';
import { launchChromium, openAppInChromium, type AppInBrowser } from './support/web-browser.js';
import { createUser } from '../src/adapters/db/stores/users.js';

const screenshots = join(import.meta.dirname, '..', 'test-output', 'screenshots');
// The page's policy refuses every script, so axe-core goes in through the debugging protocol.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="40" viewBox="0 0 160 40"><rect width="160" height="40" rx="6" fill="#0b4f94"/><text x="14" y="27" font-size="18" fill="#fff" font-family="sans-serif">Durand</text></svg>`;
/** Codes of the ledger that must never reach a person. */
const RAW = /\b(not_delivered|invoice_error|plan_request|missing_document|accepted_automatically|open_minor|[a-z]+_[a-z_]+)\b/;

async function seriousAxeFindings(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.help} — ${violation.nodes.slice(0, 3).map((node) => node.target.join(' ')).join(', ')}`);
  });
}

describe('the debtor page in Chromium', () => {
  let db: Db;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let path: string;
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    db = await freshDatabase('sqlite');
    const { org, customer } = await debtorPageLedger(db);
    await savePortalLogo(db, org.id, Buffer.from(LOGO));
    await setPaymentLinkTemplate(db, org.id, 'https://pay.example.test/checkout?ref={reference}&amount={amount}');
    await createDebtorRequest(db, org.id, {
      customerId: customer.id,
      kind: 'plan_request',
      status: 'accepted_automatically',
      payload: { invoice_numbers: ['F-2025-101'], schedule: [{ due_date: '2025-06-01', amount: { amount: '617.28', currency: 'EUR' } }, { due_date: '2025-07-01', amount: { amount: '617.28', currency: 'EUR' } }] },
      message: null,
      createdOn: '2025-05-10',
    });
    app = await buildApp({ db, now: () => NOW });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
    baseUrl = `http://127.0.0.1:${address.port}`;
    path = new URL((await issuePortalLink(db, org.id, customer.id, { now: NOW, by: null, publicUrl: baseUrl })).url).pathname;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.close();
  });

  async function open(width: number, url: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'fr-FR', baseURL: baseUrl });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error at ${width} px: ${message.text()}`);
    });
    await page.goto(url);
    return page;
  }

  for (const width of [390, 1280]) {
    it(`reads in words, fits the screen and passes axe with every form open at ${width} px`, async () => {
      const page = await open(width, path);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Votre compte chez Atelier Durand');
      expect(await page.getByRole('img', { name: 'Atelier Durand' }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
      await page.evaluate(() => {
        document.querySelectorAll('details').forEach((details) => details.setAttribute('open', ''));
        // The QR codes of the invoices load when scrolled to; here all at once, to check each draws.
        document.querySelectorAll('img').forEach((img) => (img.loading = 'eager'));
      });
      await page.waitForFunction(() => [...document.querySelectorAll('img')].every((img) => img.complete && img.naturalWidth > 0));
      const text = await page.evaluate(() => {
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        const texts: string[] = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (!node.parentElement?.closest('code, select, textarea')) texts.push(node.textContent ?? '');
        }
        return texts.join(' ');
      });
      expect(text).not.toMatch(RAW);
      expect(text).toContain('Échéances');
      expect(text).toMatch(/617,28\s€ le 1er juin 2025/);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scrollWidth).toBeLessThanOrEqual(width);
      expect(await seriousAxeFindings(page)).toEqual([]);
      await page.screenshot({ path: join(screenshots, `debtor-page-${width}.png`), fullPage: true });
      expect(problems).toEqual([]);
      await page.context().close();
    }, 60_000);
  }

  it('switches to German and keeps it after a promise is sent from the page', async () => {
    const page = await open(390, path);
    await page.getByRole('link', { name: 'Deutsch' }).click();
    await page.waitForURL(/lang=de/);
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    await page.getByText('Ich zahle an einem Datum').click();
    await page.getByLabel('Ich zahle am').fill('2025-05-30');
    await page.getByRole('button', { name: 'Senden' }).first().waitFor();
    await page.locator('#form-promises').getByRole('button', { name: 'Senden' }).click();
    await page.waitForURL(/done=promises/);
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    expect(await page.getByRole('status').textContent()).toContain('Ihre Zusage ist notiert');
    expect(await page.locator('.requests').textContent()).toContain('Zahlungszusage');
    await page.screenshot({ path: join(screenshots, 'debtor-page-after-promise-390.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);
});

describe('the customer page settings in Chromium', () => {
  let session: AppInBrowser;

  beforeAll(async () => {
    const db = await freshDatabase('sqlite');
    const org = await collectionOrganization(db, 'Atelier Durand');
    await createUser(db, org.id, { email: 'admin@durand.test', name: 'Adèle', password: 'customer page secret', role: 'admin', locale: 'en' });
    session = await openAppInChromium(db, { signIn: { email: 'admin@durand.test', password: 'customer page secret' } });
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it('lets an administrator upload the logo and set the payment link, and says why an image is refused', async () => {
    const { page } = session;
    await page.locator('.app-header').waitFor();
    await page.goto('/settings');
    const form = page.getByTestId('debtor-page-settings');
    await form.getByText('No logo: the page shows your name.').waitFor();
    await form.getByLabel('Choose an image').setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(LOGO) });
    await form.getByRole('status').filter({ hasText: 'Customers see the new logo' }).waitFor();
    expect(await form.getByRole('img', { name: 'Your logo as customers see it' }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await form.getByLabel('Choose an image').setInputFiles({ name: 'page.html', mimeType: 'text/html', buffer: Buffer.from('<html><script>alert(1)</script></html>') });
    await form.getByText('The logo must be a PNG, JPEG or plain SVG image.').waitFor();
    await form.getByLabel('Payment link').fill('https://pay.example.test/checkout?ref={reference}');
    await form.getByRole('button', { name: 'Save the payment link' }).click();
    await form.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.screenshot({ path: join(screenshots, 'settings-customer-page.png'), fullPage: true });
  }, 60_000);
});
