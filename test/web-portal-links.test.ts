import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayIn, type PlainDate } from '../src/core/plain-date.js';
import { openDemoInChromium, type DemoInBrowser } from './support/web-browser.js';

const screenshots = join(import.meta.dirname, '..', 'test-output', 'screenshots');

function inWords(day: PlainDate): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, date)));
}

describe('the debtor page card of a customer, in Chromium', () => {
  let session: DemoInBrowser;
  let customer: { id: string; name: string };

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    session = await openDemoInChromium({ customers: 6, invoices: 30, seed: 5 }, { english: true });
    await session.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.baseUrl });
    const list = (await (await session.context.request.get('/api/customers?sort=overdue')).json()) as { items: { id: string; name: string }[] };
    customer = list.items[0]!;
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it('creates a link, copies it, opens the customer’s page with it, then revokes it after a confirmation', async () => {
    const { page, context } = session;
    await page.goto(`/customers/${customer.id}`);
    const card = page.getByTestId('portal-links');
    await card.getByRole('heading', { name: 'Debtor page' }).waitFor();

    await card.getByRole('button', { name: 'Create and copy link' }).click();
    const field = card.getByLabel('Link to the customer’s page');
    await field.waitFor();
    const url = await field.inputValue();
    expect(url).toMatch(new RegExp(`^${session.baseUrl}/p/[A-Za-z0-9_-]{43}$`));
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    const until = addDays(todayIn('UTC', new Date()), 90);
    await card.getByText(`Copied to the clipboard. The link opens the page until ${inWords(until)}.`).waitFor();
    await page.screenshot({ path: join(screenshots, 'portal-link-created.png'), fullPage: false });

    const debtor = await context.newPage();
    const opened = await debtor.goto(url);
    expect(opened?.status()).toBe(200);
    expect(await debtor.content()).toContain(customer.name.replace(/&/g, '&amp;'));

    page.once('dialog', (dialog) => void dialog.accept());
    await card.getByRole('button', { name: 'Revoke links' }).click();
    await card.getByText('1 link revoked: it no longer opens the page.').waitFor();
    const refused = await debtor.goto(url);
    expect(refused?.status()).toBe(404);
    expect(await debtor.textContent('body')).toContain('This link is no longer valid');
    await debtor.screenshot({ path: join(screenshots, 'portal-link-revoked.png') });
    await debtor.close();
  }, 60_000);

  it('lets an administrator ask for a code above a balance, after which the customer’s link shows the code page first', async () => {
    const { page, context } = session;
    await page.goto('/settings');
    const form = page.getByTestId('portal-code-setting');
    await form.getByLabel('Ask for a code above a balance').check();
    await form.getByLabel(/Balance above which the code is asked/).fill('1.00');
    await form.getByRole('button', { name: 'Save the code setting' }).click();
    await form.getByText('Saved: pages of customers who owe more than €1.00 ask for a code first.').waitFor();

    const created = await context.request.post(`/api/customers/${customer.id}/portal-links`, { data: {} });
    const { url } = (await created.json()) as { url: string };
    const debtor = await context.newPage();
    const opened = await debtor.goto(`${url}?lang=en`);
    expect(opened?.status()).toBe(401);
    await debtor.getByRole('heading', { name: 'Confirm it is you' }).waitFor();
    expect(await debtor.content()).not.toContain(customer.name.replace(/&/g, '&amp;'));
    await debtor.screenshot({ path: join(screenshots, 'portal-code-page.png') });
    await debtor.close();
  }, 60_000);
});
