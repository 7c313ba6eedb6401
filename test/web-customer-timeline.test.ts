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
    const list = (await (await session.context.request.get('/api/customers?sort=reference&limit=2')).json()) as { items: Array<{ id: string; name: string }> };
    [promised, held] = list.items as [{ id: string; name: string }, { id: string; name: string }];
    const post = async (url: string, body: unknown) => {
      const response = await session.context.request.post(url, { data: body });
      expect(response.status(), await response.text()).toBe(201);
    };
    await post(`/api/customers/${promised.id}/promises`, { promised_on: addDays(today, 10) });
    await post(`/api/customers/${held.id}/holds`, { reason: 'Talking to their CFO', until: addDays(today, 20) });
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it('puts a new note at the top of the timeline at once, signed by its author', async () => {
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
    await timeline.screenshot({ path: join(screenshots, 'customer-timeline.png') });
  });

  it('filters the timeline by kind', async () => {
    const { page } = session;
    const timeline = page.getByTestId('customer-timeline');
    const entries = timeline.getByTestId('timeline-entry');
    await timeline.getByLabel('Show').selectOption({ label: 'Promises, plans, holds and disputes' });
    await expect.poll(async () => (await entries.first().textContent()) ?? '').toContain('Promises, plans, holds and disputes');
    // The promised day reads in words, not as 2026-03-16.
    const promise = (await entries.first().textContent()) ?? '';
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
