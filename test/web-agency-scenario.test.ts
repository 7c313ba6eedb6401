import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveCollectionSettings } from '../src/adapters/db/stores/collection-settings.js';
import { insertMandate } from '../src/adapters/db/stores/mandates.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { freshDatabase } from './support/engines.js';
import { handedCaseTerms } from './support/handed-case.js';
import { openAppInChromium, type AppInBrowser } from './support/web-browser.js';

const PASSWORD = 'agency letters words';
const OWN_TEXT = '--- subject\nDossier {{ customer.number }}\n--- text\nBonjour {{ customer.name }}, merci de régler {{ balance | money }} sans tarder.\n';

describe("an agency's own letters, in Chromium", () => {
  let session: AppInBrowser;

  beforeAll(async () => {
    const db = await freshDatabase('sqlite');
    const creditor = await collectionOrganization(db, 'Alpha Tools');
    const agency = await createOrganization(db, { name: 'Recouvre Agency', legalName: 'Recouvre SAS', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'en', kind: 'agency' });
    await saveCollectionSettings(db, agency.id, { senderEmail: 'cases@recouvre.example' });
    await createUser(db, agency.id, { email: 'admin@recouvre.test', name: 'Adèle Admin', password: PASSWORD, role: 'admin', locale: 'en' });
    // The app runs on the wall clock: the case was handed long ago and runs without an end date.
    const handed = await customerWithInvoices(db, creditor.id, 'C1', [['F-1', '2025-03-31', 800_00]], { language: 'fr' });
    await insertMandate(db, creditor.id, handedCaseTerms(agency, handed.customer.id, [handed.invoiceIds['F-1']!], { startsOn: '2025-06-02' }));
    session = await openAppInChromium(db, { signIn: { email: 'admin@recouvre.test', password: PASSWORD } });
    session.page.on('dialog', (dialog) => void dialog.accept());
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  it('moves the reminder to day 14, refuses a last notice before it in words, and keeps the day after a reload', async () => {
    const { page } = session;
    const nav = page.getByTestId('agency-nav');
    await nav.getByRole('link', { name: 'Letters', exact: true }).click();
    await expect(nav.getByRole('link', { name: 'Scenarios', exact: true }).count()).resolves.toBe(0);
    await page.getByRole('heading', { name: 'Letters', level: 1 }).waitFor();
    await page.getByText('These are the built-in days').waitFor();

    const reminderDay = page.getByLabel('Day of the letter “Reminder”');
    expect(await reminderDay.inputValue()).toBe('10');
    await reminderDay.fill('14');
    await page.getByText('14 days after the hand-off.').waitFor();
    await page.getByLabel('Day of the letter “Last notice before legal action”').fill('12');
    await page.getByRole('button', { name: 'Save the days' }).click();
    const refusal = page.getByTestId('agency-step-last_notice').getByTestId('field-error');
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe('The last notice before legal action must go after the reminder (day 14): pick a later day.');

    await page.getByLabel('Day of the letter “Last notice before legal action”').fill('30');
    await page.getByRole('button', { name: 'Save the days' }).click();
    await page.getByText('Saved: your next run follows these days.').waitFor();
    await page.reload();
    await page.getByText('Your own days, saved on').waitFor();
    expect(await page.getByLabel('Day of the letter “Reminder”').inputValue()).toBe('14');
    expect(await page.getByLabel('Day of the letter “Last notice before legal action”').inputValue()).toBe('30');
  });

  it("replaces the French first letter with the agency's own text, shows it in the preview, then goes back to the built-in one", async () => {
    const { page } = session;
    await page.getByLabel('Letter', { exact: true }).selectOption({ label: 'First letter' });
    await page.getByLabel('Language of the letter').selectOption({ label: 'French' });
    const origin = page.getByTestId('agency-letter-origin');
    await origin.getByText('Built-in text').waitFor();
    const rendered = page.getByTestId('agency-letter-rendered');
    await rendered.waitFor();
    await page.getByText('The saved letter as it would go today to Customer C1, on the case Alpha Tools handed to you').waitFor();
    expect(await rendered.textContent()).not.toContain('sans tarder');

    const text = page.getByLabel('Text of the letter');
    // A variable that does not exist is refused in words, with its place.
    await text.fill(OWN_TEXT.replace('{{ customer.name }}', '{{ client.nom }}'));
    await page.getByRole('button', { name: 'Save your text' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const said = (await alert.textContent()) ?? '';
    expect(said).toMatch(/Line \d+, column \d+: the template uses \{\{ client \}\}, which does not exist/);
    expect(said).not.toContain('.liquid');

    await text.fill(OWN_TEXT);
    await page.getByRole('button', { name: 'Save your text' }).click();
    await page.getByText('Saved: your letters now use this text.').waitFor();
    await origin.getByText('Your own text, saved on').waitFor();
    await rendered.getByText('Bonjour Customer C1, merci de régler').waitFor();
    expect(await rendered.textContent()).toContain('sans tarder');

    await page.getByRole('button', { name: 'Back to the built-in text' }).click();
    await page.getByText('Back to the built-in text: your letters use it again.').waitFor();
    await origin.getByText('Built-in text').waitFor();
    await expect.poll(async () => rendered.textContent()).not.toContain('sans tarder');
    expect(await text.inputValue()).not.toContain('sans tarder');
  });

  it('fits a phone’s screen: no sideways scrolling', async () => {
    const { page } = session;
    await page.setViewportSize({ width: 375, height: 812 });
    await page.reload();
    await page.getByTestId('agency-letter-rendered').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });
});
