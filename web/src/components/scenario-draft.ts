/** The scenario editor's working copy of a scenario, and the document it sends back. */
import type { MoneyJson } from '../api-types.js';
import { decimalFromTyped } from '../format.js';
import type { Bilingual, ScenarioStep } from '../collection-types.js';

export const CHANNELS = ['email', 'sms', 'letter', 'registered_letter', 'call_task', 'handoff'] as const;
export const SENDERS = ['accounts_team', 'named_collector', 'agency'] as const;
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export const MESSAGE_LANGUAGES = ['fr', 'en', 'nl', 'de'] as const;
export type MessageLanguage = (typeof MESSAGE_LANGUAGES)[number];

/** A step as `GET /api/scenarios/definitions` gives it: every field, conditions included. */
export interface StepDefinition extends ScenarioStep {
  templates: Record<MessageLanguage, string>;
  conditions: { min_balance: MoneyJson; segments: string[]; risk_levels: string[] };
}

export interface ScenarioDefinition {
  id: string;
  name: Bilingual;
  description: Bilingual | null;
  source: 'built_in' | 'custom';
  steps: StepDefinition[];
}

/**
 * One step being edited. Numbers and amounts stay as typed: the API is the one judge of what is
 * valid, and its message then sits next to what the person wrote.
 */
export interface StepDraft {
  /** Stable while the list re-sorts; a step's id once saved. */
  key: string;
  /** Empty until the step is saved for the first time. */
  id: string;
  name: Bilingual;
  offset: string;
  channel: string;
  sender: string;
  templates: Record<MessageLanguage, string>;
  requiresApproval: boolean;
  statesLateFees: boolean;
  notifyOwnerBeforeDays: string;
  minBalance: string;
  /** Each segment whole, so a name with a comma in it stays one segment. */
  segments: string[];
  riskLevels: string[];
}

export function draftOf(step: StepDefinition): StepDraft {
  return {
    key: `step-${step.id}`,
    id: step.id,
    name: { ...step.name },
    offset: String(step.offset_days),
    channel: step.channel,
    sender: step.sender,
    templates: { ...step.templates },
    requiresApproval: step.requires_approval,
    statesLateFees: step.states_late_fees,
    notifyOwnerBeforeDays: String(step.notify_owner_before_days),
    minBalance: step.conditions.min_balance.amount,
    segments: [...step.conditions.segments],
    riskLevels: [...step.conditions.risk_levels],
  };
}

let drafted = 0;

export function newStepDraft(): StepDraft {
  drafted += 1;
  return {
    key: `new-${drafted}`,
    id: '',
    name: { fr: '', en: '' },
    offset: '',
    channel: 'email',
    sender: 'accounts_team',
    templates: { fr: '', en: '', nl: '', de: '' },
    requiresApproval: false,
    statesLateFees: false,
    notifyOwnerBeforeDays: '0',
    minBalance: '',
    segments: [],
    riskLevels: [],
  };
}

/** The offset as a number when it is a whole number of days, else null. */
export function offsetOf(draft: StepDraft): number | null {
  const text = draft.offset.trim();
  return /^[+-]?\d+$/.test(text) ? Number(text) : null;
}

/**
 * By day from the due date, as the scenario runs. A step without a valid day goes last, so the
 * API's complaint about it lands on the last row; steps of one day keep their order.
 */
export function sortByOffset(drafts: readonly StepDraft[]): StepDraft[] {
  return drafts
    .map((draft, index) => ({ draft, index, offset: offsetOf(draft) ?? Number.POSITIVE_INFINITY }))
    .sort((a, b) => a.offset - b.offset || a.index - b.index)
    .map((entry) => entry.draft);
}

export function sameOrder(a: readonly StepDraft[], b: readonly StepDraft[]): boolean {
  return a.length === b.length && a.every((draft, index) => draft.key === b[index]!.key);
}

/** "Relance après relevé" → "relance-apres-releve", the form step ids take. */
function slugOf(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
}

/**
 * Ids for the steps not saved yet, from their name. Ids already saved never change: the run
 * records which steps a case went through by id.
 */
export function withStepIds(drafts: readonly StepDraft[]): StepDraft[] {
  const taken = new Set(drafts.map((draft) => draft.id).filter((id) => id !== ''));
  return drafts.map((draft) => {
    if (draft.id) return draft;
    const base = slugOf(draft.name.en) || slugOf(draft.name.fr) || slugOf(draft.channel) || 'step';
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    return { ...draft, id };
  });
}

function whole(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  // Anything else goes as typed so that the API names the field in its answer.
  return /^[+-]?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** The step as a scenario document step (docs/scenarios.md); left-out fields keep their defaults. */
function stepDocument(draft: StepDraft, currency: string) {
  const templates = Object.fromEntries(MESSAGE_LANGUAGES.filter((language) => draft.templates[language] !== '').map((language) => [language, draft.templates[language]]));
  const minBalance = decimalFromTyped(draft.minBalance);
  return {
    id: draft.id,
    name: draft.name,
    offset_days: whole(draft.offset),
    channel: draft.channel,
    templates,
    sender: draft.sender,
    conditions: {
      ...(minBalance !== '' ? { min_balance: { amount: minBalance, currency } } : {}),
      segments: [...new Set(draft.segments.map((segment) => segment.trim()).filter((segment) => segment !== ''))],
      risk_levels: draft.riskLevels,
    },
    requires_approval: draft.requiresApproval,
    states_late_fees: draft.statesLateFees,
    notify_owner_before: whole(draft.notifyOwnerBeforeDays),
  };
}

/** The body of `PUT /api/scenarios/:id`, with the steps in the order given. */
export function scenarioDocument(scenario: { id: string; name: Bilingual; description: Bilingual | null }, drafts: readonly StepDraft[], currency: string) {
  return {
    id: scenario.id,
    name: scenario.name,
    ...(scenario.description ? { description: scenario.description } : {}),
    steps: drafts.map((draft) => stepDocument(draft, currency)),
  };
}

/** The input of a step an API problem is about, so its message can be shown next to it. */
export type StepSlot =
  | 'offset'
  | 'channel'
  | 'sender'
  | 'nameFr'
  | 'nameEn'
  | `template-${MessageLanguage}`
  | 'templates'
  | 'approval'
  | 'lateFees'
  | 'notify'
  | 'minBalance'
  | 'segments'
  | 'riskLevels'
  | 'step';

function slotOf(rest: string): StepSlot {
  if (rest.startsWith('offset_days')) return 'offset';
  if (rest === 'name.fr') return 'nameFr';
  if (rest.startsWith('name')) return 'nameEn';
  const template = /^templates\.(fr|en|nl|de)$/.exec(rest);
  if (template) return `template-${template[1] as MessageLanguage}`;
  if (rest.startsWith('template')) return 'templates';
  if (rest.startsWith('conditions.min_balance')) return 'minBalance';
  if (rest.startsWith('conditions.segments')) return 'segments';
  if (rest.startsWith('conditions.risk_levels')) return 'riskLevels';
  if (rest === 'channel') return 'channel';
  if (rest === 'sender') return 'sender';
  if (rest === 'requires_approval') return 'approval';
  if (rest === 'states_late_fees') return 'lateFees';
  if (rest === 'notify_owner_before') return 'notify';
  return 'step';
}

export interface Issue {
  field?: string;
  message: string;
}

export interface PlacedIssues {
  /** Step key → input → messages. */
  steps: Record<string, Partial<Record<StepSlot, string[]>>>;
  /** Fields of the scenario itself (id, name.fr…) → messages. */
  scenario: Record<string, string[]>;
  /** Problems that name no field. */
  other: string[];
}

/** "steps[2].offset_days must be…" reads as "must be…" once it sits next to the field. */
function withoutField(message: string, field: string): string {
  return message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message.startsWith(`${field} `) ? message.slice(field.length + 1) : message;
}

/**
 * Puts each problem the API named by field (`steps[2].offset_days`) next to the input it is
 * about. `keys` are the step keys in the order the document listed them.
 */
export function placeIssues(issues: readonly Issue[], keys: readonly string[]): PlacedIssues {
  const placed: PlacedIssues = { steps: {}, scenario: {}, other: [] };
  for (const issue of issues) {
    const field = issue.field ?? '';
    const message = withoutField(issue.message, field);
    const step = /^steps\[(\d+)\]\.?(.*)$/.exec(field);
    const key = step ? keys[Number(step[1])] : undefined;
    if (step && key !== undefined) {
      const slot = slotOf(step[2]!);
      const slots = (placed.steps[key] ??= {});
      (slots[slot] ??= []).push(message);
    } else if (field !== '') {
      (placed.scenario[field] ??= []).push(message);
    } else {
      placed.other.push(message);
    }
  }
  return placed;
}
