import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomer } from '../src/adapters/db/stores/customers.js';
import { createInvoice } from '../src/adapters/db/stores/documents.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { freshDatabase } from './support/engines.js';
import { openAppInChromium, type AppInBrowser } from './support/web-browser.js';

const PASSWORD = 'correct horse battery';

describe('the case file on the customer page, in Chromium', () => {
  let session: AppInBrowser;
  let customerId: string;

  beforeAll(async () => {
    const db = await freshDatabase('sqlite');
    const org = await createOrganization(db, { name: 'Alpha', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'en' });
    await createUser(db, org.id, { email: 'admin@alpha.test', name: 'Alice Martin', password: PASSWORD, role: 'admin' });
    customerId = (await createCustomer(db, org.id, { externalRef: 'C-1', name: 'Dupont SARL' })).id;
    await createInvoice(db, org.id, { customerId, number: 'F-1', issueDate: '2025-01-01', dueDate: '2025-01-31', currency: 'EUR', amountMinor: 1000_00 });
    session = await openAppInChromium(db, { signIn: { email: 'admin@alpha.test', password: PASSWORD } });
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  it('downloads the ZIP in one click (French labels for a French creditor), named after the customer, with the figures the API reports', async () => {
    const { page } = session;
    // Signed in once the header names the user (the app follows the organization's language).
    await page.getByText('Connecté en tant que Alice Martin').waitFor();
    await page.goto(`/customers/${customerId}`);
    const card = page.getByTestId('dossier-card');
    await card.getByRole('heading', { name: 'Dossier de recouvrement' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Télécharger le dossier' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^dossier-C-1-\d{4}-\d{2}-\d{2}\.zip$/);
    const files = unzipSync(readFileSync((await download.path())!));
    const manifest = JSON.parse(strFromU8(files['manifest.json']!));
    expect(manifest.figures).toMatchObject({ currency: 'EUR', balance: '1000.00', overdue: '1000.00' });
    // Interest runs to today on the wall clock, past the last half-year on file: the API and the file both count the known days only.
    const fees = (await (await session.context.request.get(`/api/customers/${customerId}/late-fees`)).json()) as { totals: { interest: { amount: string } | null; interest_on_file: { amount: string } }[] };
    expect(manifest.figures.interest).toBe(fees.totals[0]!.interest?.amount ?? null);
    expect(manifest.figures.interest_on_file).toBe(fees.totals[0]!.interest_on_file.amount);
    await card.getByText(`Le dossier est téléchargé : ${download.suggestedFilename()}.`).waitFor();
  }, 45_000);
});
