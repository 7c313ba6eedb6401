import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Db } from '../../src/adapters/db/database.js';
import { buildApp } from '../../src/http/build-app.js';
import { WEB_DIST } from '../../src/http/web-app.js';
import { DEMO_ORGANIZATION } from '../../src/app/demo/demo-organization.js';
import { loadDemo, type LoadedDemo } from '../../src/app/demo/load-demo.js';
import { DEMO_HISTORY_DAYS, loadDemoWithHistory } from '../../src/app/demo/play-demo-history.js';
import { todayIn } from '../../src/core/plain-date.js';
import { freshDatabase } from './engines.js';

const root = join(import.meta.dirname, '..', '..');

function newestSourceTime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestSourceTime(join(path, name))));
}

/**
 * Uses web/dist as it is when it is newer than every source of the app, and builds it once
 * otherwise, so a browser test never drives a stale build.
 */
export function buildWebAppIfStale(): void {
  const index = join(WEB_DIST, 'index.html');
  const sources = ['web/src', 'web/public', 'web/index.html', 'web/vite.config.ts'].map((path) => join(root, path));
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...sources.filter(existsSync).map(newestSourceTime))) return;
  const result = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`);
}

/** Debian's Chromium, headless; the networking flags keep it from calling out of a closed machine. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** The app served over a database and opened in Chromium; `close` ends the browser, the server and the database. */
export interface AppInBrowser {
  app: FastifyInstance;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Builds the web app if needed, serves it over `db` on a free port and opens it in Chromium
 * (a browser saying en-GB); with `signIn`, signs in through the login form and leaves the
 * waiting for the first page to the test, which knows the user's language.
 */
export async function openAppInChromium(
  db: Db,
  options: { viewport?: { width: number; height: number }; signIn?: { email: string; password: string } } = {},
): Promise<AppInBrowser> {
  buildWebAppIfStale();
  const app = await buildApp({ db });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 }, locale: 'en-GB', baseURL: baseUrl });
  const page = await context.newPage();
  if (options.signIn) {
    await page.goto('/');
    await page.getByLabel('Email').fill(options.signIn.email);
    await page.getByLabel('Password').fill(options.signIn.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  return {
    app,
    browser,
    context,
    page,
    baseUrl,
    async close() {
      await context.close();
      await browser.close();
      await app.close();
      await db.close();
    },
  };
}

/** A demo open in Chromium, with the users and passwords its load generated. */
export type DemoInBrowser = AppInBrowser & { demo: LoadedDemo };

/** The password the demo's load generated for the user with this email. */
export function demoPassword(demo: LoadedDemo, email: string): string {
  const user = demo.users.find((u) => u.email === email);
  if (!user) throw new Error(`the demo has no user ${email}`);
  return user.password;
}

/**
 * A demo ledger of the given size up to today, in a fresh SQLite file, open in Chromium and
 * signed in as the demo user — who reads French; `english` switches the page to English.
 * `history` plays that many days of collection before today (true: the demo's default), so
 * Today, the outbox and the timelines hold what the first start shows.
 */
export async function openDemoInChromium(
  ledger: { customers: number; invoices: number; seed: number },
  options: { english?: boolean; history?: boolean | number } = {},
): Promise<DemoInBrowser> {
  const db = await freshDatabase('sqlite');
  const today = todayIn(DEMO_ORGANIZATION.timeZone, new Date());
  const historyDays = options.history === true ? DEMO_HISTORY_DAYS : options.history || 0;
  const demo = historyDays > 0 ? await loadDemoWithHistory(db, { ...ledger, historyDays, today }) : await loadDemo(db, { ...ledger, asOf: today });
  const session = await openAppInChromium(db, { signIn: demo.login });
  await session.page.getByRole('heading', { name: 'Aujourd’hui' }).waitFor();
  if (options.english) {
    await session.page.getByRole('button', { name: 'EN', exact: true }).click();
    await session.page.getByRole('heading', { name: 'Today' }).waitFor();
  }
  return { ...session, demo };
}
