import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { facturXPdf } from './fixtures/einvoice/factur-x-pdf.js';
import { freshDatabase } from './support/engines.js';
import { openAppInChromium, type AppInBrowser } from './support/web-browser.js';

const root = join(import.meta.dirname, '..');
const screenshots = join(root, 'test-output', 'screenshots');
const FIXTURES = join(root, 'test', 'fixtures', 'einvoice');
const PASSWORD = 'import page secret';

describe('e-invoices on the import page in Chromium, in French', () => {
  let db: Db;
  let session: AppInBrowser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    db = await freshDatabase('sqlite');
    const org = await createOrganization(db, { name: 'Le Fournisseur', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    await createUser(db, org.id, { email: 'admin@fournisseur.test', name: 'Adèle', password: PASSWORD, role: 'admin', locale: 'fr' });
    session = await openAppInChromium(db, { signIn: { email: 'admin@fournisseur.test', password: PASSWORD } });
    page = session.page;
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it('says in words which element of a broken UBL file is wrong, then imports a Factur-X PDF with its amounts shown first', async () => {
    await page.locator('.app-header').waitFor();
    await page.goto('/import');
    await page.getByRole('heading', { level: 1, name: 'Importer un fichier' }).waitFor();
    await page.getByLabel('Contenu du fichier').selectOption({ label: 'Factures électroniques (XML ou PDF)' });
    expect((await page.locator('.field-help').allTextContents()).join(' ')).toContain('un XML Factur-X ou ZUGFeRD');

    const broken = readFileSync(join(FIXTURES, 'akretion_ubl-21-en16931.xml'), 'utf8').replace('<cbc:PayableAmount currencyID="EUR">208.03</cbc:PayableAmount>', '<cbc:PayableAmount currencyID="EUR">208,03 €</cbc:PayableAmount>');
    await page.locator('#import-file').setInputFiles({ name: 'facture-ubl', mimeType: 'application/octet-stream', buffer: Buffer.from(broken) });
    await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    expect(await errors.textContent()).toContain('Facture-ubl : l’élément /Invoice/LegalMonetaryTotal/PayableAmount contient « 208,03 € », qui n’est pas un montant');
    expect(await errors.textContent()).not.toMatch(/einvoice_|not_an_amount|import_failed/);
    expect(await errors.locator('[lang="en"]').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Importer', exact: true }).isDisabled()).toBe(true);
    await page.screenshot({ path: join(screenshots, 'import-einvoice-broken.png'), fullPage: true });

    await page.locator('#import-file').setInputFiles({ name: 'F20260023.pdf', mimeType: 'application/pdf', buffer: await facturXPdf(readFileSync(join(FIXTURES, 'akretion_factur-x-basic.xml'))) });
    await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
    const rows = page.getByTestId('import-rows');
    await rows.waitFor();
    expect(await rows.locator('thead').textContent()).toContain('BT-115');
    const row = await rows.locator('tbody tr').first().textContent();
    expect(row).toContain('F20260023');
    expect(row).toContain('104.90');
    expect(row).toContain('LE CLIENT');
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    const report = page.getByTestId('import-report');
    await report.waitFor({ timeout: 30_000 });
    expect(await report.getByRole('heading', { name: 'Import terminé' }).isVisible()).toBe(true);
    const invoices = await db.kysely.selectFrom('invoices').select(['id', 'number', 'amount_minor']).execute();
    expect(invoices).toMatchObject([{ number: 'F20260023', amount_minor: 10490 }]);
    expect(await db.kysely.selectFrom('invoice_files').select('file_name').where('invoice_id', '=', invoices[0]!.id).execute()).toEqual([{ file_name: 'F20260023.pdf' }]);
    await page.screenshot({ path: join(screenshots, 'import-einvoice-report.png'), fullPage: true });
  });
});
