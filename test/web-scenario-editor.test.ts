import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoInChromium, type AppInBrowser } from './support/web-browser.js';

const root = join(import.meta.dirname, '..');
const screenshots = join(root, 'test-output', 'screenshots');

interface StepJson {
  id: string;
  name: { fr: string; en: string };
  offset_days: number;
  channel: string;
  sender: string;
  templates: Record<'fr' | 'en' | 'nl' | 'de', string>;
  requires_approval: boolean;
  states_late_fees: boolean;
  notify_owner_before_days: number;
  conditions: { min_balance: { amount: string; currency: string }; segments: string[]; risk_levels: string[] };
}

interface ScenarioJson {
  id: string;
  name: { fr: string; en: string };
  description: { fr: string; en: string } | null;
  source: 'built_in' | 'custom';
  steps: StepJson[];
}

describe('scenario editor in Chromium', () => {
  let session: AppInBrowser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    // The demo user reads French; the editor is checked in English.
    session = await openDemoInChromium({ customers: 12, invoices: 80, seed: 11 }, { english: true });
    ({ context, page } = session);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  async function api<T>(path: string): Promise<T> {
    const response = await context.request.get(path);
    expect(response.status(), `${path} answers`).toBe(200);
    return (await response.json()) as T;
  }
  const definitions = () => api<{ items: ScenarioJson[] }>('/api/scenarios/definitions').then((list) => list.items);
  const definition = async (id: string) => (await definitions()).find((scenario) => scenario.id === id)!;

  async function openEditor(id: string, stepCount: number): Promise<void> {
    await page.goto(`/scenarios/edit?id=${id}`);
    await page.getByTestId('scenario-editor').waitFor();
    await expect.poll(() => page.getByTestId('editor-step').count()).toBe(stepCount);
  }

  const stepCard = (id: string): Locator => page.locator(`[data-testid="editor-step"][data-step="${id}"]`);
  const stepOrder = () => page.getByTestId('editor-step').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-step')));

  async function save(): Promise<void> {
    await page.getByRole('button', { name: 'Save the scenario' }).click();
    await page.getByRole('status').filter({ hasText: 'Scenario saved' }).waitFor();
  }

  it('saves a scenario opened and left unchanged exactly as it was, conditions and templates per language included', async () => {
    // The key-account scenario made the organization's own, with what the editor does not show at a glance.
    const builtIn = await definition('key-account');
    expect(builtIn.source).toBe('built_in');
    const tailored = {
      id: 'key-account',
      name: builtIn.name,
      description: builtIn.description,
      steps: builtIn.steps.map((step, index) => ({
        id: step.id, name: step.name, offset_days: step.offset_days, channel: step.channel, sender: step.sender,
        templates: index === 0 ? { fr: 'friendly-pre-due', en: 'friendly-pre-due', nl: 'courteous-reminder', de: 'courteous-reminder' } : step.templates,
        requires_approval: step.requires_approval, states_late_fees: step.states_late_fees, notify_owner_before: step.notify_owner_before_days,
        conditions: index === 1 ? { min_balance_minor: 2500_00, segments: ['public', 'key-account'], risk_levels: ['high'] } : index === 3 ? { risk_levels: ['medium', 'high'] } : {},
      })),
    };
    const put = await context.request.put('/api/scenarios/key-account', { data: tailored });
    expect(put.status(), await put.text()).toBe(200);

    const before = await definitions();
    const listBefore = await api<unknown>('/api/scenarios');
    expect(before.find((scenario) => scenario.id === 'key-account')!.steps[1]!.conditions).toEqual({ min_balance: { amount: '2500.00', currency: 'EUR' }, segments: ['public', 'key-account'], risk_levels: ['high'] });

    await openEditor('key-account', builtIn.steps.length);
    await save();
    expect(await definitions()).toEqual(before);
    expect(await api<unknown>('/api/scenarios')).toEqual(listBefore);

    // A built-in scenario saved as it is becomes the organization's own, with the same steps.
    const standard = await definition('standard');
    await openEditor('standard', standard.steps.length);
    await save();
    expect(await definition('standard')).toEqual({ ...standard, source: 'custom' });
  });

  it('adds a step, sets a condition, removes a step, and saves exactly those changes', async () => {
    const before = await definition('high-risk');
    await openEditor('high-risk', before.steps.length);

    // A text message on D+2, placed by its day between the reminder on D+1 and the call on D+3.
    await page.getByRole('button', { name: 'Add a step' }).click();
    await expect.poll(() => page.getByTestId('editor-step').count()).toBe(before.steps.length + 1);
    const added = page.getByTestId('editor-step').last();
    await added.getByLabel('Name in French').fill('SMS après échéance');
    await added.getByLabel('Name in English').fill('Text after the due date');
    await added.getByLabel('Channel of Text after the due date').selectOption('sms');
    await added.getByLabel('Sender').selectOption('named_collector');
    // Choosing the French template fills the other languages that have it; Dutch takes another one.
    await added.getByLabel('Français').selectOption('pre-due-sms');
    expect(await added.getByLabel('Deutsch').inputValue()).toBe('pre-due-sms');
    await added.getByLabel('Nederlands').selectOption('courteous-reminder');
    await added.getByLabel('Text after the due date needs approval').check();
    await added.getByLabel('Day of Text after the due date').fill('2');
    await added.getByLabel('Day of Text after the due date').press('Tab');
    const order = await stepOrder();
    expect(order.slice(0, 3)).toEqual(['friendly-pre-due', 'pre-due-sms', 'courteous-reminder']);
    expect(order[4]).toBe('phone-call');
    expect(order[3]).toMatch(/^new-/);
    const timelineDays = () => page.getByTestId('timeline-group').evaluateAll((groups) => groups.map((group) => Number(group.getAttribute('data-offset'))));
    expect(await timelineDays()).toEqual([-7, -2, 1, 2, 3, 6, 10, 25]);

    // The firm reminder only for one segment customers are in and one nobody is in yet (a
    // comma in its name), of medium or high risk, owing 1,500.50 or more.
    const firm = stepCard('firm-reminder');
    await firm.getByLabel('Minimum balance').fill('1 500,50');
    const [knownSegment] = (await (await context.request.get('/api/customers/segments')).json()).items as string[];
    await firm.getByRole('checkbox', { name: knownSegment!, exact: true }).check();
    await firm.getByLabel('Another segment').fill('Retail, North');
    await firm.getByLabel('Another segment').press('Enter');
    expect(await firm.getByRole('checkbox', { name: 'Retail, North' }).isChecked()).toBe(true);
    await firm.locator('.step-editor-segments').screenshot({ path: join(screenshots, 'scenario-step-segments.png') });
    await firm.getByLabel('Medium').check();
    await firm.getByLabel('High').check();

    // No phone call any more.
    await page.getByRole('button', { name: 'Remove Phone call' }).click();
    expect(await stepCard('phone-call').count()).toBe(0);
    expect(await timelineDays()).toEqual([-7, -2, 1, 2, 6, 10, 25]);
    await page.screenshot({ path: join(screenshots, 'scenario-editor-steps.png'), fullPage: true });

    await save();
    const after = await definition('high-risk');
    const unchanged = (id: string) => before.steps.find((step) => step.id === id)!;
    expect(after).toEqual({
      ...before,
      source: 'custom',
      steps: [
        unchanged('friendly-pre-due'),
        unchanged('pre-due-sms'),
        unchanged('courteous-reminder'),
        {
          id: 'text-after-the-due-date',
          name: { fr: 'SMS après échéance', en: 'Text after the due date' },
          offset_days: 2,
          channel: 'sms',
          sender: 'named_collector',
          templates: { fr: 'pre-due-sms', en: 'pre-due-sms', nl: 'courteous-reminder', de: 'pre-due-sms' },
          requires_approval: true,
          states_late_fees: false,
          notify_owner_before_days: 0,
          conditions: { min_balance: { amount: '0.00', currency: 'EUR' }, segments: [], risk_levels: [] },
        },
        { ...unchanged('firm-reminder'), conditions: { min_balance: { amount: '1500.50', currency: 'EUR' }, segments: [knownSegment, 'Retail, North'], risk_levels: ['medium', 'high'] } },
        unchanged('formal-notice'),
        unchanged('handoff'),
      ],
    });
    // The form shows what the server kept: the new step under its id, the condition as entered.
    await expect.poll(() => stepOrder()).toEqual(after.steps.map((step) => step.id));
    expect(await stepCard('firm-reminder').getByLabel('Minimum balance').inputValue()).toBe('1500.50');
  });

  it("shows the API's refusal of an offset next to that offset, and saves nothing", async () => {
    const before = await definition('standard');
    await openEditor('standard', before.steps.length);
    const offset = stepCard('courteous-reminder').getByLabel('Day of Courteous reminder');
    await offset.fill('1000');
    await offset.press('Tab');
    // Placed by its day: last.
    expect((await stepOrder()).at(-1)).toBe('courteous-reminder');
    await page.getByRole('button', { name: 'Save the scenario' }).click();
    await page.getByRole('alert').filter({ hasText: 'The scenario was not saved' }).waitFor();

    const card = stepCard('courteous-reminder');
    const error = card.getByTestId('field-error');
    await expect.poll(() => error.textContent()).toBe('This field: enter a number from -90 to 730.');
    expect(await offset.getAttribute('aria-invalid')).toBe('true');
    expect(await offset.getAttribute('aria-describedby')).toBe(await error.getAttribute('id'));
    // Right under the field, and the only complaint on the page.
    const [fieldBox, errorBox] = [await offset.boundingBox(), await error.boundingBox()];
    expect(errorBox!.y).toBeGreaterThan(fieldBox!.y);
    expect(errorBox!.y - (fieldBox!.y + fieldBox!.height)).toBeLessThan(60);
    expect(Math.abs(errorBox!.x - fieldBox!.x)).toBeLessThan(10);
    expect(await page.getByTestId('field-error').count()).toBe(1);
    expect(await offset.evaluate((input) => input === document.activeElement)).toBe(true);
    await page.screenshot({ path: join(screenshots, 'scenario-editor-error.png'), fullPage: true });
    expect(await definition('standard')).toEqual(before);

    // Fixing the day clears the message.
    await offset.fill('4');
    expect(await page.getByTestId('field-error').count()).toBe(0);
  });

  it('duplicates a scenario under a new id, and refuses an id already taken next to the field', async () => {
    const original = await definition('high-risk');
    await openEditor('high-risk', original.steps.length);
    await page.getByRole('button', { name: 'Duplicate' }).click();
    const form = page.getByRole('form', { name: 'Copy into a new scenario' });
    expect(await form.getByLabel('Identifier').inputValue()).toBe('high-risk-copy');
    expect(await form.getByLabel('Name in English').inputValue()).toBe('High risk (copy)');
    expect(await form.getByLabel('Name in French').inputValue()).toBe('Risque élevé (copie)');

    await form.getByLabel('Identifier').fill('standard');
    await form.getByRole('button', { name: 'Create the copy' }).click();
    const taken = form.getByTestId('field-error');
    await expect.poll(() => taken.textContent()).toBe('A scenario already has this identifier.');
    expect(await form.getByLabel('Identifier').getAttribute('aria-describedby')).toBe(await taken.getAttribute('id'));

    await form.getByLabel('Identifier').fill('Not A Slug');
    await form.getByRole('button', { name: 'Create the copy' }).click();
    await expect.poll(() => taken.textContent()).toContain('lower-case letters, digits and dashes');

    await form.getByLabel('Identifier').fill('high-risk-copy');
    await form.getByRole('button', { name: 'Create the copy' }).click();
    await page.getByRole('status').filter({ hasText: 'Copy created: High risk (copy).' }).waitFor();
    await expect.poll(() => page.locator('#scenario-pick').inputValue()).toBe('high-risk-copy');
    const copy = await definition('high-risk-copy');
    expect(copy).toEqual({ ...original, id: 'high-risk-copy', name: { fr: 'Risque élevé (copie)', en: 'High risk (copy)' }, source: 'custom' });
    expect(await definition('high-risk')).toEqual(original);
  });
});
