import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { saveCollectionSettings } from '../src/adapters/db/stores/collection-settings.js';
import { listCreditorMandates } from '../src/adapters/db/stores/mandates.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import { addDays, todayIn } from '../src/core/plain-date.js';
import { alreadyReminded, collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { freshDatabase } from './support/engines.js';
import { openAppInChromium, type AppInBrowser } from './support/web-browser.js';

const PASSWORD = 'correct horse battery';

describe('the hand-off step’s default partner in the settings, in Chromium', () => {
  let db: Db;
  let org: OrganizationRow;
  let agency: OrganizationRow;
  let session: AppInBrowser;

  beforeAll(async () => {
    db = await freshDatabase('sqlite');
    org = await collectionOrganization(db, 'Atelier Durand');
    agency = await createOrganization(db, { name: 'Recouvra Conseil', kind: 'agency', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    await createUser(db, org.id, { email: 'admin@durand.test', name: 'Alice Admin', password: PASSWORD, role: 'admin', locale: 'en' });
    session = await openAppInChromium(db, { signIn: { email: 'admin@durand.test', password: PASSWORD } });
    await session.page.getByText('Signed in as Alice Admin').waitFor();
  }, 120_000);
  afterAll(async () => {
    await session?.close();
  });

  it('keeps the agency and terms chosen, says a refused term under its field, and goes back to a task for a person', async () => {
    const { page } = session;
    await page.goto('/settings');
    const form = page.getByTestId('handoff-partner-form');
    await form.getByText('Hand-off step', { exact: true }).waitFor();
    expect(await form.getByLabel('Hand cases to').inputValue()).toBe('');
    await form.getByLabel('Hand cases to').selectOption({ label: 'Recouvra Conseil' });
    await form.getByLabel('The partner writes').selectOption({ label: 'In its own name' });
    await form.getByLabel('Fee on what is recovered (%)').fill('12,5');
    await form.getByLabel('Fixed fee (EUR)').fill('40');
    await form.getByLabel('Length of each mandate (days)').fill('ninety');
    await form.getByRole('button', { name: 'Save the hand-off step' }).click();
    await form.getByText('Enter a whole number of days from 1 to 3650, or leave it empty.').waitFor();
    await form.getByText('Nothing was saved: see the messages under the fields.').waitFor();
    expect(await form.getByTestId('field-error').count()).toBe(1);

    await form.getByLabel('Length of each mandate (days)').fill('90');
    await form.getByRole('button', { name: 'Save the hand-off step' }).click();
    await form.getByText('Saved: the hand-off step hands cases to Recouvra Conseil.').waitFor();
    const saved = await (await session.context.request.get('/api/settings/collection')).json();
    expect(saved.handoff_partner).toEqual({ agency_organization_id: agency.id, acting_as: 'agency', fee_percent: '12.5', fee_fixed: { amount: '40.00', currency: 'EUR' }, term_days: 90 });

    await page.reload();
    const kept = page.getByTestId('handoff-partner-form');
    await kept.getByLabel('Length of each mandate (days)').waitFor();
    expect(await kept.getByLabel('Hand cases to').inputValue()).toBe(agency.id);
    expect(await kept.getByLabel('The partner writes').inputValue()).toBe('agency');
    expect(await kept.getByLabel('Fee on what is recovered (%)').inputValue()).toBe('12.5');
    expect(await kept.getByLabel('Fixed fee (EUR)').inputValue()).toBe('40.00');
    expect(await kept.getByLabel('Length of each mandate (days)').inputValue()).toBe('90');

    // Nobody: the terms fold away and the step leaves a task for a person again.
    await kept.getByLabel('Hand cases to').selectOption({ label: 'Nobody: make a task for a person' });
    expect(await kept.getByLabel('Fee on what is recovered (%)').count()).toBe(0);
    await kept.getByRole('button', { name: 'Save the hand-off step' }).click();
    await kept.getByText('Saved: the hand-off step leaves a task for a person.').waitFor();
    expect((await (await session.context.request.get('/api/settings/collection')).json()).handoff_partner).toBeNull();
  });

  /** A customer whose formal notice's deadline has passed, and the run that holds its hand-off step for approval. */
  const awaitingHandoff = async (ref: string) => {
    await saveCollectionSettings(db, org.id, { approvalThresholdMinor: null, handoffPartner: { agencyOrganizationId: agency.id, actingAs: 'agency', feePercentBp: 1500, feeFixedMinor: 0, termDays: null } });
    const today = todayIn('Europe/Paris', new Date());
    const { customer } = await customerWithInvoices(db, org.id, ref, [[`F-${ref}`, addDays(today, -100), 3_000_00]]);
    await alreadyReminded(db, org.id, customer.id, [
      ['courteous-reminder', addDays(today, -95)],
      ['firm-reminder', addDays(today, -82)],
      ['firm-reminder-letter', addDays(today, -82)],
      ['formal-notice', addDays(today, -67)],
    ]);
    await runCollection(db, org, { asOf: today, now: new Date(), customerIds: [customer.id], send: false });
    return customer;
  };

  it('says in words, naming the agency, that an approved hand-off step handed the case', async () => {
    const customer = await awaitingHandoff('C300');
    const { page } = session;
    await page.goto('/tasks?kind=approval');
    const row = page.getByTestId('task-row').filter({ hasText: 'Customer C300' });
    await row.getByRole('button', { name: 'Approve' }).click();
    const message = page.getByTestId('task-message');
    await message.getByText(/^Approved: .+\. The case is handed to Recouvra Conseil; your own reminders stop while the mandate lasts\.$/).waitFor();
    const [mandate] = await listCreditorMandates(db, org.id, { customerId: customer.id });
    expect(mandate).toMatchObject({ agency_organization_id: agency.id, status: 'active', step_id: 'handoff', handed_by: null });
  });

  it('counts the cases an approval from Today handed to the partner', async () => {
    const customer = await awaitingHandoff('C400');
    const { page } = session;
    await page.goto('/');
    await page.getByRole('checkbox', { name: 'Select Customer C400 for approval' }).check();
    await page.getByRole('button', { name: 'Approve selected' }).click();
    await page.getByTestId('today-message').getByText('1 case handed to the partner: your own reminders stop while the mandate lasts.').waitFor();
    expect(await listCreditorMandates(db, org.id, { customerId: customer.id })).toHaveLength(1);
  });
});
