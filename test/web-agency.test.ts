import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMandate } from '../src/adapters/db/stores/mandates.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { openAgencyTask } from '../src/app/mandates/agency-tasks.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { freshDatabase } from './support/engines.js';
import { openAppInChromium, type AppInBrowser } from './support/web-browser.js';

const PASSWORD = 'agency browser words';

describe("an agency's workspace, in Chromium", () => {
  let session: AppInBrowser;
  let caseId: string;

  beforeAll(async () => {
    const db = await freshDatabase('sqlite');
    const alpha = await collectionOrganization(db, 'Alpha Tools');
    const beta = await collectionOrganization(db, 'Beta Build');
    const agency = await createOrganization(db, { name: 'Recouvre Agency', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'en', kind: 'agency' });
    await createUser(db, agency.id, { email: 'agent@recouvre.test', name: 'Agnès Agent', password: PASSWORD, role: 'collector', locale: 'en' });
    // The app runs on the wall clock: the cases were handed long ago and run without an end date.
    const handOver = async (creditorId: string, ref: string, invoices: [string, string, number][], balanceMinor: number) => {
      const { customer, invoiceIds } = await customerWithInvoices(db, creditorId, ref, invoices);
      const mandate = await insertMandate(db, creditorId, {
        customerId: customer.id,
        agencyOrganizationId: agency.id,
        partnerName: agency.name,
        partnerEmail: null,
        actingAs: 'agency',
        feePercentBp: 1250,
        feeFixedMinor: 0,
        currency: 'EUR',
        startsOn: '2025-06-02',
        endsOn: null,
        handedBy: null,
        stepId: 'handoff',
        balanceAtHandoffMinor: balanceMinor,
        overdueDaysAtHandoff: 62,
        invoiceIds: Object.values(invoiceIds),
        note: null,
      });
      await openAgencyTask(db, mandate, { key: 'new', titleEn: 'New case to work', titleFr: 'Nouveau dossier à traiter', detail: null, dueOn: '2025-06-02' }, '2025-06-02');
      return mandate.id;
    };
    caseId = await handOver(alpha.id, 'C1', [['F-1', '2025-03-31', 800_00], ['F-2', '2025-04-30', 400_00]], 1_200_00);
    await handOver(beta.id, 'D1', [['B-1', '2025-04-15', 300_00]], 300_00);
    session = await openAppInChromium(db, { signIn: { email: 'agent@recouvre.test', password: PASSWORD } });
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  it('opens on the cases of both creditors, opens one, records a payment and shows the figures the API gives', async () => {
    const { page } = session;
    await page.getByText('Signed in as Agnès Agent').waitFor();
    const nav = page.getByTestId('agency-nav');
    for (const label of ['Cases', 'Tasks', 'Portfolio', 'Letters', 'Settings']) await nav.getByRole('link', { name: label, exact: true }).waitFor();
    await expect(page.getByRole('link', { name: 'Customers', exact: true }).count()).resolves.toBe(0);

    const rows = page.getByTestId('agency-case-row');
    await rows.nth(1).waitFor();
    expect(await rows.allInnerTexts()).toEqual([expect.stringContaining('Alpha Tools'), expect.stringContaining('Beta Build')]);
    await page.getByLabel('Creditor').selectOption({ label: 'Beta Build' });
    await page.getByTestId('agency-case-count').getByText('1 case', { exact: true }).waitFor();
    await page.getByLabel('Creditor').selectOption({ label: 'All creditors' });
    await page.getByTestId('agency-case-count').getByText('2 cases', { exact: true }).waitFor();

    await page.getByRole('link', { name: 'Customer C1' }).click();
    await page.getByRole('heading', { name: 'Customer C1', level: 1 }).waitFor();
    await page.getByText('Case handed by Alpha Tools on 2 June 2025').waitFor();
    await page.getByTestId('agency-case-terms').getByText('12.5 % of what is recovered.').waitFor();
    await page.getByTestId('agency-case-contacts').getByText('ap-c1@example.test').waitFor();
    expect(await page.getByTestId('agency-case-invoice').count()).toBe(2);
    await page.getByTestId('agency-case-recovered').getByText('€0.00', { exact: true }).waitFor();

    const form = page.getByTestId('agency-payment-form');
    await form.getByLabel('Amount (EUR)').fill('1 000,00');
    await form.getByLabel('Reference').fill('RA-0001');
    await form.getByRole('button', { name: 'Record the payment' }).click();
    await form.getByText('Payment RA-0001 of €1,000.00 is recorded in the books of Alpha Tools.').waitFor();

    const detail = (await (await session.context.request.get(`/api/agency/cases/${caseId}`)).json()) as { recovered: { amount: string }; outstanding: { amount: string }; fee: { amount: string } };
    expect(detail).toMatchObject({ recovered: { amount: '1000.00' }, outstanding: { amount: '200.00' }, fee: { amount: '125.00' } });
    await page.getByTestId('agency-case-recovered').getByText('€1,000.00', { exact: true }).waitFor();
    await page.getByTestId('agency-case-recovered').getByText('83.33 % of what was handed').waitFor();
    await page.getByTestId('agency-case-outstanding').getByText('€200.00', { exact: true }).waitFor();
    await page.getByTestId('agency-case-fee').getByText('€125.00', { exact: true }).waitFor();
    expect(await page.getByTestId('agency-case-invoice').allInnerTexts()).toEqual([expect.stringContaining('F-2')]);
    await page.getByTestId('agency-case-payment').getByText('RA-0001').waitFor();
    await page.getByTestId('agency-case-timeline').getByText('Payment of €1,000.00 collected by Recouvre Agency (reference RA-0001)').waitFor();

    // The same reference again is refused in words.
    await form.getByLabel('Amount (EUR)').fill('5');
    await form.getByLabel('Reference').fill('RA-0001');
    await form.getByRole('button', { name: 'Record the payment' }).click();
    await form.getByText('Alpha Tools already has a payment with this reference').waitFor();
  }, 50_000);

  it('lists the tasks across creditors and marks one done', async () => {
    const { page } = session;
    await page.getByTestId('agency-nav').getByRole('link', { name: 'Tasks', exact: true }).click();
    const tasks = page.getByTestId('agency-task');
    await tasks.nth(1).waitFor();
    expect(await tasks.allInnerTexts()).toEqual([expect.stringContaining('Alpha Tools'), expect.stringContaining('Beta Build')]);
    await tasks.first().getByRole('button', { name: 'Mark done' }).click();
    await page.getByText('Task done: New case to work.').waitFor();
    await expect.poll(() => tasks.count()).toBe(1);
  }, 30_000);
});
