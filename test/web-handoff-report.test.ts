import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPayment, insertAllocation } from '../src/adapters/db/stores/documents.js';
import { insertMandate, type NewMandate } from '../src/adapters/db/stores/mandates.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { customerWithInvoices } from './support/collection-ledger.js';
import { freshDatabase } from './support/engines.js';
import { openAppInChromium, type AppInBrowser } from './support/web-browser.js';

const PASSWORD = 'correct horse battery';

/** The rows of a CSV file the app saved: BOM, CRLF, no quoted fields in these figures. */
function csvRows(path: string): string[][] {
  const text = readFileSync(path, 'utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  return text.slice(1).split('\r\n').filter((line) => line !== '').map((line) => line.split(','));
}

describe('hand-off results and the agency portfolio, in Chromium', () => {
  let session: AppInBrowser;

  beforeAll(async () => {
    const db = await freshDatabase('sqlite');
    const alpha = await createOrganization(db, { name: 'Alpha', country: 'IE', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'en' });
    const agency = await createOrganization(db, { name: 'Recouvre Agency', country: 'IE', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'en', kind: 'agency' });
    await createUser(db, alpha.id, { email: 'viewer@alpha.test', name: 'Victor Viewer', password: PASSWORD, role: 'viewer', locale: 'en-IE' });
    await createUser(db, agency.id, { email: 'agent@recouvre.test', name: 'Agnès Agent', password: PASSWORD, role: 'collector', locale: 'en-IE' });
    const hand = async (ref: string, amountMinor: number, paidMinor: number, terms: Partial<NewMandate>) => {
      const { customer, invoiceIds } = await customerWithInvoices(db, alpha.id, ref, [[`F-${ref}`, '2024-10-01', amountMinor]]);
      await insertMandate(db, alpha.id, {
        customerId: customer.id, agencyOrganizationId: agency.id, partnerName: agency.name, partnerEmail: null, actingAs: 'agency', feePercentBp: 1500, feeFixedMinor: 0,
        currency: 'EUR', startsOn: '2025-01-10', endsOn: null, handedBy: null, stepId: 'handoff', balanceAtHandoffMinor: amountMinor, overdueDaysAtHandoff: 101,
        invoiceIds: Object.values(invoiceIds), note: null, ...terms,
      });
      const payment = await createPayment(db, alpha.id, { customerId: customer.id, reference: `P-${ref}`, receivedOn: '2025-02-01', currency: 'EUR', amountMinor: paidMinor });
      await insertAllocation(db, alpha.id, { invoiceId: invoiceIds[`F-${ref}`]!, paymentId: payment.id, amountMinor: paidMinor, allocatedOn: '2025-02-01' });
    };
    await hand('A-1', 1000_00, 300_00, { feeFixedMinor: 20_00 });
    await hand('A-2', 800_00, 800_00, { agencyOrganizationId: null, partnerName: 'Maître Lenoir', partnerEmail: 'lenoir@avocats.test', actingAs: 'creditor', stepId: null, feePercentBp: 2000 });
    session = await openAppInChromium(db, { signIn: { email: 'viewer@alpha.test', password: PASSWORD } });
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  it("shows the creditor each partner's recovery in a chart and tables with the API's figures, and downloads them as CSV", async () => {
    const { page } = session;
    await page.getByText('Signed in as Victor Viewer').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Hand-offs' }).click();
    await page.getByRole('main').getByRole('link', { name: 'Hand-off results' }).click();
    await page.getByRole('heading', { name: 'Hand-off results', level: 1 }).waitFor();
    await expect.poll(() => page.locator('[data-testid="recovery-bars"] .recharts-bar-rectangle').count()).toBe(4);
    await expect.poll(() => page.getByTestId('handoff-recovered').textContent()).toContain('€1,100.00');
    expect(await page.getByTestId('handoff-handed').textContent()).toContain('€1,800.00');
    expect(await page.getByTestId('handoff-rate').textContent()).toContain('61.11%');
    expect(await page.getByTestId('handoff-fees').textContent()).toContain('€225.00');
    const partners = page.getByTestId('handoffs-by-partner');
    expect(await partners.locator('tbody tr').allInnerTexts()).toEqual([
      'Recouvre Agency\t1\t€1,000.00\t€300.00\t30%\t€65.00',
      'Maître Lenoir (outside partner)\t1\t€800.00\t€800.00\t100%\t€160.00',
      'All hand-offs\t2\t€1,800.00\t€1,100.00\t61.11%\t€225.00',
    ]);
    expect(await page.getByTestId('handoffs-by-step').locator('tbody th').allInnerTexts()).toEqual(['Hand-off to collection', 'Handed by a person', 'All hand-offs']);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('handoffs-partner-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^handoffs-by-partner-\d{4}-\d{2}-\d{2}\.csv$/);
    const api = (await (await session.context.request.get('/api/reports/handoffs')).json()) as { by_partner: { label: { en: string }; handed: { amount: string }; recovered: { amount: string } }[] };
    const rows = csvRows((await download.path())!);
    expect(rows[0]).toEqual(['Key', 'Partner', 'Cases', 'Currency', 'Handed', 'Recovered', 'Recovery rate (%)', 'Fees']);
    expect(rows.slice(1, -1).map((row) => [row[1], row[4], row[5]])).toEqual(api.by_partner.map((row) => [row.label.en, row.handed.amount, row.recovered.amount]));
    await page.getByText(`The file is downloaded: ${download.suggestedFilename()}.`).waitFor();

    // On a phone the page fits the screen: the tables become cards that name each figure.
    await page.setViewportSize({ width: 390, height: 844 });
    // The chart follows its box once the browser has told it the new width.
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await partners.locator('tbody tr').first().locator('td').nth(1).getAttribute('data-label')).toBe('Handed');
    await page.setViewportSize({ width: 1280, height: 900 });

    // A period with no hand-off says so instead of drawing empty bars.
    await page.getByLabel('Handed from').fill('2025-06-01');
    await page.getByText('No case was handed to a partner in this period.').waitFor();
    expect(await page.getByTestId('handoff-cases').textContent()).toContain('0');
  }, 45_000);

  it('shows the agency its portfolio per creditor, and downloads it as CSV', async () => {
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', baseURL: session.baseUrl });
    try {
      const page = await context.newPage();
      await page.goto('/');
      await page.getByLabel('Email').fill('agent@recouvre.test');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('Signed in as Agnès Agent').waitFor();
      await page.goto('/portfolio');
      await page.getByRole('heading', { name: 'Portfolio', level: 1 }).waitFor();
      await expect.poll(() => page.locator('[data-testid="recovery-bars"] .recharts-bar-rectangle').count()).toBe(2);
      expect(await page.getByTestId('portfolio').locator('tbody tr').allInnerTexts()).toEqual(['Alpha\t1\t0\t€1,000.00\t€300.00\t€700.00\t30%\t€65.00']);
      expect(await page.locator('main').textContent()).not.toContain('A-1');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('portfolio-csv').click()]);
      expect(download.suggestedFilename()).toMatch(/^portfolio-\d{4}-\d{2}-\d{2}\.csv$/);
      expect(csvRows((await download.path())!)[1]).toEqual(['Alpha', '1', '0', 'EUR', '1000.00', '300.00', '700.00', '30', '65.00']);
      // The creditor's name opens the agency's cases of that creditor.
      await page.getByTestId('portfolio').getByRole('link', { name: 'Alpha' }).click();
      await page.waitForURL(/\/cases\?creditor=/);
    } finally {
      await context.close();
    }
  }, 45_000);
});
