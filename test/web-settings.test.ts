import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGIN, DEMO_SENDER, DEMO_USERS } from '../src/app/demo/demo-organization.js';
import { openDemoInChromium, type AppInBrowser } from './support/web-browser.js';

const root = join(import.meta.dirname, '..');
const screenshots = join(root, 'test-output', 'screenshots');

describe('collection settings in Chromium', () => {
  let session: AppInBrowser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    session = await openDemoInChromium({ customers: 10, invoices: 60, seed: 3 }, { english: true });
    ({ context, page } = session);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  const settings = async () => (await context.request.get('/api/settings/collection')).json();

  it('shows who signs, refuses a wrong number under its field and saves nothing, then saves the corrected form', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Collection settings' }).waitFor();
    await expect.poll(() => page.getByLabel('Telephone', { exact: true }).inputValue()).toBe(DEMO_SENDER.senderPhone);
    expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe(DEMO_SENDER.senderEmail);
    const before = await settings();

    await page.getByLabel('Telephone', { exact: true }).fill('call the office');
    await page.getByLabel('Days between two contacts').fill('10');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const error = page.getByTestId('field-error');
    await expect.poll(() => error.textContent()).toContain('is not a telephone number');
    expect(await settings()).toEqual(before);

    await page.getByLabel('Telephone', { exact: true }).fill('+33 4 72 00 00 09');
    await page.getByLabel('Minimum balance').fill('1 250,50');
    await page.getByLabel('Attach the statement of account to reminder emails').uncheck();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByTestId('settings-saved').waitFor();
    expect(await settings()).toEqual({
      ...before,
      sender_phone: '+33 4 72 00 00 09',
      minimum_gap_days: 10,
      minimum_balance: { amount: '1250.50', currency: 'EUR' },
      attach_statement: false,
    });
    await page.screenshot({ path: join(screenshots, 'settings.png'), fullPage: true });
  });

  it('lets a viewer read the settings but not change them', async () => {
    const viewer = DEMO_USERS.find((user) => user.role === 'viewer')!;
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByLabel('Email', { exact: true }).fill(viewer.email);
    await page.getByLabel('Password').fill(DEMO_LOGIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The viewer reads French, as the demo users do.
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    await page.goto('/settings');
    await page.getByText('Votre rôle permet de lire ces réglages').waitFor();
    expect(await page.getByLabel('Téléphone', { exact: true }).inputValue()).toBe('+33 4 72 00 00 09');
    expect(await page.getByLabel('Téléphone', { exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Enregistrer', exact: true }).count()).toBe(0);
  });
});
