import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoInChromium, type DemoInBrowser } from './support/web-browser.js';

/**
 * Every page a person reaches, walked at desktop and phone width: each must show words, not
 * codes or catalogue keys, log no error, fit a 390 px screen, and pass axe-core with no serious
 * or critical finding. The pages of the main menu are found in the menu itself, so a new page
 * is walked as soon as it is linked there; the pages below are the ones reached from others.
 */
const EXTRA_PAGES: readonly { name: string; path: (ids: WalkIds) => string | null }[] = [
  { name: 'a customer', path: (ids) => (ids.customerId ? `/customers/${ids.customerId}` : null) },
  { name: 'an outbox message', path: (ids) => (ids.messageId ? `/outbox/${ids.messageId}` : null) },
  { name: 'the template editor', path: () => '/templates?template=firm-reminder.fr' },
  { name: 'the scenarios', path: () => '/scenarios' },
  { name: 'a scenario in the editor', path: () => '/scenarios/edit?id=standard' },
  { name: 'the settings', path: () => '/settings' },
];

/** Words that look like codes but are what a person expects to read (none yet). */
const ALLOWED_CODES: readonly RegExp[] = [];

// axe runs at desktop width: the phone layout changes the arrangement, not the names, roles or colours it checks.
const WIDTHS = [
  { name: 'desktop', width: 1280, height: 900, axe: true },
  { name: 'phone', width: 390, height: 844, axe: false },
] as const;

interface WalkIds {
  customerId: string | null;
  messageId: string | null;
}

// The app's Content-Security-Policy refuses inline scripts, so axe-core goes in through the
// debugging protocol (page.evaluate), which the policy does not govern, not through a <script>.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The text nodes a person sees, code and form values aside. */
function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const texts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const parent = node.parentElement;
      if (!text || !parent || parent.closest('code, pre, textarea, script, style, select, [data-raw-text]')) continue;
      if (!parent.checkVisibility({ visibilityProperty: true })) continue;
      texts.push(text);
    }
    return texts;
  });
}

async function findingsOn(page: Page, width: number, withAxe: boolean): Promise<string[]> {
  const findings: string[] = [];
  for (const text of await visibleTexts(page)) {
    if (/^[a-z]+(\.[a-zA-Z]+)+$/.test(text)) findings.push(`untranslated key "${text}"`);
    const code = /\b[a-z]+_[a-z_]+\b/.exec(text);
    if (code && !text.includes('@') && !ALLOWED_CODES.some((allowed) => allowed.test(code[0]))) findings.push(`raw code "${code[0]}" in "${text.slice(0, 80)}"`);
  }
  if (width <= 390) {
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    if (scrollWidth > width) {
      const wide = await page.evaluate((limit) => {
        const culprits: string[] = [];
        for (const element of document.querySelectorAll<HTMLElement>('body *')) {
          const box = element.getBoundingClientRect();
          if (box.right > limit + 1 && element.checkVisibility() && ![...element.children].some((child) => child.getBoundingClientRect().right > limit + 1)) {
            culprits.push(`${element.tagName.toLowerCase()}.${[...element.classList].join('.')} (${Math.round(box.right)} px)`);
          }
        }
        return culprits.slice(0, 5);
      }, width);
      findings.push(`the page is ${scrollWidth} px wide: ${wide.join(', ')}`);
    }
  }
  if (!withAxe) return findings;
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.slice(0, 3).map((node) => node.target.join(' ')).join(', ')}`);
  });
  findings.push(...violations.map((violation) => `axe ${violation}`));
  return findings;
}

describe('every page, in words, on a phone and accessible', () => {
  let session: DemoInBrowser;
  let page: Page;
  const logged: string[] = [];
  let paths: { name: string; path: string }[] = [];

  beforeAll(async () => {
    session = await openDemoInChromium({ customers: 12, invoices: 60, seed: 7 });
    page = session.page;
    page.on('console', (message) => {
      if (message.type() === 'error') logged.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => logged.push(`page error: ${error.message}`));
    // A collection run fills the outbox and the task inbox, so their pages show real rows.
    const ids = await page.evaluate(async (): Promise<WalkIds> => {
      await fetch('/api/collection/runs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      const customers = (await (await fetch('/api/customers?sort=overdue&order=desc&limit=1')).json()) as { items: { id: string }[] };
      // A dispute gives the customer page a status and a reason that come from the API as codes.
      const customerId = customers.items[0]?.id;
      if (customerId) {
        const openItems = (await (await fetch(`/api/customers/${customerId}/open-items`)).json()) as { items: { number: string }[] };
        const invoice = openItems.items[0]?.number;
        await fetch(`/api/customers/${customerId}/disputes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'not_delivered', invoice_number: invoice }) });
      }
      const outbox = (await (await fetch('/api/outbox')).json()) as { items?: { id: string }[] };
      return { customerId: customers.items[0]?.id ?? null, messageId: outbox.items?.[0]?.id ?? null };
    });
    const menu = await page.locator('nav.main-nav a').evaluateAll((links) => links.map((link) => ({ name: link.textContent ?? '', path: link.getAttribute('href') ?? '' })));
    const extras = EXTRA_PAGES.flatMap((extra) => {
      const path = extra.path(ids);
      return path ? [{ name: extra.name, path }] : [];
    });
    paths = [...menu, ...extras].filter((entry, index, all) => all.findIndex((other) => other.path === entry.path) === index);
  });

  afterAll(async () => {
    await session?.close();
  });

  for (const size of WIDTHS) {
    it(`shows words and fits the screen on every page at ${size.width} px${size.axe ? ', with no serious axe finding' : ''}`, async () => {
      expect(paths.length).toBeGreaterThan(8);
      expect(paths.map((entry) => entry.name)).toEqual(expect.arrayContaining(['a customer', 'an outbox message']));
      await page.setViewportSize({ width: size.width, height: size.height });
      const report: string[] = [];
      for (const { name, path } of paths) {
        logged.length = 0;
        await page.goto(path);
        const shown = await page
          .locator('main h1')
          .first()
          .waitFor({ timeout: 10_000 })
          .then(() => true, () => false);
        if (!shown) {
          report.push(`${path} (${name.trim()}): no page heading after 10 s`, ...logged);
          continue;
        }
        // Loaded once no "Loading…" is left.
        await page.waitForFunction((loading) => !document.body.innerText.includes(loading), 'Chargement…', { timeout: 10_000 }).catch(() => undefined);
        const findings = [...(await findingsOn(page, size.width, size.axe)), ...logged];
        report.push(...findings.map((finding) => `${path} (${name.trim()}): ${finding}`));
      }
      expect(report).toEqual([]);
    }, 150_000);
  }

  it('folds the menu behind a button on a phone, opened and closed from the keyboard', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/customers');
    const button = page.getByRole('button', { name: 'Menu' });
    const nav = page.locator('nav.main-nav');
    await button.waitFor();
    expect(await nav.isVisible()).toBe(false);
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    await button.focus();
    await page.keyboard.press('Enter');
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    expect(await nav.isVisible()).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Escape');
    expect(await nav.isVisible()).toBe(false);
    // A table becomes cards: each value shows its column's heading.
    const firstCell = page.locator('table.data-table tbody tr').first().locator('td').first();
    expect(await firstCell.getAttribute('data-label')).toBeTruthy();
  });

  it('reads a dispute on the customer page in words: its reason, not its code', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    const customer = paths.find((entry) => entry.name === 'a customer')!;
    await page.goto(customer.path);
    const pauses = page.getByTestId('collection-pauses');
    await expect.poll(() => pauses.textContent()).toContain('Non livré');
    expect(await pauses.textContent()).not.toContain('not_delivered');
  });

  it('shows the sign-in page in words, within a phone screen, with no serious axe finding', async () => {
    const visitor = await session.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'fr-FR', baseURL: session.baseUrl });
    const login = await visitor.newPage();
    const errors: string[] = [];
    login.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await login.goto('/');
    await login.locator('main h1').first().waitFor();
    const atPhoneWidth = await findingsOn(login, 390, false);
    await login.setViewportSize({ width: 1280, height: 900 });
    const atDesktopWidth = await findingsOn(login, 1280, true);
    await visitor.close();
    expect([...atPhoneWidth, ...atDesktopWidth, ...errors]).toEqual([]);
  });
});
