import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { DEMO_ORGANIZATION, DEMO_USERS } from '../src/app/demo/demo-organization.js';
import { loadDemo, type LoadedDemo } from '../src/app/demo/load-demo.js';
import { addDays, todayIn } from '../src/core/plain-date.js';
import { freshDatabase } from './support/engines.js';
import { demoPassword, openAppInChromium, type AppInBrowser } from './support/web-browser.js';

const root = join(import.meta.dirname, '..');
const screenshots = join(root, 'test-output', 'screenshots');

interface LoggedContact {
  id: string;
  occurred_on: string;
  channel: string;
  note: string;
  author_user_id: string | null;
}

/** A day as the French pages show it ("05 mars 2026"). */
function frenchDate(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('fr-FR', { day: '2-digit', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, date)));
}

describe('contacts made outside Relance, on the customer page in Chromium', () => {
  let db: Db;
  let demo: LoadedDemo;
  let session: AppInBrowser;
  let context: BrowserContext;
  let page: Page;
  let customerId: string;
  const collector = DEMO_USERS.find((user) => user.role === 'collector')!;
  const viewer = DEMO_USERS.find((user) => user.role === 'viewer')!;
  const today = todayIn(DEMO_ORGANIZATION.timeZone, new Date());

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    db = await freshDatabase('sqlite');
    demo = await loadDemo(db, { customers: 10, invoices: 60, seed: 3, asOf: today });
    customerId = (await db.kysely.selectFrom('customers').select('id').orderBy('external_ref').executeTakeFirstOrThrow()).id;
    session = await openAppInChromium(db, { signIn: { email: collector.email, password: demoPassword(demo, collector.email) } });
    ({ context, page } = session);
    // The demo users read French.
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  const logged = async (): Promise<LoggedContact[]> => {
    const response = await context.request.get(`/api/customers/${customerId}/contact-log`);
    expect(response.status()).toBe(200);
    return ((await response.json()) as { items: LoggedContact[] }).items;
  };

  it('a collector logs a call on the customer page and sees it listed, newest first; the API lists it', async () => {
    await page.goto(`/customers/${customerId}`);
    const card = page.getByTestId('contact-log');
    await card.getByText('compte comme un envoi de Relance').waitFor();
    await card.getByText('Aucun contact noté pour l’instant.').waitFor();
    // The date is today unless changed.
    expect(await card.getByLabel('Date').inputValue()).toBe(today);

    // A day to come is refused under its field, and nothing is logged.
    await card.getByLabel('Date').fill(addDays(today, 3));
    await card.getByLabel('Note', { exact: true }).fill('Appel prévu');
    await card.getByRole('button', { name: 'Noter le contact' }).click();
    await card.getByTestId('field-error').filter({ hasText: 'Un contact se note une fois qu’il a eu lieu' }).waitFor();
    expect(await logged()).toEqual([]);

    // An older meeting, then today's call: the call is listed first.
    const lastWeek = addDays(today, -7);
    await card.getByLabel('Moyen').selectOption('meeting');
    await card.getByLabel('Date').fill(lastWeek);
    await card.getByLabel('Note', { exact: true }).fill('Rendez-vous au salon : relevé remis en main propre');
    await card.getByRole('button', { name: 'Noter le contact' }).click();
    await card.getByRole('status').filter({ hasText: `Contact du ${frenchDate(lastWeek)} noté.` }).waitFor();

    await card.getByLabel('Moyen').selectOption('call');
    await card.getByLabel('Date').fill(today);
    await card.getByLabel('Note', { exact: true }).fill('Joint la comptable : virement de la facture la plus ancienne vendredi');
    await card.getByRole('button', { name: 'Noter le contact' }).click();
    await card.getByRole('status').filter({ hasText: `Contact du ${frenchDate(today)} noté.` }).waitFor();

    const rows = card.getByTestId('contact-log-row');
    await expect.poll(() => rows.count()).toBe(2);
    const first = await rows.nth(0).textContent();
    expect(first).toContain(frenchDate(today));
    expect(first).toContain('Appel');
    expect(first).toContain('virement de la facture la plus ancienne vendredi');
    expect(first).toContain(collector.name);
    expect(await rows.nth(1).textContent()).toContain('Rendez-vous au salon');
    // The form is ready for the next one.
    expect(await card.getByLabel('Note', { exact: true }).inputValue()).toBe('');
    await card.screenshot({ path: join(screenshots, 'customer-contact-log.png') });

    const me = (await (await context.request.get('/api/me')).json()) as { user: { id: string } };
    expect(await logged()).toMatchObject([
      { occurred_on: today, channel: 'call', note: 'Joint la comptable : virement de la facture la plus ancienne vendredi', author_user_id: me.user.id },
      { occurred_on: lastWeek, channel: 'meeting', note: 'Rendez-vous au salon : relevé remis en main propre', author_user_id: me.user.id },
    ]);
  });

  it('shows a viewer the contacts logged, without the form', async () => {
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByLabel('Email', { exact: true }).fill(viewer.email);
    await page.getByLabel('Password').fill(demoPassword(demo, viewer.email));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    await page.goto(`/customers/${customerId}`);
    const card = page.getByTestId('contact-log');
    await card.getByText('Votre rôle permet de lire les contacts notés').waitFor();
    await expect.poll(() => card.getByTestId('contact-log-row').count()).toBe(2);
    expect(await card.getByRole('button', { name: 'Noter le contact' }).count()).toBe(0);
    expect(await card.getByLabel('Moyen').count()).toBe(0);
  });
});
