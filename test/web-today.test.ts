import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { insertActionOnce } from '../src/adapters/db/stores/collection-actions.js';
import { insertTaskOnce } from '../src/adapters/db/stores/collection-tasks.js';
import { DEMO_ORGANIZATION } from '../src/app/demo/demo-organization.js';
import { loadDemo } from '../src/app/demo/load-demo.js';
import { todayIn } from '../src/core/plain-date.js';
import { freshDatabase } from './support/engines.js';
import { openAppInChromium, type AppInBrowser } from './support/web-browser.js';

const screenshots = join(import.meta.dirname, '..', 'test-output', 'screenshots');

interface Line {
  key: string;
  kind: string;
  task_id: string | null;
  customer: { id: string; name: string; segment: string | null };
}

describe('Today in Chromium', () => {
  let db: Db;
  let session: AppInBrowser;
  let context: BrowserContext;
  let page: Page;
  const today = todayIn(DEMO_ORGANIZATION.timeZone, new Date());
  const held: { taskId: string; customer: string }[] = [];

  const worklist = async (query = '') => {
    const response = await context.request.get(`/api/worklist${query}`);
    expect(response.status()).toBe(200);
    return (await response.json()) as { total: number; counts: Record<string, number>; items: Line[] };
  };

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    db = await freshDatabase('sqlite');
    const demo = await loadDemo(db, { customers: 30, invoices: 300, seed: 7, asOf: today });
    session = await openAppInChromium(db, { signIn: demo.login });
    ({ context, page } = session);
    // The demo user reads French.
    await page.getByRole('heading', { name: 'Aujourd’hui' }).waitFor();

    // The demo ledger starts with no collection history: formal notices held for approval on the
    // three customers most overdue, as the run leaves them after the reminders, and a call.
    const organizationId = (await db.kysely.selectFrom('organizations').select('id').executeTakeFirstOrThrow()).id;
    const aging = (await (await context.request.get('/api/reports/aging')).json()) as { customers: { id: string; name: string; overdue: { amount: string } }[] };
    const mostOverdue = [...aging.customers].sort((a, b) => Number(b.overdue.amount) - Number(a.overdue.amount)).slice(0, 4);
    for (const [index, customer] of mostOverdue.entries()) {
      if (index === 3) {
        await insertTaskOnce(db, organizationId, {
          customer_id: customer.id, case_id: null, action_id: null, kind: 'call', step_id: 'phone-call', dedupe_key: 'call:today-test',
          title_en: 'Call about the open invoices', title_fr: 'Appeler au sujet des factures ouvertes', detail: null, due_on: today, assignee_user_id: null, created_on: today,
        });
        continue;
      }
      const openItems = (await (await context.request.get(`/api/customers/${customer.id}/open-items`)).json()) as { items: { id: string; number: string; due_date: string; open: { amount: string } }[] };
      const overdue = openItems.items.filter((item) => item.due_date < today);
      const amounts = overdue.map((item) => Math.round(Number(item.open.amount) * 100));
      const action = (await insertActionOnce(db, organizationId, {
        customer_id: customer.id, case_id: null, episode_key: `${customer.id}:today-formal-notice`, step_id: 'formal-notice', scenario_id: 'standard', channel: 'registered_letter',
        status: 'awaiting_approval', planned_on: today, not_before: null, invoice_numbers: JSON.stringify(overdue.map((item) => item.number)), invoice_ids: JSON.stringify(overdue.map((item) => item.id)),
        invoice_amounts: JSON.stringify(amounts), balance_minor: amounts.reduce((sum, amount) => sum + amount, 0), currency: 'EUR', reason_en: 'Formal notice after the reminders', reason_fr: 'Mise en demeure après les relances',
      }))!;
      const task = (await insertTaskOnce(db, organizationId, {
        customer_id: customer.id, case_id: null, action_id: action.id, kind: 'approval', step_id: 'formal-notice', dedupe_key: `approval:${action.id}`,
        title_en: 'Approve the formal notice', title_fr: 'Valider la mise en demeure', detail: null, due_on: today, assignee_user_id: null, created_on: today,
      }))!;
      held.push({ taskId: task.id, customer: customer.name });
    }
    await page.reload();
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it('lists the work ranked as the API ranks it, and explains the ranking', async () => {
    const lines = page.getByTestId('worklist').locator('li');
    await expect.poll(() => lines.count()).toBe(4);
    const api = await worklist();
    expect(await lines.evaluateAll((items) => items.map((item) => item.getAttribute('data-line-key')))).toEqual(api.items.map((line) => line.key));
    // The day is written out in the sentence under the heading.
    const [year, month, day] = today.split('-').map(Number) as [number, number, number];
    const spelled = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, day))).replace(/^1 /, '1er ');
    expect(await page.getByText(/^Ce qui demande une personne le /).textContent()).toContain(`le ${spelled},`);
    const first = lines.first();
    expect(await first.textContent()).toContain(api.items[0]!.customer.name);
    expect(await first.textContent()).toMatch(/\d+ jours de retard/);
    expect(await first.textContent()).toMatch(/en jeu × \d+ % de risque de retard/);
    await page.getByText('Comment ce classement est-il fait ?').click();
    await expect.poll(() => page.getByTestId('ranking-rule').textContent()).toContain('impact attendu sur la trésorerie');
    // The kind filter offers each kind with its count today.
    expect(await page.getByLabel('Type de travail').locator('option', { hasText: 'Approbations (3)' }).count()).toBe(1);
    await page.screenshot({ path: join(screenshots, 'today.png'), fullPage: true });

    // The segment filter narrows the list to what the API gives for that segment, and back.
    const segment = api.items[0]!.customer.segment!;
    await page.getByLabel('Segment').selectOption(segment);
    const narrowed = await worklist(`?segment=${encodeURIComponent(segment)}`);
    expect(narrowed.total).toBeLessThan(api.total);
    await expect.poll(() => lines.evaluateAll((items) => items.map((item) => item.getAttribute('data-line-key')))).toEqual(narrowed.items.map((line) => line.key));
    await page.getByRole('button', { name: 'Voir tout le travail' }).click();
    await expect.poll(() => lines.count()).toBe(4);
  });

  it('approves two formal notices in one action: they leave the list', async () => {
    const [a, b] = held;
    for (const line of [a!, b!]) await page.getByRole('checkbox', { name: `Sélectionner ${line.customer} pour approbation` }).check();
    await page.getByRole('button', { name: 'Approuver la sélection' }).click();
    await page.getByRole('status').filter({ hasText: '2 étapes approuvées : leurs messages partent aux prochaines heures ouvrées.' }).waitFor();
    const lines = page.getByTestId('worklist').locator('li');
    await expect.poll(() => lines.count()).toBe(2);
    const left = await worklist();
    expect(left.items.map((line) => line.task_id)).not.toContain(a!.taskId);
    expect(left.items.map((line) => line.task_id)).not.toContain(b!.taskId);
    expect(left.counts.approval).toBe(1);
  });

  it('opens the top customer from its line', async () => {
    const top = (await worklist()).items[0]!;
    await page.getByTestId('worklist').locator('li').first().getByRole('link', { name: top.customer.name }).click();
    await page.getByRole('heading', { name: top.customer.name }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/customers/${top.customer.id}`);
  });

  it('shows today’s counts on the dashboard, and the lines as cards on a phone', async () => {
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Tableau de bord' }).click();
    await expect.poll(() => page.getByTestId('today-counts').textContent()).toContain('Approbations (1)');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/?kind=approval');
    await expect.poll(() => page.getByTestId('worklist').locator('li').count()).toBe(1);
    // Nothing sticks out sideways: the line is a card as wide as the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(screenshots, 'today-phone.png'), fullPage: true });
  });
});
