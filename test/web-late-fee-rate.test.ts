import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoInChromium, type AppInBrowser } from './support/web-browser.js';

describe('the missing late-payment rate banner in Chromium', () => {
  let session: AppInBrowser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    session = await openDemoInChromium({ customers: 4, invoices: 12, seed: 5 }, { english: true });
    ({ context, page } = session);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it("shows an administrator that this half-year's rate is missing, with where to read it, and goes away once it is added", async () => {
    const status = await (await context.request.get('/api/late-fees/current-rate')).json();
    // The shipped French table ends with 2026-H1, so from July 2026 today's half-year has no rate until one is added.
    expect(status, 'the current half-year already has a shipped rate').toMatchObject({ law: 'fr', on_file: false, claim_interest: true });
    const [year, half] = status.half_year.split('-H');
    const period = `${half === '1' ? 'first' : 'second'} half of ${year}`;

    const banner = page.getByTestId('missing-rate-banner');
    await banner.waitFor();
    expect(await banner.getByRole('paragraph').first().textContent()).toBe(`No late-payment rate is on file for the ${period}`);
    expect(await banner.textContent()).toContain('Banque de France');
    expect(await banner.textContent()).toContain('plus 10 points');

    // A rate that is not a number is refused under its field, and nothing is added.
    await banner.getByLabel(`Rate for the ${period}, percent per year`).fill('twelve');
    await banner.getByLabel('Source').fill('Banque de France, taux des opérations principales de refinancement');
    await banner.getByRole('button', { name: 'Add the rate' }).click();
    await banner.getByTestId('field-error').waitFor();
    expect((await (await context.request.get('/api/late-fees/current-rate')).json()).on_file).toBe(false);

    await banner.getByLabel(`Rate for the ${period}, percent per year`).fill('12,15');
    await banner.getByRole('button', { name: 'Add the rate' }).click();
    await banner.waitFor({ state: 'detached' });

    const rates = await (await context.request.get('/api/late-fees/rates?law=fr')).json();
    expect(rates.items.find((entry: { from: string }) => entry.from === status.from)).toMatchObject({
      rate: '12.15',
      origin: 'added',
      source: 'Banque de France, taux des opérations principales de refinancement',
    });
    // Still gone on the next page load.
    await page.reload();
    await page.getByRole('heading', { name: 'Today' }).waitFor();
    expect(await page.getByTestId('missing-rate-banner').count()).toBe(0);
  });
});
