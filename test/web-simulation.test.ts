import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { DEMO_ORGANIZATION } from '../src/app/demo/demo-organization.js';
import { loadDemo, type LoadedDemo } from '../src/app/demo/load-demo.js';
import { todayIn } from '../src/core/plain-date.js';
import { freshDatabase } from './support/engines.js';
import { demoPassword, openAppInChromium, type AppInBrowser } from './support/web-browser.js';

const screenshots = join(import.meta.dirname, '..', 'test-output', 'screenshots');

describe('the simulation page in Chromium', () => {
  let db: Db;
  let session: AppInBrowser;
  let demo: LoadedDemo;
  let page: Page;
  const today = todayIn(DEMO_ORGANIZATION.timeZone, new Date());

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    db = await freshDatabase('sqlite');
    demo = await loadDemo(db, { customers: 12, invoices: 150, seed: 4, asOf: today });
    session = await openAppInChromium(db, { signIn: demo.login });
    ({ page } = session);
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it('replays two scenarios side by side: a cash line for each and the figures in two columns', async () => {
    await page.getByRole('link', { name: 'Simulation' }).click();
    await page.getByRole('heading', { name: 'Simulation', level: 1 }).waitFor();
    await page.getByLabel('Jours').fill('20');
    await page.getByLabel('Comparer avec').selectOption('high-risk');
    await page.getByRole('button', { name: 'Lancer la simulation' }).click();
    const figures = page.getByTestId('replay-figures');
    await figures.waitFor({ timeout: 120_000 });
    const headers = await figures.getByRole('columnheader').allTextContents();
    expect(headers.slice(0, 2)).toEqual(['Indicateur', 'Affectation actuelle']);
    expect(headers).toHaveLength(3);
    expect(await figures.getByRole('row', { name: /Messages envoyés/ }).getByRole('cell').count()).toBe(2);
    expect(await page.locator('.recharts-line').count()).toBe(2);
    await page.screenshot({ path: join(screenshots, 'simulation.png'), fullPage: true });
  }, 180_000);

  it('lets a viewer see neither the page in the menu nor the replay through the API', async () => {
    const login = await session.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'julie.moreau@relance.example', password: demoPassword(demo, 'julie.moreau@relance.example') } });
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const refused = await session.app.inject({ method: 'POST', url: '/api/simulations', headers: { cookie }, payload: { days: 5 } });
    expect(refused.statusCode).toBe(403);
  });
});
