import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORGANIZATION } from '../src/app/demo/demo-organization.js';
import { addDays, todayIn } from '../src/core/plain-date.js';
import { openDemoInChromium, type DemoInBrowser } from './support/web-browser.js';

/**
 * A credit manager's day, from the web app alone, on the demo as it opens on first start (with
 * its weeks of collection behind it): approve two formal notices from Today in one action, open
 * the top customer, record a promise, open a dispute and settle it, agree a three-instalment
 * plan, write a note; the timeline tells it in order and the next run respects every pause.
 * Once on a desktop screen and once on a phone, with screenshots of each stage.
 */
const screenshots = join(import.meta.dirname, '..', 'test-output', 'screenshots');
const LEDGER = { customers: 150, invoices: 2000, seed: 4 } as const;

interface Task {
  id: string;
  step_id: string | null;
}

const SCREENS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

describe.each(SCREENS)('a collector’s day in the web app, on a $name screen ($width px)', (screen) => {
  let session: DemoInBrowser;
  let context: BrowserContext;
  let page: Page;
  let customerId: string;
  const today = todayIn(DEMO_ORGANIZATION.timeZone, new Date());
  const shot = (stage: string) => page.screenshot({ path: join(screenshots, `collector-day-${screen.name}-${stage}.png`), fullPage: true });

  const api = async <T>(path: string): Promise<T> => {
    const response = await context.request.get(path);
    expect(response.status(), path).toBe(200);
    return (await response.json()) as T;
  };
  /** Nothing on the page is wider than the screen. */
  const fits = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(screen.width);

  /** Waits for the panel to say an action went through; a refusal fails with the panel's words. */
  const done = async (words: string) => {
    const panel = page.getByTestId('customer-actions');
    const said = panel.getByTestId('action-done').filter({ hasText: words }).or(panel.getByTestId('action-error'));
    await said.first().waitFor();
    expect(await said.first().textContent()).toContain(words);
  };

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    session = await openDemoInChromium(LEDGER, { english: true, history: true });
    ({ context, page } = session);
    await page.setViewportSize({ width: screen.width, height: screen.height });
  }, 300_000);

  afterAll(async () => {
    await session?.close();
  });

  it('approves two formal notices from Today in one action', async () => {
    await page.goto('/?kind=approval');
    await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
    const tasks = (await api<{ items: Task[] }>('/api/tasks?kind=approval&status=open&limit=100')).items;
    const notices = new Set(tasks.filter((task) => task.step_id === 'formal-notice').map((task) => task.id));
    // The formal notices among the approvals Today shows first.
    const shownFirst = (await api<{ items: { task_id: string | null; customer: { id: string } }[] }>('/api/worklist?kind=approval')).items;
    const chosen = shownFirst.filter((line) => line.task_id !== null && notices.has(line.task_id)).slice(0, 2).map((line) => ({ id: line.task_id!, customer: line.customer }));
    expect(chosen.length, 'the demo leaves formal notices waiting for approval').toBe(2);
    await fits();
    await shot('today');
    for (const task of chosen) {
      const line = page.getByTestId('worklist').locator(`li[data-line-key="${task.id}"]`);
      await line.getByRole('checkbox').check();
    }
    await page.getByRole('button', { name: 'Approve selected' }).click();
    const result = page.getByTestId('today-message');
    await result.waitFor();
    // Each approved notice is queued, or stopped when the customer paid since it was planned:
    // either way both are decided, in one action.
    const said = (await result.textContent()) ?? '';
    const decided = [...said.matchAll(/(\d+) steps? approved/g)].reduce((sum, match) => sum + Number(match[1]), 0);
    expect(decided, said).toBe(2);
    const open = (await api<{ items: Task[] }>('/api/tasks?kind=approval&status=open&limit=100')).items.map((task) => task.id);
    for (const task of chosen) expect(open).not.toContain(task.id);
    await shot('today-approved');
  });

  it('opens the top customer of Today', async () => {
    await page.goto('/');
    const lines = page.getByTestId('worklist').locator('li');
    await lines.first().waitFor();
    const top = (await api<{ items: { customer: { id: string; name: string } }[] }>('/api/worklist')).items[0]!;
    await lines.first().getByRole('link', { name: top.customer.name }).click();
    await page.getByRole('heading', { name: top.customer.name }).waitFor();
    customerId = top.customer.id;
    expect(new URL(page.url()).pathname).toBe(`/customers/${customerId}`);
  });

  it('records a promise, a dispute opened and settled, a three-instalment plan and a note; the timeline tells them in order', async () => {
    const panel = page.getByTestId('customer-actions');
    await panel.getByRole('heading', { name: 'Act on this account' }).waitFor();

    const promisedOn = addDays(today, 10);
    await panel.getByRole('button', { name: 'Record a promise' }).click();
    const promise = panel.getByTestId('promise-form');
    await promise.getByLabel('Promised payment date').fill(promisedOn);
    await promise.getByLabel(/^Amount promised/).fill('500.00');
    await promise.getByRole('button', { name: 'Record the promise' }).click();
    await done('Promise of');

    await panel.getByRole('button', { name: 'Open a dispute' }).click();
    const dispute = panel.getByTestId('dispute-form');
    await dispute.getByRole('checkbox').first().check();
    await dispute.getByLabel('Reason').selectOption({ label: 'Not delivered' });
    await dispute.getByLabel('What the customer says').fill('One pallet never arrived');
    await dispute.getByRole('button', { name: 'Open the dispute' }).click();
    await done('Dispute opened on 1 invoice');
    await panel.getByTestId('open-disputes').getByRole('button', { name: 'Resolve' }).first().click();
    const resolve = panel.getByTestId('resolve-form');
    await resolve.getByLabel('Rejected: reminders resume').check();
    await resolve.getByRole('button', { name: 'Resolve the dispute' }).click();
    await done('Dispute rejected');

    await panel.getByRole('button', { name: 'Set up a payment plan' }).click();
    const plan = panel.getByTestId('plan-form');
    await plan.getByLabel('Number of instalments').fill('3');
    await plan.getByLabel('First instalment on').fill(addDays(today, 15));
    await plan.getByRole('button', { name: 'Show the schedule' }).click();
    // The schedule comes from the API: wait for it rather than count before it arrives.
    await expect.poll(() => plan.getByTestId('plan-proposal').locator('tbody tr').count()).toBe(3);
    await plan.getByRole('button', { name: 'Agree this plan' }).click();
    await done('Payment plan agreed: 3 instalments.');

    const note = page.getByTestId('note-form');
    await note.getByLabel('Note').fill('Spoke to their accountant: the plan suits them.');
    await note.getByRole('button', { name: 'Save the note' }).click();
    await note.getByRole('status').filter({ hasText: 'Note saved.' }).waitFor();
    await fits();
    await shot('customer');

    // Newest first: the note, the plan, the dispute settled, the dispute opened, the promise.
    const feed = await api<{ items: { kind: string; type: string; summary: { en: string } }[] }>(`/api/customers/${customerId}/timeline?kind=note,pause&limit=5`);
    expect(feed.items.map((entry) => entry.type)).toEqual(['note', 'payment_plan_added', 'dispute_resolved', 'dispute_opened', 'promise_added']);
    const shown = page.getByTestId('customer-timeline').getByTestId('timeline-entry');
    await expect.poll(async () => (await shown.first().textContent()) ?? '').toContain('Spoke to their accountant');
    const kinds = await shown.evaluateAll((items) => items.slice(0, 5).map((item) => item.getAttribute('data-kind')));
    expect(kinds).toEqual(['note', 'pause', 'pause', 'pause', 'pause']);
  });

  it('the next run respects each pause: nothing goes to that customer', async () => {
    for (const day of [today, addDays(today, 1), addDays(today, 7)]) {
      const run = await context.request.post('/api/collection/runs', { data: { as_of: day, dry_run: true } });
      expect(run.status()).toBe(200);
      const report = (await run.json()) as { actions: { customer_id: string; channel: string }[] };
      expect(report.actions.filter((action) => action.customer_id === customerId), `run of ${day}`).toEqual([]);
    }
    const view = await api<{ next_step: { kind: string; why: string } }>(`/api/customers/${customerId}/collection`);
    expect(view.next_step.kind).not.toBe('send');
  });
});
