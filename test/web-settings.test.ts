import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SENDER, DEMO_USERS } from '../src/app/demo/demo-organization.js';
import { demoPassword, openDemoInChromium, type DemoInBrowser } from './support/web-browser.js';

const root = join(import.meta.dirname, '..');
const screenshots = join(root, 'test-output', 'screenshots');

describe('collection settings in Chromium', () => {
  let session: DemoInBrowser;
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

  it('changes the escalation settings: a wrong hold is refused under its field, then the hand-off minimum and the approval threshold are saved', async () => {
    await page.goto('/settings');
    await page.getByRole('heading', { level: 1, name: 'Collection settings' }).waitFor();
    const before = await settings();
    expect(before).toMatchObject({ formal_notice_min_reminders: 2, approval_threshold: null, rejection_hold_days: 30 });
    await expect.poll(() => page.getByLabel('Hand-off minimum').inputValue()).toBe(before.handoff_minimum.amount);
    // No threshold: every step that needs approval asks for it.
    expect(await page.getByLabel('Always ask for approval, whatever the amount').isChecked()).toBe(true);
    expect(await page.getByLabel('Approval from').isDisabled()).toBe(true);

    await page.getByLabel('Wait after a rejection (days)').fill('400');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByTestId('field-error').textContent()).toContain('365');
    expect(await settings()).toEqual(before);

    await page.getByLabel('Wait after a rejection (days)').fill('21');
    await page.getByLabel('Hand-off minimum').fill('2 500');
    await page.getByLabel('Always ask for approval, whatever the amount').uncheck();
    await page.getByLabel('Approval from').fill('5 000,00');
    await page.getByLabel('Reminders before a formal notice').fill('3');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByTestId('settings-saved').waitFor();
    expect(await settings()).toEqual({
      ...before,
      handoff_minimum: { amount: '2500.00', currency: 'EUR' },
      approval_threshold: { amount: '5000.00', currency: 'EUR' },
      formal_notice_min_reminders: 3,
      rejection_hold_days: 21,
    });
    await page.screenshot({ path: join(screenshots, 'settings-escalation.png'), fullPage: true });

    // Back to asking always: the threshold goes.
    await page.getByLabel('Always ask for approval, whatever the amount').check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(async () => (await settings()).approval_threshold).toBeNull();
  });

  it('lets a viewer read the settings but not change them', async () => {
    const viewer = DEMO_USERS.find((user) => user.role === 'viewer')!;
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByLabel('Email', { exact: true }).fill(viewer.email);
    await page.getByLabel('Password').fill(demoPassword(session.demo, viewer.email));
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
