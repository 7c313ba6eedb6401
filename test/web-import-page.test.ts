import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { freshDatabase } from './support/engines.js';
import { openAppInChromium, type AppInBrowser } from './support/web-browser.js';

const root = join(import.meta.dirname, '..');
const screenshots = join(root, 'test-output', 'screenshots');
const PASSWORD = 'import page secret';

/** A French invoices export of `count` lines; when `broken`, line 4 has a letter O where a zero belongs and line 6 repeats the number of line 3. */
function facturesCsv(count: number, broken: boolean): Buffer {
  const lines = ['N° facture;Code client;Raison sociale;Date facture;Montant TTC'];
  for (let i = 1; i <= count; i += 1) {
    const amount = i === 3 && broken ? '12,5O' : `${(i % 700) + 10},${String(i % 100).padStart(2, '0')}`;
    const number = i === 5 && broken ? 'FA-2' : `FA-${i}`;
    lines.push(`${number};CL${i % 40};Client ${i % 40} SARL;${String((i % 28) + 1).padStart(2, '0')}/02/2025;${amount}`);
  }
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

// The app's Content-Security-Policy refuses inline scripts: axe-core goes in through page.evaluate.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical findings on the page as it stands. */
async function accessibilityFindings(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  });
}

async function chooseFile(page: Page, buffer: Buffer): Promise<void> {
  await page.locator('#import-file').setInputFiles({ name: 'factures.csv', mimeType: 'text/csv', buffer });
}

describe.each([
  { label: 'desktop, in French', viewport: { width: 1280, height: 900 }, lines: 5_000, english: false },
  { label: '390 px wide, in English', viewport: { width: 390, height: 844 }, lines: 60, english: true },
])('the import page in Chromium, $label', ({ viewport, lines, english }) => {
  let db: Db;
  let session: AppInBrowser;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: join(screenshots, `import-${viewport.width}-${name}.png`), fullPage: true });
  const words = english
    ? { nav: 'Import', title: 'Import a file', kind: 'What the file holds', check: 'Check the file', run: 'Import', done: 'Import complete', customers: 'See the customers', customersTitle: 'Customers' }
    : { nav: 'Import', title: 'Importer un fichier', kind: 'Contenu du fichier', check: 'Vérifier le fichier', run: 'Importer', done: 'Import terminé', customers: 'Voir les clients', customersTitle: 'Clients' };

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    db = await freshDatabase('sqlite');
    const org = await createOrganization(db, { name: 'Atelier Dupont', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    await createUser(db, org.id, { email: 'admin@atelier.test', name: 'Adèle', password: PASSWORD, role: 'admin', locale: english ? 'en' : 'fr' });
    session = await openAppInChromium(db, { viewport, signIn: { email: 'admin@atelier.test', password: PASSWORD } });
    page = session.page;
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it('names the broken line of a French CSV in words and keeps the import off, then imports the corrected file with a progress bar and a report', async () => {
    await page.locator('.app-header').waitFor();
    await page.goto('/import');
    await page.getByRole('heading', { level: 1, name: words.title }).waitFor();
    await page.getByLabel(words.kind).selectOption('invoices');

    await chooseFile(page, facturesCsv(lines, true));
    await page.getByRole('button', { name: words.check }).click();
    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    const sentence = english
      ? 'Line 4, column 35 of factures.csv: the amount ‘12,5O’ is not a number'
      : 'Ligne 4, colonne 35 de factures.csv : le montant « 12,5O » n’est pas un nombre';
    expect(await errors.textContent()).toContain(sentence);
    expect(await errors.textContent()).toContain(
      english
        ? 'Line 6, column 1 of factures.csv: the number ‘FA-2’ already appears on line 3 of the file'
        : 'Ligne 6, colonne 1 de factures.csv : le numéro « FA-2 » figure déjà à la ligne 3 du fichier',
    );
    expect(await errors.textContent()).not.toMatch(/not_an_amount|twice_in_file|import_failed/);
    // Every problem is said in the page's language: none falls back to the server's English.
    expect(await errors.locator('[lang="en"]').count()).toBe(0);
    // The first rows as they will be read: the file's headers, the line numbers, the values.
    const rows = page.getByTestId('import-rows');
    expect(await rows.locator('thead').textContent()).toContain('Montant TTC');
    expect(await rows.locator('tbody tr').first().textContent()).toContain('FA-1');
    const importButton = page.getByRole('button', { name: words.run, exact: true });
    expect(await importButton.isDisabled()).toBe(true);
    await shot('broken');
    expect(await accessibilityFindings(page)).toEqual([]);
    expect((await db.kysely.selectFrom('invoices').select('id').execute()).length).toBe(0);

    await chooseFile(page, facturesCsv(lines, false));
    await page.getByRole('button', { name: words.check }).click();
    const counts = page.getByTestId('import-counts');
    await counts.waitFor();
    expect(await counts.textContent()).toContain(new Intl.NumberFormat(english ? 'en' : 'fr').format(lines));
    expect(await importButton.isEnabled()).toBe(true);
    await importButton.click();

    // The bar shows while the import runs (when it is slower than the page's first look), and stays at 100 % on the report.
    const running = page.getByTestId('import-progress');
    const report = page.getByTestId('import-report');
    await Promise.race([running.waitFor(), report.waitFor()]);
    if (await running.isVisible()) {
      await shot('progress');
      // Half-way is when the file has been checked once more and writing starts: caught if the page polls then.
      await page
        .waitForFunction(() => {
          const value = Number(document.querySelector('[data-testid="import-progress"] progress')?.getAttribute('value'));
          return value > 0 && value < 100;
        }, undefined, { timeout: 5_000, polling: 50 })
        .then(() => shot('progress-half-way'))
        .catch(() => undefined);
    }
    await report.waitFor({ timeout: 60_000 });
    expect(await report.getByRole('heading', { name: words.done }).isVisible()).toBe(true);
    expect(await report.locator('progress').getAttribute('value')).toBe('100');
    expect(await report.getByTestId('import-counts').textContent()).toContain(new Intl.NumberFormat(english ? 'en' : 'fr').format(lines));
    expect((await db.kysely.selectFrom('invoices').select('id').execute()).length).toBe(lines);
    // Nothing on the page is wider than the screen: the rows' table scrolls on its own.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    await shot('report');

    await report.getByRole('link', { name: words.customers }).click();
    await page.getByRole('heading', { level: 1, name: words.customersTitle }).waitFor();
  });
});
