import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORGANIZATION } from '../src/app/demo/demo-organization.js';
import { addDays, todayIn, type PlainDate } from '../src/core/plain-date.js';
import { openDemoInChromium, type DemoInBrowser } from './support/web-browser.js';

// Through the debugging protocol: the app's Content-Security-Policy refuses inline scripts.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const screenshots = join(import.meta.dirname, '..', 'test-output', 'screenshots');

/** "16 December 2026": a date inside an English sentence. */
function inWords(day: PlainDate): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, date)));
}

describe('acting on the top customer from its page, in Chromium', () => {
  let session: DemoInBrowser;
  let context: BrowserContext;
  let page: Page;
  let customerId: string;
  const today = todayIn(DEMO_ORGANIZATION.timeZone, new Date());

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    session = await openDemoInChromium({ customers: 10, invoices: 60, seed: 3 }, { english: true });
    ({ context, page } = session);
    const top = (await (await context.request.get('/api/customers?sort=overdue')).json()) as { items: { id: string }[] };
    customerId = top.items[0]!.id;
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  const api = async <T>(path: string): Promise<T> => {
    const response = await context.request.get(path);
    expect(response.status(), path).toBe(200);
    return (await response.json()) as T;
  };
  /** Opens a customer's page in English (the demo users read French). */
  const openCustomer = async (id: string) => {
    await page.goto(`/customers/${id}`);
    const heading = page.getByTestId('customer-actions').getByRole('heading', { level: 2 });
    await heading.waitFor();
    if ((await heading.textContent()) !== 'Act on this account') await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('heading', { name: 'Act on this account' }).waitFor();
  };
  const outboxCount = async () => (await api<{ items: unknown[] }>(`/api/outbox?customer=${customerId}&limit=500`)).items.length;

  it('previews the next message of a customer a step is due for, as it would go: channel, recipient, subject, text', async () => {
    const customers = (await api<{ items: { id: string }[] }>('/api/customers?sort=overdue')).items;
    let due: string | null = null;
    for (const { id } of customers) {
      if ((await api<{ next_step: { kind: string } }>(`/api/customers/${id}/collection`)).next_step.kind === 'send') {
        due = id;
        break;
      }
    }
    expect(due, 'a demo customer with a step due today').not.toBeNull();
    const preview = await api<{ status: string; messages: { channel: string; subject: string; recipient: { email?: string } }[] }>(`/api/customers/${due}/next-step/preview`);
    expect(preview.status).toBe('ready');
    await openCustomer(due!);
    const panel = page.getByTestId('customer-actions');
    await panel.getByRole('button', { name: 'Preview the next message' }).click();
    const message = panel.getByTestId('previewed-message').first();
    await message.waitFor();
    expect(await message.getByTestId('preview-subject').textContent()).toBe(preview.messages[0]!.subject);
    if (preview.messages[0]!.recipient.email) expect(await message.getByTestId('preview-recipient').textContent()).toContain(preview.messages[0]!.recipient.email);
    expect(await message.getByTestId('preview-text').textContent()).toBeTruthy();
      });

  it('records a promise, a dispute resolved, a three-instalment plan and a hold; the timeline has each in order and the next run sends nothing while paused', async () => {
    await openCustomer(customerId);
    const panel = page.getByTestId('customer-actions');
    await panel.getByRole('heading', { name: 'Act on this account' }).waitFor();
    // The rest of the page hears of every change.
    await page.evaluate(() => {
      (window as unknown as { changes: number }).changes = 0;
      window.addEventListener('relance:customer-changed', () => (window as unknown as { changes: number }).changes++);
    });

    // A promise to pay.
    const promisedOn = addDays(today, 10);
    await panel.getByRole('button', { name: 'Record a promise' }).click();
    const promise = panel.getByTestId('promise-form');
    await promise.getByLabel('Promised payment date').fill(promisedOn);
    await promise.getByLabel('Amount promised (EUR)').fill('12,5x');
    await promise.getByRole('button', { name: 'Record the promise' }).click();
    await promise.getByTestId('field-error').filter({ hasText: 'Enter the amount as a number more than zero' }).waitFor();
    await promise.getByLabel('Amount promised (EUR)').fill('1 250.00');
    await promise.getByRole('button', { name: 'Record the promise' }).click();
    await panel.getByTestId('action-done').filter({ hasText: `Promise of €1,250.00 recorded: reminders wait until ${inWords(promisedOn)}.` }).waitFor();

    // A dispute on one invoice, then rejected.
    await panel.getByRole('button', { name: 'Open a dispute' }).click();
    const dispute = panel.getByTestId('dispute-form');
    await dispute.getByRole('button', { name: 'Open the dispute' }).click();
    await dispute.getByText('Choose at least one invoice.').waitFor();
    const firstInvoice = dispute.getByRole('checkbox').first();
    const disputedNumber = ((await firstInvoice.locator('xpath=..').textContent()) ?? '').split('·')[0]!.trim();
    await firstInvoice.check();
    await dispute.getByLabel('Reason').selectOption({ label: 'Not delivered' });
    await dispute.getByLabel('What the customer says').fill('The second pallet never arrived');
    await dispute.getByRole('button', { name: 'Open the dispute' }).click();
    await panel.getByTestId('action-done').filter({ hasText: 'Dispute opened on 1 invoice: it is no longer reminded.' }).waitFor();
    const disputes = panel.getByTestId('open-disputes');
    await disputes.getByText(`Invoice ${disputedNumber}: Not delivered, opened on ${inWords(today)}`).waitFor();
    await disputes.getByRole('button', { name: 'Resolve' }).click();
    const resolve = panel.getByTestId('resolve-form');
    await resolve.getByLabel('Rejected: reminders resume').check();
    await resolve.getByRole('button', { name: 'Resolve the dispute' }).click();
    await panel.getByTestId('action-done').filter({ hasText: `Dispute rejected: invoice ${disputedNumber} is reminded again from the next run.` }).waitFor();
    await expect.poll(() => panel.getByTestId('open-disputes').count()).toBe(0);

    // A three-instalment plan: the schedule shows before it is agreed, and after.
    const firstInstalment = addDays(today, 15);
    await panel.getByRole('button', { name: 'Set up a payment plan' }).click();
    const plan = panel.getByTestId('plan-form');
    await plan.getByLabel('Number of instalments').fill('3');
    await plan.getByLabel('First instalment on').fill(firstInstalment);
    await plan.getByRole('button', { name: 'Show the schedule' }).click();
    const proposal = plan.getByTestId('plan-proposal');
    await proposal.waitFor();
    expect(await proposal.locator('tbody tr').count()).toBe(3);
    expect(await proposal.locator('tbody tr').first().textContent()).toContain(inWords(firstInstalment));
    await plan.getByRole('button', { name: 'Agree this plan' }).click();
    await panel.getByTestId('action-done').filter({ hasText: 'Payment plan agreed: 3 instalments. Reminders follow its instalments.' }).waitFor();
    const schedule = panel.getByTestId('plan-schedule');
    await schedule.waitFor();
    expect(await schedule.locator('tbody tr').count()).toBe(3);

    // A hold: a missing reason is said in words, under its field.
    const holdUntil = addDays(today, 20);
    await panel.getByRole('button', { name: 'Put on hold' }).click();
    const hold = panel.getByTestId('hold-form');
    await hold.getByLabel('Until').fill(holdUntil);
    await hold.getByRole('button', { name: 'Put on hold' }).click();
    await hold.getByTestId('field-error').filter({ hasText: 'Say why the account is on hold.' }).waitFor();
    await hold.getByLabel('Reason').fill('Talking to their CFO');
    await hold.getByRole('button', { name: 'Put on hold' }).click();
    await panel.getByTestId('action-done').filter({ hasText: `On hold until ${inWords(holdUntil)}: no reminder leaves before then.` }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { changes: number }).changes)).toBe(5);

    // While on hold: nothing to preview, and "send now" says why not, in words.
    await panel.getByRole('button', { name: 'Preview the next message' }).click();
    await panel.getByTestId('preview-nothing').filter({ hasText: 'The account is on hold.' }).waitFor();
    await panel.getByRole('button', { name: 'Send the next step now' }).click();
    await panel.getByTestId('send-now').getByRole('button', { name: 'Send now' }).click();
    await panel.getByTestId('action-error').filter({ hasText: 'Nothing can be sent now: a pause applies to this customer.' }).waitFor();
    await panel.screenshot({ path: join(screenshots, 'customer-actions.png') });

    // The timeline holds each of these, in the order they were done.
    const collection = await api<{ timeline: { kind: string }[]; next_step: { kind: string; why: string } }>(`/api/customers/${customerId}/collection`);
    const kinds = collection.timeline.map((event) => event.kind).filter((kind) => ['promise_added', 'dispute_opened', 'dispute_resolved', 'payment_plan_added', 'hold_added'].includes(kind));
    expect(kinds).toEqual(['promise_added', 'dispute_opened', 'dispute_resolved', 'payment_plan_added', 'hold_added']);
    expect(collection.next_step).toMatchObject({ kind: 'none', why: 'on_hold' });

    // The next run, today and on the hold's last day, writes nothing for this customer.
    const before = await outboxCount();
    const run = await context.request.post('/api/collection/runs', { data: { as_of: today } });
    expect(run.status()).toBe(200);
    const report = (await run.json()) as { actions: { customer_id: string }[] };
    expect(report.actions.filter((action) => action.customer_id === customerId)).toEqual([]);
    expect(await outboxCount()).toBe(before);
    const later = (await (await context.request.post('/api/collection/runs', { data: { as_of: holdUntil, dry_run: true } })).json()) as { actions: { customer_id: string }[] };
    expect(later.actions.filter((action) => action.customer_id === customerId)).toEqual([]);
  });

  it('records what a customer says it already paid: its invoices wait while the payment is looked for', async () => {
    await openCustomer(customerId);
    const panel = page.getByTestId('customer-actions');
    await panel.getByRole('button', { name: 'Customer says it paid' }).click();
    const claim = panel.getByTestId('claim-form');
    await claim.getByLabel('Day the customer says it paid').fill(addDays(today, 1));
    await claim.getByRole('button', { name: 'Record what the customer said' }).click();
    await claim.getByTestId('field-error').filter({ hasText: 'Enter the day the customer paid, today or earlier.' }).waitFor();
    await claim.getByLabel('Day the customer says it paid').fill(today);
    await claim.getByLabel('Transfer reference given by the customer').fill('VIR 2231');
    await claim.getByRole('button', { name: 'Record what the customer said' }).click();
    await panel.getByTestId('action-done').filter({ hasText: `Recorded: these invoices are not reminded while the payment is looked for, until ${inWords(addDays(today, 7))}.` }).waitFor();
    const claims = await api<{ items: { status: string; reference: string; paid_on: string }[] }>(`/api/customers/${customerId}/payment-claims`);
    expect(claims.items[0]).toMatchObject({ status: 'open', reference: 'VIR 2231', paid_on: today });
  });

  it('passes axe-core with every form of the panel open in turn, and each opens with the focus in its first field', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await openCustomer(customerId);
    const bar = page.getByTestId('customer-actions').getByRole('group', { name: 'Act on this account' });
    await page.evaluate(AXE_SOURCE);
    const findings: string[] = [];
    for (const name of ['Record a promise', 'Customer says it paid', 'Open a dispute', 'Set up a payment plan', 'Put on hold', 'Change the scenario', 'Leave an invoice out of reminders', 'Preview the next message', 'Send the next step now']) {
      await bar.getByRole('button', { name }).click();
      // The first field of the form has the focus.
      expect(await page.evaluate(() => document.activeElement?.closest('#customer-action-form') !== null), name).toBe(true);
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(context: Element, options: object): Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } }).axe;
        const result = await axe.run(document.querySelector('[data-testid="customer-actions"]')!, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
        return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((node) => node.target.join(' ')).join(', ')}`);
      });
      findings.push(...violations.map((violation) => `${name}: ${violation}`));
      await bar.getByRole('button', { name }).click();
    }
    expect(findings).toEqual([]);
  });

  it('on a 390 px wide screen: a dispute upheld keeps its invoice out of reminders until the credit note; an invoice is left out and reminded again by hand', async () => {
    await openCustomer(customerId);
    await page.setViewportSize({ width: 390, height: 844 });
    const panel = page.getByTestId('customer-actions');
    await panel.getByRole('button', { name: 'Leave an invoice out of reminders' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await panel.getByRole('button', { name: 'Open a dispute' }).click();
    const dispute = panel.getByTestId('dispute-form');
    await dispute.getByRole('checkbox').first().check();
    await dispute.getByLabel('Reason').selectOption({ label: 'The price is disputed' });
    await dispute.getByRole('button', { name: 'Open the dispute' }).click();
    await panel.getByTestId('open-disputes').getByRole('button', { name: 'Resolve' }).click();
    const resolve = panel.getByTestId('resolve-form');
    await resolve.getByLabel('Upheld: a credit note is to be issued').check();
    await resolve.getByRole('button', { name: 'Resolve the dispute' }).click();
    await panel.getByTestId('action-done').filter({ hasText: 'stays out of reminders; issue the credit note that settles it.' }).waitFor();
    const excluded = panel.getByTestId('excluded-invoices');
    await excluded.getByText('Dispute upheld: a credit note is to be issued').waitFor();
    const collection = await api<{ excluded_invoices: { reason: string }[] }>(`/api/customers/${customerId}/collection`);
    expect(collection.excluded_invoices.map((e) => e.reason)).toEqual(['Dispute upheld: a credit note is to be issued']);
    await excluded.getByRole('button', { name: /^Remind invoice .* again$/ }).click();
    await panel.getByTestId('action-done').filter({ hasText: 'is reminded again from the next run.' }).waitFor();
    await expect.poll(() => panel.getByTestId('excluded-invoices').count()).toBe(0);

    await panel.getByRole('button', { name: 'Leave an invoice out of reminders' }).click();
    const exclude = panel.getByTestId('exclude-form');
    await exclude.getByLabel('Reason').fill('Credit note agreed by phone');
    await exclude.getByRole('button', { name: 'Leave it out' }).click();
    await panel.getByTestId('excluded-invoices').getByText('Credit note agreed by phone').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await panel.screenshot({ path: join(screenshots, 'customer-actions-390.png') });
  });
});
