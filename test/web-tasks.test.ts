import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { insertActionOnce } from '../src/adapters/db/stores/collection-actions.js';
import { insertTaskOnce } from '../src/adapters/db/stores/collection-tasks.js';
import { DEMO_ORGANIZATION } from '../src/app/demo/demo-organization.js';
import { loadDemo } from '../src/app/demo/load-demo.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import { listOrganizations } from '../src/adapters/db/stores/organizations.js';
import { transportsFromConfig } from '../src/adapters/channels/transports-from-config.js';
import { addBusinessDays } from '../src/core/collection/business-days.js';
import { addDays } from '../src/core/plain-date.js';
import { publicHolidayCalendar } from '../src/adapters/holidays/public-holidays.js';
import { todayIn } from '../src/core/plain-date.js';
import { freshDatabase } from './support/engines.js';
import { openAppInChromium, type AppInBrowser } from './support/web-browser.js';

const root = join(import.meta.dirname, '..');

/** A day as the French pages show it ("05 déc. 2026"). */
function frenchDate(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('fr-FR', { day: '2-digit', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, date)));
}
const screenshots = join(root, 'test-output', 'screenshots');

interface Task {
  id: string;
  kind: string;
  status: string;
  customer_id: string;
  title: { en: string; fr: string };
}

describe('task inbox and scenario editor in Chromium', () => {
  let db: Db;
  let session: AppInBrowser;
  let context: BrowserContext;
  let page: Page;
  const today = todayIn(DEMO_ORGANIZATION.timeZone, new Date());

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    db = await freshDatabase('sqlite');
    const demo = await loadDemo(db, { customers: 30, invoices: 300, seed: 7, asOf: today });
    session = await openAppInChromium(db, { signIn: demo.login });
    ({ context, page } = session);
    // The demo user reads French.
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  async function openTasks(query = ''): Promise<Task[]> {
    const response = await context.request.get(`/api/tasks?status=open${query}`);
    expect(response.status()).toBe(200);
    return ((await response.json()) as { items: Task[] }).items;
  }

  it('lists the tasks the run created and approves a held step from the inbox', async () => {
    // Five weeks of daily runs: the reminders go out one step at a time, then formal notices
    // and hand-offs wait for approval.
    const [organization] = await listOrganizations(db);
    const transports = transportsFromConfig({ outboxDir: mkdtempSync(join(tmpdir(), 'relance-web-tasks-')) });
    for (let day = addDays(today, -35); day < today; day = addDays(day, 1)) {
      await runCollection(db, organization!, { asOf: day, now: new Date(`${day}T08:30:00Z`), transports });
    }
    const run = await context.request.post('/api/collection/runs', { data: { as_of: today } });
    expect(run.status(), await run.text()).toBe(200);
    const open = await openTasks();
    const approvals = open.filter((task) => task.kind === 'approval');
    // The demo ledger has invoices long overdue: formal notices and hand-offs wait for approval.
    expect(approvals.length).toBeGreaterThan(0);

    await page.getByRole('link', { name: 'Tâches' }).click();
    await page.getByRole('heading', { name: 'Tâches à traiter' }).waitFor();
    // The inbox shows 25 tasks a page.
    await expect.poll(() => page.getByTestId('task-row').count()).toBe(Math.min(open.length, 25));
    await page.screenshot({ path: join(screenshots, 'task-inbox.png'), fullPage: true });

    await page.getByLabel('Type').selectOption('approval');
    await expect.poll(() => page.getByTestId('task-row').count()).toBe(approvals.length);
    const row = page.getByTestId('task-row').first();
    const taskId = await row.getAttribute('data-task-id');
    const title = approvals.find((task) => task.id === taskId)!.title.fr;
    await expect.poll(() => row.textContent()).toContain(title);
    await row.getByRole('button', { name: 'Approuver' }).click();
    await page.getByRole('status').filter({ hasText: `Approuvé : ${title}` }).waitFor();
    await expect.poll(() => page.getByTestId('task-row').count()).toBe(approvals.length - 1);
    await page.screenshot({ path: join(screenshots, 'task-inbox-approved.png'), fullPage: true });

    // The server agrees: the task is done, and the step's action left "awaiting approval".
    expect((await openTasks('&kind=approval')).map((task) => task.id)).not.toContain(taskId);
    const done = ((await (await context.request.get('/api/tasks?status=done&kind=approval')).json()) as { items: Task[] }).items;
    expect(done.map((task) => task.id)).toContain(taskId);
  });

  it('rejects an approval with a reason and a ten-day hold: the step is proposed again on the day shown', async () => {
    const approvals = await openTasks('&kind=approval');
    expect(approvals.length).toBeGreaterThanOrEqual(4);
    const task = approvals[0]!;
    await page.goto('/tasks?kind=approval');
    const row = page.locator(`[data-task-id="${task.id}"]`);
    await row.getByRole('button', { name: 'Refuser', exact: true }).click();
    const form = row.getByRole('form', { name: `Refuser : ${task.title.fr}` });

    // A rejection needs its reason: nothing is decided without one.
    await form.getByRole('button', { name: 'Confirmer le refus' }).click();
    await form.getByTestId('field-error').filter({ hasText: 'Indiquez le motif du refus.' }).waitFor();
    expect((await openTasks('&kind=approval')).map((t) => t.id)).toContain(task.id);

    // The organization's hold is offered first; this one waits ten days.
    expect(await form.getByLabel('Jours d’attente').inputValue()).toBe('30');
    await form.getByLabel('Motif').fill('Le client a appelé : virement annoncé pour la semaine prochaine');
    await form.getByLabel('Jours d’attente').fill('10');
    await page.screenshot({ path: join(screenshots, 'task-inbox-reject.png'), fullPage: true });
    await form.getByRole('button', { name: 'Confirmer le refus' }).click();
    const retryOn = addDays(today, 10);
    await page.getByRole('status').filter({ hasText: `Refusé : ${task.title.fr}. L’étape sera proposée de nouveau le ${frenchDate(retryOn)}.` }).waitFor();
    await expect.poll(() => row.count()).toBe(0);

    // The server agrees: the task is done with the reason, the step waits until that day.
    const done = ((await (await context.request.get('/api/tasks?status=done&kind=approval')).json()) as { items: (Task & { outcome: string; action_id: string })[] }).items;
    const decided = done.find((t) => t.id === task.id)!;
    expect(decided.outcome).toContain('Le client a appelé : virement annoncé pour la semaine prochaine');
    const action = await db.kysely.selectFrom('collection_actions').select(['status', 'retry_on']).where('id', '=', decided.action_id).executeTakeFirstOrThrow();
    expect(action).toEqual({ status: 'rejected', retry_on: retryOn });
  });

  it('approves two approvals at once from the selection', async () => {
    const approvals = await openTasks('&kind=approval');
    const [first, second] = approvals as [Task, Task];
    await page.goto('/tasks?kind=approval');
    await expect.poll(() => page.getByTestId('task-row').count()).toBe(approvals.length);
    await page.getByRole('checkbox', { name: `Sélectionner ${first.title.fr}`, exact: true }).check();
    await page.getByRole('checkbox', { name: `Sélectionner ${second.title.fr}`, exact: true }).check();
    await page.getByText('2 sélectionnées', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Approuver la sélection', exact: true }).click();
    await page.getByRole('status').filter({ hasText: '2 approuvées : leurs messages partiront aux prochaines heures d’ouverture.' }).waitFor();
    await expect.poll(() => page.getByTestId('task-row').count()).toBe(approvals.length - 2);

    // The server agrees: both are done and their steps no longer wait for approval.
    const open = (await openTasks('&kind=approval')).map((t) => t.id);
    expect(open).not.toContain(first.id);
    expect(open).not.toContain(second.id);
    const done = ((await (await context.request.get('/api/tasks?status=done&kind=approval')).json()) as { items: (Task & { outcome: string; action_id: string })[] }).items;
    for (const task of [first, second]) {
      const decided = done.find((t) => t.id === task.id)!;
      expect(decided.outcome).toBe('approved');
      const action = await db.kysely.selectFrom('collection_actions').select('status').where('id', '=', decided.action_id).executeTakeFirstOrThrow();
      expect(action.status).toBe('planned');
    }
  });

  it('rejects the selection and says which task could not be decided, and why, while the others went through', async () => {
    const approvals = await openTasks('&kind=approval');
    expect(approvals.length).toBeGreaterThanOrEqual(2);
    await page.goto('/tasks?kind=approval');
    await expect.poll(() => page.getByTestId('task-row').count()).toBe(approvals.length);
    await page.getByRole('checkbox', { name: 'Sélectionner toutes les tâches affichées' }).check();
    await page.getByText(`${approvals.length} sélectionnées`, { exact: true }).waitFor();

    // Someone else approves one of them meanwhile.
    const taken = approvals[0]!;
    expect((await context.request.post(`/api/tasks/${taken.id}/approve`, { data: {} })).status()).toBe(200);

    await page.getByRole('button', { name: 'Refuser la sélection', exact: true }).click();
    const form = page.getByRole('form', { name: `Refuser les ${approvals.length} approbations sélectionnées` });
    await form.getByLabel('Motif').fill('Dossiers revus avec le commercial : on passe à la suite');
    await form.getByLabel('Continuer sans cette étape', { exact: false }).check();
    await form.getByRole('button', { name: 'Confirmer le refus' }).click();

    const others = approvals.length - 1;
    await page.getByRole('status').filter({ hasText: others === 1 ? '1 refusée : le dossier continue sans cette étape.' : `${others} refusées : les dossiers continuent sans ces étapes.` }).waitFor();
    const errors = page.getByRole('alert').filter({ hasText: '1 n’a pas pu être traitée :' });
    expect(await errors.getByRole('listitem').allTextContents()).toEqual([`${taken.title.fr} : Cette tâche a déjà été traitée par quelqu’un d’autre.`]);
    await page.screenshot({ path: join(screenshots, 'task-inbox-bulk-errors.png'), fullPage: true });
    await expect.poll(() => page.getByTestId('task-row').count()).toBe(0);

    // The server agrees: the others went on without their step.
    const done = ((await (await context.request.get('/api/tasks?status=done&kind=approval')).json()) as { items: (Task & { outcome: string })[] }).items;
    expect(done.find((t) => t.id === taken.id)!.outcome).toBe('approved');
    for (const task of approvals.slice(1)) expect(done.find((t) => t.id === task.id)!.outcome).toBe('passed: Dossiers revus avec le commercial : on passe à la suite');
  });

  it('says why a hand-off cannot be approved while no collection partner is named, and approves it once one is', async () => {
    // A hand-off held for approval on the customer most overdue, for its oldest overdue invoice.
    const aging = (await (await context.request.get('/api/reports/aging')).json()) as { customers: { id: string; overdue: { amount: string } }[] };
    const customer = [...aging.customers].sort((a, b) => Number(b.overdue.amount) - Number(a.overdue.amount))[0]!;
    const openItems = (await (await context.request.get(`/api/customers/${customer.id}/open-items`)).json()) as { items: { id: string; number: string; due_date: string; open: { amount: string } }[] };
    const invoice = openItems.items.filter((item) => item.due_date < today).sort((a, b) => a.due_date.localeCompare(b.due_date))[0]!;
    const openMinor = Math.round(Number(invoice.open.amount) * 100);
    const organizationId = (await db.kysely.selectFrom('organizations').select('id').executeTakeFirstOrThrow()).id;
    const action = (await insertActionOnce(db, organizationId, {
      customer_id: customer.id, case_id: null, episode_key: `${customer.id}:web-handoff`, step_id: 'handoff', scenario_id: 'standard', channel: 'handoff',
      status: 'awaiting_approval', planned_on: today, not_before: null, invoice_numbers: JSON.stringify([invoice.number]), invoice_ids: JSON.stringify([invoice.id]),
      invoice_amounts: JSON.stringify([openMinor]), balance_minor: openMinor, currency: 'EUR', reason_en: 'Hand-off after the formal notice', reason_fr: 'Transmission après la mise en demeure',
    }))!;
    const task = (await insertTaskOnce(db, organizationId, {
      customer_id: customer.id, case_id: null, action_id: action.id, kind: 'approval', step_id: 'handoff', dedupe_key: `approval:${action.id}`,
      title_en: 'Approve the hand-off', title_fr: 'Valider la transmission', detail: null, due_on: today, assignee_user_id: null, created_on: today,
    }))!;
    const partner = ((await (await context.request.get('/api/settings/collection')).json()) as { agency_name: string }).agency_name;
    expect((await context.request.put('/api/settings/collection', { data: { agency_name: null } })).status()).toBe(200);

    await page.goto('/tasks?kind=approval');
    const row = page.locator(`[data-task-id="${task.id}"]`);
    await row.getByRole('button', { name: 'Approuver', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Aucun partenaire de recouvrement n\'est indiqué : renseignez dans les réglages (Agence de recouvrement)' }).waitFor();
    // Nothing changed: the task is still there to approve.
    expect((await openTasks('&kind=approval')).map((t) => t.id)).toContain(task.id);
    expect(await row.count()).toBe(1);

    expect((await context.request.put('/api/settings/collection', { data: { agency_name: partner } })).status()).toBe(200);
    await row.getByRole('button', { name: 'Approuver', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Approuvé : Valider la transmission. La transmission est dans les tâches, à envoyer au partenaire.' }).waitFor();
    expect((await openTasks('&kind=handoff')).map((t) => t.customer_id)).toContain(customer.id);
  });

  it('shows the call script, records "no answer" through the form and lists the retry task', async () => {
    // The demo's invoices are mostly past the call step; a call a collector planned by hand is enough here.
    const customer = await db.kysely.selectFrom('customers').select(['id', 'organization_id']).orderBy('external_ref').executeTakeFirstOrThrow();
    const script = 'Points for the call:\n1. Check that the invoice was received.\n2. Ask for the planned payment date.';
    const task = (await insertTaskOnce(db, customer.organization_id, {
      customer_id: customer.id, case_id: null, action_id: null, kind: 'call', step_id: null, dedupe_key: 'call:inbox-test',
      title_en: 'Call about the open invoices', title_fr: 'Appeler au sujet des factures ouvertes', detail: script, due_on: today, assignee_user_id: null, created_on: today,
    }))!;
    await page.goto('/tasks?kind=call');
    const row = page.locator(`[data-task-id="${task.id}"]`);
    // The script is in view, not folded away.
    await expect.poll(() => row.getByTestId('call-script').isVisible()).toBe(true);
    await expect.poll(() => row.getByTestId('call-script').textContent()).toContain('2. Ask for the planned payment date.');

    // A promise needs its date: the form shows the field only for that answer.
    await row.getByLabel("Résultat de l'appel").selectOption('promise');
    await row.getByLabel('Date de paiement promise').waitFor();
    await row.getByLabel("Résultat de l'appel").selectOption('no_answer');
    expect(await row.getByLabel('Date de paiement promise').count()).toBe(0);
    await row.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('status').filter({ hasText: /Pas de réponse : .*Prochaine tentative le/ }).waitFor();
    await page.screenshot({ path: join(screenshots, 'task-inbox-call-retry.png'), fullPage: true });

    // The answered call is done; the next attempt is in the inbox, two business days later.
    const retryDue = addBusinessDays(today, 2, publicHolidayCalendar('FR'));
    const open = (await openTasks('&kind=call')) as (Task & { attempt: number; due_on: string })[];
    expect(open.map((t) => t.id)).not.toContain(task.id);
    const retry = open.find((t) => t.title.fr === 'Appeler au sujet des factures ouvertes (tentative 2 sur 3)')!;
    expect(retry).toMatchObject({ attempt: 2, due_on: retryDue });
    const retryRow = page.locator(`[data-task-id="${retry.id}"]`);
    await expect.poll(() => retryRow.textContent()).toContain('(tentative 2 sur 3)');
    await expect.poll(() => retryRow.getByTestId('call-script').textContent()).toContain('2. Ask for the planned payment date.');

    // Reaching the customer on the retry needs a note, and closes the call.
    await retryRow.getByLabel("Résultat de l'appel").selectOption('reached');
    await retryRow.getByLabel('Ce qui a été dit').fill('Virement prévu vendredi');
    await retryRow.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => retryRow.count()).toBe(0);
    const done = ((await (await context.request.get('/api/tasks?status=done&kind=call')).json()) as { items: (Task & { call_outcome: unknown })[] }).items;
    expect(done.find((t) => t.id === retry.id)?.call_outcome).toMatchObject({ outcome: 'reached', note: 'Virement prévu vendredi' });
    expect(done.find((t) => t.id === task.id)?.call_outcome).toMatchObject({ outcome: 'no_answer', retry_task_id: retry.id, unreachable: false });
    await page.goto('/tasks?kind=call&status=done');
    await expect.poll(() => page.locator(`[data-task-id="${retry.id}"]`).textContent()).toContain('Joint : Virement prévu vendredi');
  });

  it('edits a step of a scenario and shows the next 30 days of the run', async () => {
    const simulation = (await (await context.request.get('/api/collection/simulation?days=30')).json()) as { items: { steps: unknown[] }[] };
    const planned = simulation.items.reduce((sum, day) => sum + day.steps.length, 0);
    await page.goto('/scenarios/edit?id=standard');
    await page.getByTestId('scenario-editor').waitFor();
    await expect.poll(() => page.getByTestId('simulation-row').count()).toBe(planned);

    // The phone call of the standard scenario (D+8) moves to D+9 and needs approval.
    await page.getByLabel('Jour de Appel téléphonique').fill('9');
    await page.getByLabel('Appel téléphonique à approuver').check();
    await page.getByRole('button', { name: 'Enregistrer le scénario' }).click();
    await page.getByRole('status').filter({ hasText: 'Scénario enregistré' }).waitFor();
    const scenarios = (await (await context.request.get('/api/scenarios')).json()) as { items: { id: string; source: string; steps: { channel: string; offset_days: number; requires_approval: boolean }[] }[] };
    const standard = scenarios.items.find((scenario) => scenario.id === 'standard')!;
    expect(standard.source).toBe('custom');
    expect(standard.steps.find((step) => step.channel === 'call_task')).toMatchObject({ offset_days: 9, requires_approval: true });

    // A day out of range is refused, and the refusal shows under that field.
    await page.getByLabel('Jour de Appel téléphonique').fill('1000');
    await page.getByLabel('Jour de Appel téléphonique').press('Tab');
    await page.getByRole('button', { name: 'Enregistrer le scénario' }).click();
    await page.getByTestId('field-error').filter({ hasText: 'saisissez un nombre de -90 à 730.' }).waitFor();
    await page.screenshot({ path: join(screenshots, 'scenario-editor.png'), fullPage: true });
  });
});
