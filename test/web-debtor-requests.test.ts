import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { askOnPage } from '../src/app/portal/ask-on-page.js';
import { requestPlanOnPage } from '../src/app/portal/request-plan-on-page.js';
import { addDays, todayIn } from '../src/core/plain-date.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { freshDatabase } from './support/engines.js';
import { openAppInChromium, type AppInBrowser } from './support/web-browser.js';

const screenshots = join(import.meta.dirname, '..', 'test-output', 'screenshots');
const PASSWORD = 'what the customer asked';
// What a customer may type on its page, meant to run in the collector's browser.
const HOSTILE = 'Is delivery included? <img src=x onerror="window.__pwned = true"><script>window.__pwned = true</script>';
/** Codes of the API that must never reach a person. */
const RAW = /\b(plan_request|accepted_automatically|missing_document|longer_than_maximum|beyond_policy|not_delivered)\b/;

describe('what the customer asked, on the customer page in Chromium', () => {
  let db: Db;
  let session: AppInBrowser;
  let customerId: string;

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    db = await freshDatabase('sqlite');
    const org = await collectionOrganization(db);
    await createUser(db, org.id, { email: 'admin@durand.test', name: 'Adèle', password: PASSWORD, role: 'admin', locale: 'en' });
    const now = new Date();
    const today = todayIn(org.time_zone, now);
    const ledger = await customerWithInvoices(db, org.id, 'ACME', [['F-100', addDays(today, -40), 240_000], ['F-101', addDays(today, -20), 60_000]]);
    customerId = ledger.customer.id;
    const access = { organizationId: org.id, customerId };
    await requestPlanOnPage(db, access, { instalments: 12, firstOn: addDays(today, 5) }, now);
    await askOnPage(db, access, { kind: 'question', invoiceId: ledger.invoiceIds['F-101']!, message: HOSTILE }, now);
    session = await openAppInChromium(db, { signIn: { email: 'admin@durand.test', password: PASSWORD } });
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it('shows the customer’s words as text, never as markup, in sentences without codes', async () => {
    const { page } = session;
    await page.locator('.app-header').waitFor();
    await page.goto(`/customers/${customerId}#debtor-requests`);
    const section = page.getByTestId('debtor-requests');
    await section.getByRole('heading', { name: 'What the customer asked' }).waitFor();
    await section.getByTestId('debtor-request').nth(1).waitFor();
    expect(await section.getByTestId('debtor-words').textContent()).toBe(HOSTILE);
    expect(await section.locator('img, script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
    const text = (await section.textContent()) ?? '';
    expect(text).toContain('Payment plan');
    expect(text).toContain('It lasts longer than your policy allows.');
    expect(text).toContain('Waiting for you');
    expect(text).not.toMatch(RAW);
    await page.screenshot({ path: join(screenshots, 'debtor-requests-waiting.png'), fullPage: true });
  }, 60_000);

  it('accepts the plan and answers the question; each shows as done', async () => {
    const { page } = session;
    const section = page.getByTestId('debtor-requests');
    const plan = section.getByTestId('debtor-request').filter({ hasText: 'Payment plan' });
    await plan.getByRole('button', { name: 'Accept the plan' }).click();
    await section.getByText('Done. Your answer goes to the customer by email and shows on its page.').waitFor();
    await plan.getByText('Accepted').waitFor();
    expect(await plan.locator('tbody tr').count()).toBe(12);

    const question = section.getByTestId('debtor-request').filter({ hasText: 'Question' });
    await question.getByLabel('Answer (sent to the customer)').fill('Yes: delivery is <b>included</b>.');
    await question.getByRole('button', { name: 'Send the answer' }).click();
    await question.getByText('Answered').waitFor();
    await question.getByText('Yes: delivery is <b>included</b>.').waitFor();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
    await page.screenshot({ path: join(screenshots, 'debtor-requests-answered.png'), fullPage: true });
  }, 60_000);
});
