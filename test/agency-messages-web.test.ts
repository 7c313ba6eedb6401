import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import type { MandateRow } from '../src/adapters/db/mandate-schema.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { saveCollectionSettings } from '../src/adapters/db/stores/collection-settings.js';
import { insertMandate } from '../src/adapters/db/stores/mandates.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { listOutboxMessages } from '../src/adapters/db/stores/outbox.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { todayIn } from '../src/core/plain-date.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { freshDatabase } from './support/engines.js';
import { handedCaseTerms } from './support/handed-case.js';
import { openAppInChromium, type AppInBrowser } from './support/web-browser.js';

const PASSWORD = 'agency writes in chromium';

describe('an agency writing to a customer from the case page (Chromium)', () => {
  let db: Db;
  let creditor: OrganizationRow;
  let mandate: MandateRow;
  let opened: AppInBrowser;

  beforeAll(async () => {
    db = await freshDatabase('sqlite');
    creditor = await collectionOrganization(db, 'Alpha Tools');
    const agency = await createOrganization(db, { name: 'Recouvre Agency', legalName: 'Recouvre SAS', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr', kind: 'agency' });
    await saveCollectionSettings(db, agency.id, { senderEmail: 'cases@recouvre.example' });
    await createUser(db, agency.id, { email: 'agent@recouvre.test', name: 'Agnès Agent', password: PASSWORD, role: 'collector', locale: 'en-GB' });
    const { customer, invoiceIds } = await customerWithInvoices(db, creditor.id, 'C1', [['F-1', '2026-01-10', 1_000_00]]);
    // The server reads the wall clock: the case was handed today, so it is live whenever the test runs.
    mandate = await insertMandate(db, creditor.id, handedCaseTerms(agency, customer.id, Object.values(invoiceIds), { startsOn: todayIn('Europe/Paris', new Date()) }));
    opened = await openAppInChromium(db, { signIn: { email: 'agent@recouvre.test', password: PASSWORD } });
  }, 120_000);

  afterAll(async () => {
    await opened?.close();
  });

  it('says in whose name and to whom, starts from a letter of the scenario, and queues the email in the creditor’s outbox', async () => {
    const { page } = opened;
    await page.getByRole('navigation').waitFor();
    await page.goto(`/cases/${mandate.id}`);
    const form = page.getByTestId('agency-message-form');
    await form.waitFor();
    expect(await form.getByTestId('agency-message-addressing').textContent()).toBe('Sent in your own name, as Recouvre SAS <cases@recouvre.example>, to Payables C1 <ap-c1@example.test>.');
    expect(await form.textContent()).toContain('Your signature is added below the text: “Recouvre SAS, mandated by Alpha Tools SAS”.');

    await form.getByRole('button', { name: 'Send the email' }).click();
    await form.getByText('Write a subject.').waitFor();

    await form.getByLabel('Start from a letter of your scenario').selectOption({ label: 'Reminder' });
    await expect.poll(() => form.getByLabel('Subject').inputValue()).toBe('Reminder: €1,000.00 still unpaid to Alpha Tools SAS');
    expect(await form.getByLabel('Message').inputValue()).toContain('Invoice F-1, due 10 January 2026: €1,000.00');

    await form.getByLabel('Subject').fill('Your account with Alpha Tools');
    await form.getByLabel('Message').fill('We have been asked to settle invoice F-1 with you. Please call us.');
    await form.getByRole('button', { name: 'Send the email' }).click();
    await form.getByRole('status').filter({ hasText: 'Your email to Payables C1 is queued' }).waitFor();

    const queued = await listOutboxMessages(db, creditor.id);
    expect(queued.map((row) => [row.subject, row.mandate_id, JSON.parse(row.sender).email])).toEqual([['Your account with Alpha Tools', mandate.id, 'cases@recouvre.example']]);
  });
});
