import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { insertTaskOnce } from '../src/adapters/db/stores/collection-tasks.js';
import { listOrganizations } from '../src/adapters/db/stores/organizations.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import { DEMO_ORGANIZATION } from '../src/app/demo/demo-organization.js';
import { loadDemo } from '../src/app/demo/load-demo.js';
import { addDays, todayIn } from '../src/core/plain-date.js';
import { formatDateForLanguage } from '../src/core/templates/format-for-language.js';
import { alreadyReminded } from './support/collection-ledger.js';
import { freshDatabase } from './support/engines.js';
import { openAppInChromium, type AppInBrowser } from './support/web-browser.js';

interface Task {
  id: string;
  kind: string;
  title: { en: string; fr: string };
  amount: { amount: string; currency: string } | null;
}

describe('task inbox and outbox at scale, in Chromium', () => {
  let db: Db;
  let session: AppInBrowser;
  let context: BrowserContext;
  let page: Page;
  let userName: string;
  const today = todayIn(DEMO_ORGANIZATION.timeZone, new Date());

  beforeAll(async () => {
    mkdirSync(join(import.meta.dirname, '..', 'test-output', 'screenshots'), { recursive: true });
    db = await freshDatabase('sqlite');
    const demo = await loadDemo(db, { customers: 60, invoices: 600, seed: 7, asOf: today });
    userName = (await db.kysely.selectFrom('users').select('name').where('email', '=', demo.login.email).executeTakeFirstOrThrow()).name;
    const [organization] = await listOrganizations(db);
    const customers = await db.kysely.selectFrom('customers').select('id').orderBy('external_ref').execute();
    // Every account had its reminders: formal notices wait for approval where invoices are long overdue…
    for (const { id } of customers) {
      await alreadyReminded(db, organization!.id, id, [['courteous-reminder', addDays(today, -40)], ['firm-reminder', addDays(today, -28)], ['firm-reminder-letter', addDays(today, -28)]]);
    }
    await runCollection(db, organization!, { asOf: today, now: new Date(), send: false });
    // …and calls a collector planned by hand fill the inbox past one page.
    for (const { id } of customers.slice(0, 25)) {
      await insertTaskOnce(db, organization!.id, {
        customer_id: id, case_id: null, action_id: null, kind: 'call', step_id: null, dedupe_key: `call:scale-${id}`,
        title_en: 'Call about the open invoices', title_fr: 'Appeler au sujet des factures ouvertes', detail: null, due_on: today, assignee_user_id: null, created_on: today,
      });
    }
    session = await openAppInChromium(db, { signIn: demo.login });
    ({ context, page } = session);
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  const api = async (query: string) => (await (await context.request.get(`/api/tasks?status=open${query}`)).json()) as { items: Task[]; total: number };
  const rowIds = () => page.getByTestId('task-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-task-id')));

  it('shows the inbox 25 tasks at a time, with a pager to the next ones', async () => {
    const { total } = await api('&limit=1');
    expect(total).toBeGreaterThan(25);
    await page.goto('/tasks');
    await expect.poll(() => page.getByTestId('task-row').count()).toBe(25);
    await page.getByTestId('task-pager').getByText(`1–25 sur ${total}`).waitFor();
    await page.getByRole('button', { name: 'Suivantes' }).click();
    await expect.poll(() => page.getByTestId('task-row').count()).toBe(total - 25);
    await page.getByTestId('task-pager').getByText(`26–${total} sur ${total}`).waitFor();
  });

  it('sorts by amount at stake, largest first, with the amounts and invoices the API gives', async () => {
    await page.goto('/tasks');
    await expect.poll(() => page.getByTestId('task-row').count()).toBe(25);
    await page.getByLabel('Trier par').selectOption('amount');
    const expected = (await api('&sort=amount&limit=25')).items;
    await expect.poll(rowIds).toEqual(expected.map((task) => task.id));
    const first = expected[0]!;
    expect(first.amount).not.toBeNull();
    const shown = (await page.getByTestId('task-amount').first().textContent())!.replace(/\s/g, '');
    const figure = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: first.amount!.currency }).format(Number(first.amount!.amount)).replace(/\s/g, '');
    expect(shown).toContain(figure);
    expect(shown).toMatch(/Factures/);
  });

  it('approves two selected approvals in one action', async () => {
    const approvals = (await api('&kind=approval&sort=amount')).items;
    expect(approvals.length).toBeGreaterThanOrEqual(3);
    const [first, second] = approvals as [Task, Task];
    await page.goto('/tasks?kind=approval&sort=amount');
    await expect.poll(() => page.getByTestId('task-row').count()).toBe(approvals.length);
    await page.getByRole('checkbox', { name: `Sélectionner ${first.title.fr}`, exact: true }).first().check();
    await page.locator(`[data-task-id="${second.id}"]`).getByRole('checkbox').check();
    await page.getByText('2 sélectionnées', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Approuver la sélection', exact: true }).click();
    await page.getByRole('status').filter({ hasText: /^2 approuvées/ }).waitFor();
    await expect.poll(() => page.getByTestId('task-row').count()).toBe(approvals.length - 2);
    const open = (await api('&kind=approval')).items.map((task) => task.id);
    expect(open).not.toContain(first.id);
    expect(open).not.toContain(second.id);
  });

  it('holds a queued letter from the outbox, after asking, and says who held it and when', async () => {
    const queued = ((await (await context.request.get('/api/outbox?status=queued')).json()) as { items: { id: string; subject: string; waiting_reason: { text: { fr: string } } }[] }).items;
    expect(queued.length).toBeGreaterThan(0);
    const message = queued[0]!;
    await page.goto('/outbox');
    const row = page.locator(`[data-message-id="${message.id}"]`);
    await expect.poll(() => row.getByTestId('waiting-reason').textContent()).toContain(message.waiting_reason.text.fr);
    await row.getByRole('button', { name: 'Retenir' }).click();
    // Nothing happens before the person confirms.
    await row.getByRole('group', { name: 'Retenir' }).waitFor();
    await row.getByRole('button', { name: 'Oui, continuer' }).click();
    await page.getByRole('status').filter({ hasText: `Retenu : « ${message.subject} »` }).waitFor();
    const reason = `Retenu par ${userName} le ${formatDateForLanguage(today, 'fr')}`;
    await expect.poll(() => row.getByTestId('waiting-reason').textContent()).toContain(reason);
    await row.getByRole('button', { name: 'Libérer' }).waitFor();
    const after = (await (await context.request.get(`/api/outbox/${message.id}`)).json()) as { on_hold: unknown; status: string };
    expect(after).toMatchObject({ status: 'queued', on_hold: { by: { name: userName } } });
  });

  it('turns each task into a card on a 390-pixel screen', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto('/tasks');
    const row = page.getByTestId('task-row').first();
    await row.waitFor();
    await row.screenshot({ path: join(import.meta.dirname, '..', 'test-output', 'screenshots', 'task-inbox-390.png') });
    const box = (await row.boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(390);
    expect(await page.locator('[data-testid="task-inbox"] thead').isVisible()).toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
