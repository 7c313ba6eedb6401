import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createCustomer } from '../src/adapters/db/stores/customers.js';
import { createInvoice, createPayment, insertAllocation } from '../src/adapters/db/stores/documents.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { todayIn } from '../src/core/plain-date.js';
import { freshDatabase } from './support/engines.js';
import { openAppInChromium, type AppInBrowser } from './support/web-browser.js';

const PASSWORD = 'correct horse battery';
const ZONE = 'Europe/Paris';

interface MandateAnswer {
  id: string;
  status: string;
  handed: { amount: string };
  recovered: { amount: string };
  outstanding: { amount: string };
  fee: { amount: string };
  recovery_rate_percent: string;
}

describe('handing a case to a partner from the customer page, in Chromium', () => {
  let db: Db;
  let session: AppInBrowser;
  let handedId: string;
  let invoiceId: string;
  let outsideId: string;
  let creditorId: string;

  beforeAll(async () => {
    db = await freshDatabase('sqlite');
    const creditor = await createOrganization(db, { name: 'Alpha', country: 'FR', currency: 'EUR', timeZone: ZONE, locale: 'en' });
    creditorId = creditor.id;
    await createOrganization(db, { name: 'Recouvra', kind: 'agency', country: 'FR', currency: 'EUR', timeZone: ZONE, locale: 'fr' });
    await createUser(db, creditor.id, { email: 'collector@alpha.test', name: 'Chloé Collector', password: PASSWORD, role: 'collector', locale: 'en' });
    handedId = (await createCustomer(db, creditor.id, { externalRef: 'C-1', name: 'Dupont SARL' })).id;
    invoiceId = (await createInvoice(db, creditor.id, { customerId: handedId, number: 'F-1', issueDate: '2025-01-01', dueDate: '2025-01-31', currency: 'EUR', amountMinor: 1000_00 })).id;
    outsideId = (await createCustomer(db, creditor.id, { externalRef: 'C-2', name: 'Martin SA' })).id;
    await createInvoice(db, creditor.id, { customerId: outsideId, number: 'F-2', issueDate: '2025-01-01', dueDate: '2025-01-31', currency: 'EUR', amountMinor: 500_00 });
    session = await openAppInChromium(db, { signIn: { email: 'collector@alpha.test', password: PASSWORD } });
    await session.page.getByText('Signed in as Chloé Collector').waitFor();
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  const mandatesOf = async (customerId: string): Promise<MandateAnswer[]> =>
    ((await (await session.context.request.get(`/api/mandates?customer_id=${customerId}`)).json()) as { items: MandateAnswer[] }).items;

  it('hands the case to an agency, shows it live with the API’s figures and a payment the partner recorded, then takes it back', async () => {
    const { page } = session;
    await page.goto(`/customers/${handedId}`);
    const card = page.getByTestId('mandate-card');
    await card.getByRole('heading', { name: 'Hand-off to a partner' }).waitFor();
    await card.getByLabel('Partner', { exact: true }).selectOption({ label: 'Recouvra' });
    await card.getByLabel('The partner writes').selectOption({ label: 'In its own name' });
    // Typed the French way: the form sends the decimal the API reads.
    await card.getByLabel('Fee on what is recovered (%)').fill('12,5');
    await card.getByLabel('Fixed fee (EUR)').fill('50');
    await card.getByRole('button', { name: 'Hand the case over' }).click();

    await card.getByText('The case is with Recouvra: your scenario stops for this customer and the account owner is told.').waitFor();
    const live = card.getByTestId('mandate-current');
    await live.getByRole('heading', { name: /With Recouvra/ }).waitFor();
    await live.getByText('The partner writes in its own name.').waitFor();
    await live.getByText('Fee: 12.5% of what is recovered, plus €50.00 for the case.').waitFor();
    await live.getByText(/^Handed on \d{1,2} [A-Z][a-z]+ \d{4}, \d+ days after the oldest due date\.$/).waitFor();
    const [handed] = await mandatesOf(handedId);
    expect(handed).toMatchObject({ status: 'active', handed: { amount: '1000.00' }, recovered: { amount: '0.00' }, fee: { amount: '50.00' } });
    expect(await live.getByTestId('mandate-handed').locator('.figure-value').textContent()).toBe('€1,000.00');
    expect(await live.getByTestId('mandate-fee').locator('.figure-value').textContent()).toBe('€50.00');
    await live.getByTestId('mandate-activity').getByText(/Case handed to Recouvra/).waitFor();
    await live.getByText('No payment received since the hand-off.').waitFor();

    // The agency records a payment against the creditor's invoice; the creditor sees it on the next look.
    const payment = await createPayment(db, creditorId, {
      customerId: handedId,
      reference: 'VIR-RECOUVRA-1',
      receivedOn: todayIn(ZONE, new Date()),
      currency: 'EUR',
      amountMinor: 400_00,
    });
    await db.kysely.updateTable('payments').set({ mandate_id: handed!.id }).where('id', '=', payment.id).execute();
    await insertAllocation(db, creditorId, { invoiceId, paymentId: payment.id, amountMinor: 400_00, allocatedOn: payment.received_on });
    await page.reload();
    const after = page.getByTestId('mandate-current');
    const row = after.getByTestId('mandate-payment');
    await row.waitFor();
    expect(await row.textContent()).toContain('VIR-RECOUVRA-1');
    expect(await row.textContent()).toContain('€400.00');
    await row.getByText('The partner').waitFor();
    const [paid] = await mandatesOf(handedId);
    expect(paid).toMatchObject({ recovered: { amount: '400.00' }, outstanding: { amount: '600.00' }, fee: { amount: '100.00' }, recovery_rate_percent: '40' });
    expect(await after.getByTestId('mandate-recovered').locator('.figure-value').textContent()).toBe('€400.00');
    expect(await after.getByTestId('mandate-outstanding').locator('.figure-value').textContent()).toBe('€600.00');
    expect(await after.getByTestId('mandate-fee').locator('.figure-value').textContent()).toBe('€100.00');
    expect(await after.getByTestId('mandate-rate').locator('.figure-value').textContent()).toBe('40%');

    // Taking the case back is asked again, then the form comes back and the mandate is listed as earlier.
    await after.getByRole('button', { name: 'Take the case back' }).click();
    await after.getByText(/^Take the case back from Recouvra\?/).waitFor();
    await after.getByRole('button', { name: 'Yes' }).click();
    const back = page.getByTestId('mandate-card');
    await back.getByText('The case is back with you: your own scenario resumes where the account stands.').waitFor();
    await back.getByTestId('mandate-form').waitFor();
    await back.getByTestId('mandate-past').getByText('Taken back').waitFor();
    expect((await mandatesOf(handedId))[0]!.status).toBe('taken_back');

    // The Hand-offs page lists it among the closed cases, with the same figures.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Hand-offs' }).click();
    await page.getByRole('heading', { name: 'Hand-offs', level: 1 }).waitFor();
    await page.getByText('No case here.').waitFor();
    await page.getByLabel('Show').selectOption({ label: 'Ended or taken back' });
    const listed = page.getByTestId('mandate-row');
    await listed.getByRole('link', { name: 'Dupont SARL' }).waitFor();
    expect(await listed.textContent()).toContain('€400.00');
    expect(await listed.textContent()).toContain('Taken back');
  }, 50_000);

  it('says under the email field that an outside partner’s address is not one, and hands nothing', async () => {
    const { page } = session;
    await page.goto(`/customers/${outsideId}`);
    const card = page.getByTestId('mandate-card');
    await card.getByLabel('Partner', { exact: true }).selectOption({ label: 'Outside partner (by email)' });
    await card.getByLabel('Partner’s name').fill('Cabinet Lefèvre');
    await card.getByLabel('Partner’s email').fill('lefevre-at-avocats.example');
    await card.getByLabel('Fee on what is recovered (%)').fill('10');
    await card.getByRole('button', { name: 'Hand the case over' }).click();
    // Found by its control, so the field stays the same whatever the language of its label.
    const emailField = card.locator('.field', { has: page.locator('#mandate-partner-email') });
    await emailField.getByTestId('field-error').waitFor();
    // Said in the form's own words: no field code and no echo of the server's English.
    expect(await emailField.getByTestId('field-error').textContent()).toBe('Enter the partner’s email address, such as name@example.com.');
    await card.getByText('The case was not handed over: see the messages under the fields.').waitFor();
    expect(await card.locator('.field', { has: page.getByLabel('Partner’s name') }).getByTestId('field-error').count()).toBe(0);
    expect(await mandatesOf(outsideId)).toEqual([]);
    // A French reader gets the same refusal in French, under the same field.
    await page.getByRole('button', { name: 'FR', exact: true }).click();
    await emailField.getByText('Saisissez l’adresse e-mail du partenaire, par exemple nom@exemple.fr.').waitFor();
    await page.getByRole('button', { name: 'EN', exact: true }).click();
  }, 30_000);
});
