import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createCustomer } from '../src/adapters/db/stores/customers.js';
import { createInvoice } from '../src/adapters/db/stores/documents.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { freshDatabase } from './support/engines.js';
import { openAppInChromium, type AppInBrowser } from './support/web-browser.js';

const root = join(import.meta.dirname, '..');
const screenshots = join(root, 'test-output', 'screenshots');
const PASSWORD = 'reconciliation page secret';
/** Codes of the API that must never reach a person. */
const RAW = /\b(unmatched|suggested|matched|ignored|on_account|confidence)\b/;

describe('the reconciliation queue in Chromium, in French', () => {
  let db: Db;
  let session: AppInBrowser;
  let page: Page;
  let invoiceId = '';
  let customerId = '';

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    db = await freshDatabase('sqlite');
    const org = await createOrganization(db, { name: 'Atelier Durand', country: 'BE', currency: 'EUR', timeZone: 'Europe/Brussels', locale: 'fr', bankAccounts: [{ label: 'principal', iban: 'BE68539007547034' }] });
    await createUser(db, org.id, { email: 'ada@durand.test', name: 'Ada', password: PASSWORD, role: 'collector', locale: 'fr' });
    const customer = await createCustomer(db, org.id, { externalRef: 'C042', name: 'Garage Dupont' });
    customerId = customer.id;
    invoiceId = (await createInvoice(db, org.id, { customerId: customer.id, number: 'F-2026-0042', issueDate: '2026-02-01', dueDate: '2026-03-01', currency: 'EUR', amountMinor: 250_50 })).id;
    // A credit matching was unsure of: the payer's name and the amount, nothing else.
    await db.kysely
      .insertInto('bank_lines')
      .values({
        id: 'line-1', organization_id: org.id, identity: 'BE68539007547034|2026-03-03|25050|BANK-1', account_iban: 'BE68539007547034', amount_minor: 250_50, currency: 'EUR',
        booking_date: '2026-03-03', value_date: '2026-03-03', payer_name: 'GARAGE DUPONT SPRL', payer_iban: 'BE71096123456769', reference: null, remittance: 'paiement mars',
        end_to_end_id: null, bank_reference: 'BANK-1', reversal_keys: '[]', status: 'suggested', payment_id: null, file_name: 'releve.xml', created_at: '2026-03-03T18:00:00Z',
        suggestions: JSON.stringify([
          { customerId: customer.id, allocations: [{ invoiceId, amountMinor: 250_50 }], onAccountMinor: 0, confidence: 72, reason: { en: "the payer's name and the exact amount", fr: 'le nom du payeur et le montant exact' } },
        ]),
      })
      .execute();
    // A credit with no clue at all.
    await db.kysely
      .insertInto('bank_lines')
      .values({
        id: 'line-2', organization_id: org.id, identity: 'BE68539007547034|2026-03-04|10000|BANK-2', account_iban: 'BE68539007547034', amount_minor: 100_00, currency: 'EUR',
        booking_date: '2026-03-04', value_date: '2026-03-04', payer_name: 'HOLDING Z', payer_iban: null, reference: null, remittance: 'acompte',
        end_to_end_id: null, bank_reference: 'BANK-2', reversal_keys: '[]', status: 'unmatched', payment_id: null, suggestions: null, file_name: 'releve.xml', created_at: '2026-03-04T18:00:00Z',
      })
      .execute();
    session = await openAppInChromium(db, { signIn: { email: 'ada@durand.test', password: PASSWORD } });
    page = session.page;
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  const openOf = async () => Number((await db.kysely.selectFrom('invoices').select('open_minor').where('id', '=', invoiceId).executeTakeFirstOrThrow()).open_minor);

  it('confirms a suggestion, which pays the invoice, and undoes it from the applied credits', async () => {
    await page.locator('.app-header').waitFor();
    await page.getByRole('link', { name: 'Banque' }).click();
    await page.getByRole('heading', { level: 1, name: 'Crédits bancaires à rapprocher' }).waitFor();
    const line = page.locator('[data-line-id="line-1"]');
    await line.waitFor();
    const suggestion = line.getByTestId('reconciliation-suggestion');
    expect(await suggestion.textContent()).toContain('Garage Dupont');
    expect(await suggestion.textContent()).toContain('sûr à 72 % · le nom du payeur et le montant exact');
    expect(await page.locator('main').textContent()).not.toMatch(RAW);
    await page.screenshot({ path: join(screenshots, 'reconciliation-queue.png'), fullPage: true });

    await suggestion.getByRole('button', { name: 'Confirmer' }).click();
    await page.getByTestId('reconciliation-notice').filter({ hasText: 'Affecté à F-2026-0042.' }).waitFor();
    expect(await openOf()).toBe(0);
    await line.waitFor({ state: 'detached' });

    // The customer's page shows the payment and what it paid.
    await page.goto(`/customers/${customerId}`);
    const payment = page.getByTestId('customer-payment');
    await payment.waitFor();
    expect(await payment.textContent()).toContain('d’un relevé bancaire');
    expect(await payment.textContent()).toMatch(/F-2026-0042 : 250,50\s€/);

    await page.goto('/reconciliation');
    await page.getByLabel('Afficher').selectOption({ label: 'Affectés' });
    await page.locator('[data-line-id="line-1"]').getByRole('button', { name: 'Annuler' }).click();
    await page.getByTestId('reconciliation-notice').filter({ hasText: 'Annulé : le crédit attend de nouveau ici et ses factures sont ouvertes.' }).waitFor();
    expect(await openOf()).toBe(250_50);
  });

  it('splits a credit with no clue by hand: part on an invoice, the rest on the customer\'s account', async () => {
    await page.goto('/reconciliation');
    const line = page.locator('[data-line-id="line-2"]');
    await line.getByText('Aucun indice d’un client', { exact: false }).waitFor();
    await line.getByRole('button', { name: 'Affecter à la main' }).click();
    const form = line.getByTestId('reconcile-by-hand');
    await form.getByLabel('Code client').fill('C999');
    await form.getByRole('button', { name: 'Trouver le client' }).click();
    await form.getByText('Aucun client n’a ce code', { exact: false }).waitFor();
    await form.getByLabel('Code client').fill('C042');
    await form.getByRole('button', { name: 'Trouver le client' }).click();
    await form.getByLabel(/^F-2026-0042/).fill('60,00');
    await form.getByRole('button', { name: 'Affecter', exact: true }).click();
    await page.getByTestId('reconciliation-notice').filter({ hasText: 'Affecté à F-2026-0042.' }).waitFor();
    expect(await openOf()).toBe(250_50 - 60_00);
    await page.goto(`/customers/${customerId}`);
    const payment = page.getByTestId('customer-payment').filter({ hasText: 'BANK-2' });
    await payment.waitFor();
    expect(await payment.textContent()).toMatch(/F-2026-0042 : 60,00\s€ · 40,00\s€ sur le compte/);
  });

  it('fits a 390 px wide screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/reconciliation');
    await page.getByTestId('reconciliation-line').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
