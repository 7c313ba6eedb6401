import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { changeOutboxStatus } from '../src/adapters/db/stores/outbox.js';
import { DEMO_ORGANIZATION } from '../src/app/demo/demo-organization.js';
import { loadDemo } from '../src/app/demo/load-demo.js';
import { enqueueMessage } from '../src/app/outbox/enqueue-message.js';
import { todayIn } from '../src/core/plain-date.js';
import { freshDatabase } from './support/engines.js';
import { openAppInChromium, type AppInBrowser } from './support/web-browser.js';

const root = join(import.meta.dirname, '..');
const screenshots = join(root, 'test-output', 'screenshots');

interface MoneyJson {
  amount: string;
  currency: string;
}

/** The digits of a displayed or JSON amount, whatever the locale's separators and symbol. */
function digitsOf(text: string | null): string {
  return (text ?? '').replace(/[^\d-]/g, '').replace(/^(-?)0+(?=\d)/, '$1');
}

interface LateFees {
  invoices: Array<{ number: string }>;
  totals: Array<{ open: MoneyJson; interest: MoneyJson | null; interest_on_file: MoneyJson; indemnity: MoneyJson; fees: MoneyJson | null }>;
}

describe('collection screens in Chromium', () => {
  let db: Db;
  let session: AppInBrowser;
  let context: BrowserContext;
  let page: Page;
  let failedMessageId: string;

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    db = await freshDatabase('sqlite');
    const demo = await loadDemo(db, { customers: 30, invoices: 300, seed: 7, asOf: todayIn(DEMO_ORGANIZATION.timeZone, new Date()) });
    // One message the mail server refused, for the outbox screens.
    const organization = await db.kysely.selectFrom('organizations').select('id').executeTakeFirstOrThrow();
    const customer = await db.kysely.selectFrom('customers').select('id').where('organization_id', '=', organization.id).orderBy('external_ref').executeTakeFirstOrThrow();
    const message = await enqueueMessage(db, organization.id, {
      actionId: 'web-test-action',
      customerId: customer.id,
      channel: 'email',
      recipient: { name: 'Comptabilité', email: 'compta@client.example' },
      sender: { name: 'Service comptable' },
      subject: 'Facture F-TEST-1 : rappel',
      text: 'Bonjour,\n\nSauf erreur de notre part, la facture F-TEST-1 reste à régler.',
      invoiceIds: [],
      notBefore: '2099-01-01T08:00:00Z',
    });
    failedMessageId = message.id;
    await changeOutboxStatus(db, organization.id, message.id, ['queued'], { status: 'failed', last_error: '550 mailbox unavailable', now: new Date().toISOString() });

    session = await openAppInChromium(db, { signIn: demo.login });
    ({ context, page } = session);
    // The demo user reads French; these screens are checked in English, then in French.
    await page.getByRole('heading', { name: 'Aujourd’hui' }).waitFor();
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('heading', { name: 'Today' }).waitFor();
  });

  afterAll(async () => {
    await session?.close();
  });

  async function api<T>(path: string): Promise<T> {
    const response = await context.request.get(path);
    expect(response.status(), `${path} answers`).toBe(200);
    return (await response.json()) as T;
  }

  /**
   * Adds the statutory rate of each half-year the late fees still lack: the built-in table
   * stops at the last published rate, and the demo ledger runs up to today.
   */
  async function addMissingRates(customerId: string): Promise<void> {
    for (let round = 0; round < 6; round++) {
      const fees = await api<LateFees & { law: string; unknown_from: string | null }>(`/api/customers/${customerId}/late-fees`);
      if (!fees.unknown_from) return;
      const [year, month] = fees.unknown_from.split('-');
      const from = `${year}-${Number(month) <= 6 ? '01' : '07'}-01`;
      const response = await context.request.post('/api/late-fees/rates', { data: { law: fees.law, from, rate: '12.15', source: 'Published rate of the half-year' } });
      expect(response.status(), await response.text()).toBe(201);
    }
    throw new Error('late fees still lack a rate after six half-years');
  }

  it("shows on a customer's page the late fees the API computes, and the next collection step with its reason", async () => {
    const top = await api<{ items: Array<{ id: string; name: string }> }>('/api/customers?sort=overdue&order=desc&limit=1');
    const customer = top.items[0]!;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
    await page.getByTestId('customer-list').getByRole('link', { name: customer.name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: customer.name }).waitFor();
    const card = page.getByTestId('late-fees');
    await card.getByRole('heading', { name: 'Late fees' }).waitFor();

    const before = await api<LateFees & { unknown_from: string | null }>(`/api/customers/${customer.id}/late-fees`);
    if (before.unknown_from) {
      // A late day without a rate: the interest is not guessed, the card says which rate is missing.
      await card.getByText(/No late-payment rate is on file from/).waitFor();
      expect(await card.getByText('no rate', { exact: true }).count()).toBeGreaterThan(0);
      // The interest of the half-years on file, the figure reminders state meanwhile, not a blank.
      const partial = await page.getByTestId('late-fees-total').locator('td').allTextContents();
      expect(digitsOf(partial[1]!)).toBe(digitsOf(before.totals[0]!.interest_on_file.amount));
      await addMissingRates(customer.id);
      await page.reload();
      await card.getByRole('heading', { name: 'Late fees' }).waitFor();
    }

    const fees = await api<LateFees>(`/api/customers/${customer.id}/late-fees`);
    // The most overdue demo customer has late invoices; without them the check would say little.
    expect(fees.invoices.length).toBeGreaterThan(0);
    const total = fees.totals[0]!;
    expect(total.fees).not.toBeNull();
    await expect.poll(() => card.locator('tbody tr').count()).toBe(fees.invoices.length);
    expect((await card.locator('tbody tr td:first-child').allTextContents()).sort()).toEqual(fees.invoices.map((i) => i.number).sort());
    await expect.poll(async () => digitsOf(await page.getByTestId('late-fees-fees').textContent())).toBe(digitsOf(total.fees!.amount));
    const cells = await page.getByTestId('late-fees-total').locator('td').allTextContents();
    expect(cells.map(digitsOf)).toEqual([total.open, total.interest!, total.indemnity].map((m) => digitsOf(m.amount)));
    expect(await card.getByText(/No late-payment rate/).count()).toBe(0);

    const collection = await api<{ scenario: { name: { en: string } }; next_step: { reason: { en: string; fr: string } } }>(`/api/customers/${customer.id}/collection`);
    const collectionCard = page.getByTestId('collection');
    await expect.poll(() => page.getByTestId('collection-scenario').textContent()).toBe(collection.scenario.name.en);
    expect(await page.getByTestId('collection-reason').textContent()).toBe(collection.next_step.reason.en);
    await collectionCard.getByRole('heading', { name: 'Pauses' }).waitFor();
    await page.screenshot({ path: join(screenshots, 'customer-collection.png'), fullPage: true });

    // The reason is the engine's own sentence in the reader's language.
    await page.getByRole('button', { name: 'FR' }).click();
    await page.getByRole('heading', { name: 'Pénalités de retard' }).waitFor();
    await expect.poll(() => page.getByTestId('collection-reason').textContent()).toBe(collection.next_step.reason.fr);
    await page.getByRole('button', { name: 'EN', exact: true }).click();
  });

  it("draws the standard scenario's steps along the days from the due date, with the approvals", async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Scenarios' }).click();
    const standard = page.locator('[data-scenario="standard"]');
    await standard.getByRole('heading', { name: /Standard/ }).waitFor();
    const scenarios = await api<{ items: Array<{ id: string; steps: Array<{ id: string; offset_days: number; requires_approval: boolean }> }> }>('/api/scenarios');
    const steps = scenarios.items.find((s) => s.id === 'standard')!.steps;
    // The email and the paper copy of the firm reminder go out the same day: one mark, two steps.
    const days = [...new Set(steps.map((s) => s.offset_days))];
    expect(days).toEqual([-5, 3, 8, 15, 30, 45]);
    const groups = standard.getByTestId('timeline-group');
    await expect.poll(() => groups.count()).toBe(6);
    expect(await groups.evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-offset'))))).toEqual(days);
    expect(await groups.locator('.timeline-day').allTextContents()).toEqual(['D−5', 'D+3', 'D+8', 'D+15', 'D+30', 'D+45']);
    expect(await standard.getByTestId('timeline-step').evaluateAll((items) => items.map((item) => item.getAttribute('data-step')))).toEqual(steps.map((s) => s.id));
    const approvals = standard.locator('[data-testid="timeline-step"]:has([data-testid="step-approval"])');
    expect(await approvals.evaluateAll((items) => items.map((item) => item.getAttribute('data-step')))).toEqual(steps.filter((s) => s.requires_approval).map((s) => s.id));
    await standard.locator('[data-step="formal-notice"]').getByText('Registered letter').waitFor();
    await standard.locator('[data-step="phone-call"]').getByText('Phone call', { exact: true }).first().waitFor();

    // Drawn from left to right in the order of the days.
    const lefts = await groups.evaluateAll((items) => items.map((item) => item.getBoundingClientRect().left + item.getBoundingClientRect().width / 2));
    expect([...lefts].sort((a, b) => a - b)).toEqual(lefts);
    await page.screenshot({ path: join(screenshots, 'scenarios.png'), fullPage: true });

    // In French the days are counted J−5 … J+45 and the steps take their French names.
    await page.getByRole('button', { name: 'FR' }).click();
    await page.getByRole('heading', { name: 'Scénarios de relance' }).waitFor();
    expect(await groups.locator('.timeline-day').allTextContents()).toEqual(['J−5', 'J+3', 'J+8', 'J+15', 'J+30', 'J+45']);
    await standard.locator('[data-step="formal-notice"]').getByText('Mise en demeure').waitFor();
    await standard.locator('[data-step="formal-notice"]').getByText('Validation requise').waitFor();
    await page.screenshot({ path: join(screenshots, 'scenarios-fr.png'), fullPage: true });
    await page.getByRole('button', { name: 'EN', exact: true }).click();
  });

  it('shows a tone hint with its line and column as an apologetic sentence is typed in a template', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Templates' }).click();
    await page.getByRole('heading', { name: 'Template editor' }).waitFor();
    await page.getByLabel('Template').selectOption('courteous-reminder.en');
    const editor = page.locator('#template-text');
    await expect.poll(() => editor.inputValue()).toContain('{%');
    // The built-in template itself is clean.
    await page.getByText('No wording to change.').waitFor();

    await editor.fill('');
    await editor.pressSequentially('Dear customer,\nSorry to bother you about invoice 42.', { delay: 5 });
    const hint = page.getByTestId('tone-hint');
    await expect.poll(() => hint.count()).toBe(1);
    expect(await hint.getAttribute('data-category')).toBe('apologetic');
    await hint.getByText('Apologetic').waitFor();
    await hint.getByRole('button', { name: 'Line 2, column 1' }).waitFor();
    await hint.getByText('Sorry to bother you', { exact: true }).waitFor();
    await hint.getByText(/According to our records/).waitFor();

    // Choosing the hint selects the words in the text.
    await hint.getByRole('button', { name: 'Line 2, column 1' }).click();
    expect(await editor.evaluate((area: HTMLTextAreaElement) => area.value.slice(area.selectionStart, area.selectionEnd))).toBe('Sorry to bother you');
    await page.screenshot({ path: join(screenshots, 'template-editor.png'), fullPage: true });

    // Rewording it clears the hint.
    await editor.fill('Dear customer,\nAccording to our records, invoice 42 is still open.');
    await page.getByText('No wording to change.').waitFor();
    expect(await hint.count()).toBe(0);
  });

  it('lists the failed message in the outbox, shows its text, and cancels it', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Outbox' }).click();
    await page.getByRole('heading', { name: 'Outbox' }).waitFor();
    await page.getByLabel('Status').selectOption('failed');
    const rows = page.getByTestId('outbox-row');
    await expect.poll(() => rows.count()).toBe(1);
    await rows.first().getByText('Failed').waitFor();
    await page.screenshot({ path: join(screenshots, 'outbox.png'), fullPage: true });
    await rows.first().getByRole('link', { name: 'Facture F-TEST-1 : rappel' }).click();

    const message = page.getByTestId('outbox-message');
    await message.getByText('550 mailbox unavailable').waitFor();
    expect(await page.getByTestId('outbox-text').textContent()).toContain('la facture F-TEST-1 reste à régler');
    await page.getByRole('button', { name: 'Cancel the message' }).click();
    await message.locator('[data-status="cancelled"]').waitFor();
    expect(await page.getByRole('button', { name: 'Send again' }).count()).toBe(0);
    const after = await api<{ status: string }>(`/api/outbox/${failedMessageId}`);
    expect(after.status).toBe('cancelled');
    await page.screenshot({ path: join(screenshots, 'outbox-message.png'), fullPage: true });
  });
});
