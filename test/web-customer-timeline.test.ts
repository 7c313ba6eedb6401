import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORGANIZATION, DEMO_USERS } from '../src/app/demo/demo-organization.js';
import { addDays, todayIn } from '../src/core/plain-date.js';
import { openDemoInChromium, type DemoInBrowser } from './support/web-browser.js';

const screenshots = join(import.meta.dirname, '..', 'test-output', 'screenshots');

describe('the customer timeline, notes and list status, in Chromium', () => {
  let session: DemoInBrowser;
  let promised: { id: string; name: string };
  let held: { id: string; name: string };
  const today = todayIn(DEMO_ORGANIZATION.timeZone, new Date());
  const admin = DEMO_USERS.find((user) => user.role === 'admin')!;

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    session = await openDemoInChromium({ customers: 8, invoices: 40, seed: 5 }, { english: true });
    const { request } = session.context;
    // The two largest balances: both have open invoices to promise, dispute and spread.
    const list = (await (await request.get('/api/customers?sort=balance&limit=2')).json()) as { items: Array<{ id: string; name: string }> };
    [promised, held] = list.items as [{ id: string; name: string }, { id: string; name: string }];
    const post = async (url: string, body: unknown, status = 201) => {
      const response = await request.post(url, { data: body });
      expect(response.status(), await response.text()).toBe(status);
      return (await response.json()) as { id: string };
    };
    // The acceptance journey up to the note: a promise, a dispute opened and settled, three instalments.
    const open = (await (await request.get(`/api/customers/${promised.id}/open-items`)).json()) as { items: Array<{ number: string; open: { amount: string; currency: string } }> };
    const invoice = open.items[0]!;
    await post(`/api/customers/${promised.id}/promises`, { promised_on: addDays(today, 10) });
    const dispute = await post(`/api/customers/${promised.id}/disputes`, { invoice_number: invoice.number, reason: 'price' });
    await post(`/api/disputes/${dispute.id}/resolve`, { resolution: 'rejected', note: 'Price as agreed' }, 200);
    const cents = Math.round(Number(invoice.open.amount) * 100);
    const third = Math.floor(cents / 3);
    const amount = (minor: number) => ({ amount: (minor / 100).toFixed(2), currency: invoice.open.currency });
    await post(`/api/customers/${promised.id}/payment-plans`, {
      invoice_numbers: [invoice.number],
      instalments: [
        { due_date: addDays(today, 30), amount: amount(third) },
        { due_date: addDays(today, 60), amount: amount(third) },
        { due_date: addDays(today, 90), amount: amount(cents - 2 * third) },
      ],
    });
    await post(`/api/customers/${held.id}/holds`, { reason: 'Talking to their CFO', until: addDays(today, 20) });
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it('shows a promise, a dispute opened and settled, a three-instalment plan and a new note in order, the note at the top at once and signed', async () => {
    const { page } = session;
    await page.goto(`/customers/${promised.id}`);
    const timeline = page.getByTestId('customer-timeline');
    await timeline.getByRole('heading', { name: 'Timeline' }).waitFor();
    const entries = timeline.getByTestId('timeline-entry');
    await entries.first().waitFor();

    const form = page.getByTestId('note-form');
    await form.getByRole('button', { name: 'Save the note' }).click();
    await form.getByTestId('field-error').filter({ hasText: 'Write the note first.' }).waitFor();

    await form.getByLabel('Note').fill('Called the CFO: the transfer leaves on Friday.');
    await form.getByRole('button', { name: 'Save the note' }).click();
    await form.getByRole('status').filter({ hasText: 'Note saved.' }).waitFor();
    await expect.poll(() => entries.first().textContent()).toContain('Called the CFO: the transfer leaves on Friday.');
    const first = await entries.first().textContent();
    expect(first).toContain(`by ${admin.name}`);
    expect(first).toContain('Notes');
    expect(await form.getByLabel('Note').inputValue()).toBe('');
    // The timeline shows each step of the journey in order, newest first.
    const texts = await entries.evaluateAll((items) => items.slice(0, 5).map((item) => item.querySelector('.timeline-summary')?.textContent ?? ''));
    expect(texts[0]).toContain('Called the CFO');
    expect(texts[1]).toContain('Payment plan in 3 instalments');
    expect(texts[2]).toMatch(/^Dispute on invoice .* rejected/);
    expect(texts[3]).toMatch(/^Invoice .* disputed/);
    expect(texts[4]).toContain('Promise to pay');
    await timeline.screenshot({ path: join(screenshots, 'customer-timeline.png') });
  });

  it('filters the timeline by kind', async () => {
    const { page } = session;
    const timeline = page.getByTestId('customer-timeline');
    const entries = timeline.getByTestId('timeline-entry');
    await timeline.getByLabel('Show').selectOption({ label: 'Promises, plans, holds and disputes' });
    await expect.poll(async () => (await entries.first().textContent()) ?? '').toContain('Promises, plans, holds and disputes');
    // The promised day reads in words, not as 2026-03-16.
    await expect.poll(() => entries.count()).toBe(4);
    const promise = (await entries.last().textContent()) ?? '';
    expect(promise).toContain('Promise to pay');
    expect(promise).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
    const kinds = await entries.evaluateAll((items) => items.map((item) => item.getAttribute('data-kind')));
    expect(new Set(kinds)).toEqual(new Set(['pause']));
    await timeline.getByLabel('Show').selectOption({ label: 'Notes' });
    await expect.poll(() => entries.count()).toBe(1);
    expect(await entries.first().textContent()).toContain('Called the CFO');
  });

  it('shows on the customer list what holds each account, in words, and cards on a phone', async () => {
    const { page } = session;
    await page.goto('/customers?sort=name');
    const list = page.getByTestId('customer-list');
    const row = (name: string) => list.locator('tbody tr').filter({ has: page.getByRole('link', { name, exact: true }) });
    await row(promised.name).waitFor();
    expect(await row(promised.name).getByTestId('customer-status').textContent()).toContain('Promise to pay');
    expect(await row(held.name).getByTestId('customer-status').textContent()).toContain('On hold');
    const next = (await row(held.name).getByTestId('customer-next-action').textContent()) ?? '';
    expect(next).not.toMatch(/hold_ends|promise_due|_/);
    const body = (await list.textContent()) ?? '';
    for (const code of ['in_dispute', 'handed_off', 'promise_due', 'hold_ends', 'owner_notice']) expect(body).not.toContain(code);

    await page.setViewportSize({ width: 390, height: 844 });
    const display = await row(promised.name).evaluate((element) => getComputedStyle(element).display);
    expect(display).toBe('block');
    expect(await row(promised.name).getByTestId('customer-status').evaluate((cell) => getComputedStyle(cell, '::before').content)).toContain('Status');
    await page.screenshot({ path: join(screenshots, 'customer-list-390.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
