import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoInChromium, type DemoInBrowser } from './support/web-browser.js';

describe('payment references in Chromium', () => {
  let session: DemoInBrowser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    session = await openDemoInChromium({ customers: 6, invoices: 30, seed: 5 }, { english: true });
    ({ context, page } = session);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  const api = async (path: string) => (await context.request.get(path)).json();

  it("shows each open invoice's payment reference on the customer page, as the API gives it", async () => {
    const [invoice] = (await api('/api/invoices?status=open&limit=1')).items;
    expect(invoice.payment_reference).toMatch(/^RF\d{2} /);
    await page.goto(`/customers/${invoice.customer.id}`);
    const row = page.getByTestId('open-items').locator('tbody tr', { hasText: invoice.number });
    await expect.poll(() => row.getByTestId('payment-reference').textContent()).toBe(invoice.payment_reference);
    await page.getByRole('columnheader', { name: 'Payment reference' }).waitFor();
  });

  it('lets an administrator choose the Belgian structured communication for the invoices recorded from then on', async () => {
    await page.goto('/settings');
    const form = page.getByTestId('payment-references');
    await form.getByRole('group', { name: 'Payment references' }).waitFor();
    const international = form.getByLabel(/International creditor reference/);
    await expect.poll(() => international.isChecked()).toBe(true);
    expect(await form.textContent()).toContain('the usual choice in your country');
    await form.getByLabel(/Belgian structured communication/).check();
    await form.getByRole('button', { name: 'Save the payment references' }).click();
    await page.getByTestId('payment-references-saved').waitFor();
    expect(await api('/api/settings/payment-references')).toEqual({ scheme: 'structured_communication', chosen: true, country_default: 'creditor_reference' });
    await page.reload();
    await expect.poll(() => page.getByTestId('payment-references').getByLabel(/Belgian structured communication/).isChecked()).toBe(true);
  });
});
