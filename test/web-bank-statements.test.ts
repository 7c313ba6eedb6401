import { mkdirSync, readFileSync } from 'node:fs';
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
const FIXTURES = join(root, 'test', 'fixtures', 'camt');
const PASSWORD = 'statement page secret';
/** Codes of the API that must never reach a person. */
const RAW = /\b(unmatched|suggested|reversal|duplicate|pending|debit|statement_\w+|not_a_statement|import_failed|NtryDtls)\b/;

describe('bank accounts and bank statements in Chromium, in French', () => {
  let db: Db;
  let session: AppInBrowser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    db = await freshDatabase('sqlite');
    const org = await createOrganization(db, { name: 'Atelier Durand', country: 'BE', currency: 'EUR', timeZone: 'Europe/Brussels', locale: 'fr', bankAccounts: [{ label: 'principal', iban: 'FR7630006000011234567890189' }] });
    await createUser(db, org.id, { email: 'admin@durand.test', name: 'Adèle', password: PASSWORD, role: 'admin', locale: 'fr' });
    session = await openAppInChromium(db, { signIn: { email: 'admin@durand.test', password: PASSWORD } });
    page = session.page;
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it('refuses a statement of an unknown account in words, then imports it once the account is added in the settings', async () => {
    await page.locator('.app-header').waitFor();
    await page.goto('/import');
    await page.getByRole('heading', { level: 1, name: 'Importer un fichier' }).waitFor();
    await page.getByLabel('Contenu du fichier').selectOption({ label: 'Relevé bancaire (camt.052, camt.053, camt.054, un ZIP de relevés, ou l’export CSV de la banque)' });
    expect((await page.locator('.field-help').allTextContents()).join(' ')).toContain('camt.053 (fin de journée)');
    // Bank downloads often have no extension: the content says what the file is.
    const statement = { name: 'releve-mars', mimeType: 'application/octet-stream', buffer: readFileSync(join(FIXTURES, 'relance_camt053.v8.batch.xml')) };
    await page.locator('#import-file').setInputFiles(statement);
    await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    expect(await errors.textContent()).toContain('le relevé est celui du compte BE68 5390 0754 7034, qui n’est pas un des comptes bancaires de l’organisation');
    expect(await errors.locator('[lang="en"]').count()).toBe(0);

    await page.goto('/settings');
    const accounts = page.getByTestId('bank-accounts');
    await accounts.getByRole('heading', { name: 'Comptes bancaires' }).waitFor();
    await accounts.locator('tbody tr').first().waitFor();
    expect(await accounts.locator('tbody tr').count()).toBe(1);
    await accounts.getByLabel('IBAN').fill('BE68 5390 0754 7035');
    await accounts.getByRole('button', { name: 'Ajouter le compte' }).click();
    await accounts.getByTestId('field-error').waitFor();
    expect(await accounts.getByTestId('field-error').textContent()).toBe('Cet IBAN n’est pas valide : vérifiez-le caractère par caractère.');
    await accounts.getByLabel('IBAN').fill('BE68 5390 0754 7034');
    await accounts.getByLabel('Nom').fill('Belfius');
    await accounts.getByRole('button', { name: 'Ajouter le compte' }).click();
    await accounts.getByTestId('bank-accounts-done').waitFor();
    expect(await accounts.locator('tbody tr').allTextContents()).toEqual([
      expect.stringContaining('FR76 3000 6000 0112 3456 7890 189'),
      expect.stringContaining('BE68 5390 0754 7034'),
    ]);
    await page.screenshot({ path: join(screenshots, 'settings-bank-accounts.png'), fullPage: true });

    await page.goto('/import');
    await page.getByLabel('Contenu du fichier').selectOption({ label: 'Relevé bancaire (camt.052, camt.053, camt.054, un ZIP de relevés, ou l’export CSV de la banque)' });
    await page.locator('#import-file').setInputFiles(statement);
    await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
    const rows = page.getByTestId('import-rows');
    await rows.waitFor();
    expect(await rows.locator('tbody tr').count()).toBe(3);
    expect(await rows.locator('tbody tr').nth(1).textContent()).toContain('Garage Dupont');

    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    const report = page.getByTestId('import-report');
    await report.waitFor({ timeout: 30_000 });
    expect(await report.getByRole('progressbar').getAttribute('value')).toBe('100');
    const payments = report.getByTestId('statement-payments');
    expect(await payments.locator('tbody tr').count()).toBe(3);
    expect(await payments.locator('tbody tr').nth(1).textContent()).toMatch(/250,50\s€.*Garage Dupont.*Facture F-2026-0042.*Pas encore rapproché d’une facture/);
    const excluded = await report.getByTestId('statement-excluded').textContent();
    for (const words of ['Sortie d’argent, pas un paiement de client', 'Annulé par la banque', 'Retourné par la banque, pas un paiement', 'En attente : il comptera une fois comptabilisé par la banque', 'Pas encore comptabilisé']) {
      expect(excluded).toContain(words);
    }
    expect(await report.textContent()).not.toMatch(RAW);
    await page.screenshot({ path: join(screenshots, 'import-statement-report.png'), fullPage: true });
    expect(await db.kysely.selectFrom('bank_lines').select(['amount_minor', 'status']).orderBy('amount_minor').execute()).toEqual([
      { amount_minor: 49_50, status: 'unmatched' },
      { amount_minor: 100_00, status: 'unmatched' },
      { amount_minor: 250_50, status: 'unmatched' },
    ]);
  });
});
