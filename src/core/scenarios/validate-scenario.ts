import { AppError, formatIssue, type ImportIssue } from '../app-error.js';
import {
  CHANNELS,
  MESSAGE_LANGUAGES,
  RISK_LEVELS,
  SENDER_IDENTITIES,
  type Bilingual,
  type Channel,
  type MessageLanguage,
  type RiskLevel,
  type Scenario,
  type ScenarioStep,
  type SenderIdentity,
} from './scenario.js';

/** A path into the document: `['steps', 3, 'offset_days']`. */
export type DocumentPath = readonly (string | number)[];

/** Finds where a path sits in the source text, when the text had positions (YAML does). */
export type Locate = (path: DocumentPath) => { line: number; column: number } | undefined;

export interface ValidateOptions {
  /** Name of the source, reported as the issue's file. */
  file?: string;
  locate?: Locate;
}

/** "steps[3].offset_days" */
export function formatDocumentPath(path: DocumentPath): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${key}` : key), '');
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
// Two years past the due date is already litigation; a larger offset is almost surely a typo.
const MAX_OFFSET_DAYS = 730;
const MIN_OFFSET_DAYS = -90;

const SCENARIO_KEYS = ['id', 'name', 'description', 'steps'];
const STEP_KEYS = [
  'id',
  'name',
  'offset_days',
  'channel',
  'template',
  'templates',
  'sender',
  'conditions',
  'requires_approval',
  'states_late_fees',
  'notify_owner_before',
];
const CONDITION_KEYS = ['min_balance_minor', 'segments', 'risk_levels'];

class Checker {
  readonly issues: ImportIssue[] = [];

  constructor(private readonly options: ValidateOptions) {}

  fail(path: DocumentPath, message: string): void {
    const field = formatDocumentPath(path);
    const file = this.options.file;
    const at = this.options.locate?.(path);
    // formatIssue prints the file position instead of the field when there is a file, so the
    // field then goes into the sentence: "standard.yaml:12:5: steps[3].offset_days: must be…".
    this.issues.push({
      field,
      ...(file !== undefined ? { file } : {}),
      ...(at ? { line: at.line, column: at.column } : {}),
      message: file !== undefined ? `${field}: ${message}` : message,
    });
  }

  object(value: unknown, path: DocumentPath, keys: readonly string[]): Record<string, unknown> | null {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(path, 'must be a mapping of fields');
      return null;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!keys.includes(key)) this.fail([...path, key], `is not a known field; expected one of ${keys.join(', ')}`);
    }
    return record;
  }

  slug(value: unknown, path: DocumentPath): string {
    if (typeof value !== 'string' || !SLUG.test(value)) {
      this.fail(path, value === undefined ? 'is required' : 'must be lower-case letters, digits and dashes, such as "firm-reminder"');
      return '';
    }
    return value;
  }

  text(value: unknown, path: DocumentPath): string {
    if (typeof value !== 'string' || value.trim() === '') {
      this.fail(path, value === undefined ? 'is required' : 'must be a non-empty text');
      return '';
    }
    return value.trim();
  }

  bilingual(value: unknown, path: DocumentPath): Bilingual {
    const record = this.object(value, path, ['fr', 'en']);
    if (!record) return { fr: '', en: '' };
    return { fr: this.text(record.fr, [...path, 'fr']), en: this.text(record.en, [...path, 'en']) };
  }

  integer(value: unknown, path: DocumentPath, min: number, max: number, fallback: number): number {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.fail(path, 'must be an integer');
      return fallback;
    }
    if (value < min || value > max) {
      this.fail(path, `must be between ${min} and ${max}`);
      return fallback;
    }
    return value;
  }

  boolean(value: unknown, path: DocumentPath): boolean {
    if (value === undefined) return false;
    if (typeof value !== 'boolean') {
      this.fail(path, 'must be true or false');
      return false;
    }
    return value;
  }

  oneOf<T extends string>(value: unknown, path: DocumentPath, allowed: readonly T[]): T {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail(path, value === undefined ? `is required; one of ${allowed.join(', ')}` : `must be one of ${allowed.join(', ')}`);
      return allowed[0]!;
    }
    return value as T;
  }

  list<T>(value: unknown, path: DocumentPath, item: (value: unknown, path: DocumentPath) => T): T[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.fail(path, 'must be a list');
      return [];
    }
    return value.map((entry, index) => item(entry, [...path, index]));
  }
}

function readTemplates(check: Checker, step: Record<string, unknown>, path: DocumentPath): Record<MessageLanguage, string> {
  const single = step.template;
  const perLanguage = step.templates;
  if (single !== undefined && perLanguage !== undefined) {
    check.fail([...path, 'templates'], 'give either template (one id for every language) or templates (one per language), not both');
  }
  if (perLanguage === undefined) {
    const id = single === undefined ? (check.fail([...path, 'template'], 'is required'), '') : check.slug(single, [...path, 'template']);
    return { fr: id, en: id, nl: id, de: id };
  }
  const record = check.object(perLanguage, [...path, 'templates'], MESSAGE_LANGUAGES);
  const result = { fr: '', en: '', nl: '', de: '' };
  if (record) {
    for (const language of MESSAGE_LANGUAGES) result[language] = check.slug(record[language], [...path, 'templates', language]);
  }
  return result;
}

function readStep(check: Checker, value: unknown, path: DocumentPath): ScenarioStep | null {
  const step = check.object(value, path, STEP_KEYS);
  if (!step) return null;
  const conditionsPath = [...path, 'conditions'];
  const conditions = step.conditions === undefined ? {} : check.object(step.conditions, conditionsPath, CONDITION_KEYS) ?? {};
  if (step.offset_days === undefined) check.fail([...path, 'offset_days'], 'is required');
  return {
    id: check.slug(step.id, [...path, 'id']),
    name: check.bilingual(step.name, [...path, 'name']),
    // NaN keeps a bad offset out of the ordering check below: one mistake, one message.
    offsetDays: check.integer(step.offset_days, [...path, 'offset_days'], MIN_OFFSET_DAYS, MAX_OFFSET_DAYS, Number.NaN),
    channel: check.oneOf<Channel>(step.channel, [...path, 'channel'], CHANNELS),
    templates: readTemplates(check, step, path),
    sender: check.oneOf<SenderIdentity>(step.sender, [...path, 'sender'], SENDER_IDENTITIES),
    conditions: {
      minBalanceMinor: check.integer(conditions.min_balance_minor, [...conditionsPath, 'min_balance_minor'], 0, Number.MAX_SAFE_INTEGER, 0),
      segments: check.list(conditions.segments, [...conditionsPath, 'segments'], (entry, at) => check.text(entry, at)),
      riskLevels: check.list(conditions.risk_levels, [...conditionsPath, 'risk_levels'], (entry, at) =>
        check.oneOf<RiskLevel>(entry, at, RISK_LEVELS),
      ),
    },
    requiresApproval: check.boolean(step.requires_approval, [...path, 'requires_approval']),
    statesLateFees: check.boolean(step.states_late_fees, [...path, 'states_late_fees']),
    notifyOwnerBeforeDays: check.integer(step.notify_owner_before, [...path, 'notify_owner_before'], 0, 60, 0),
  };
}

/**
 * Checks a scenario document (the value a YAML or JSON file holds) and returns the scenario.
 * Every problem is collected, not just the first, so a person fixes a file in one pass; each
 * names its place (`steps[3].offset_days`) and, when `locate` knows it, the line and column.
 */
export function validateScenario(document: unknown, options: ValidateOptions = {}): Scenario {
  const check = new Checker(options);
  const root = check.object(document, [], SCENARIO_KEYS);
  let scenario: Scenario | null = null;
  if (root) {
    const id = check.slug(root.id, ['id']);
    const name = check.bilingual(root.name, ['name']);
    const description = root.description === undefined ? null : check.bilingual(root.description, ['description']);
    if (!Array.isArray(root.steps) || root.steps.length === 0) {
      check.fail(['steps'], root.steps === undefined ? 'is required' : 'must be a non-empty list of steps');
    }
    const steps = Array.isArray(root.steps) ? root.steps.map((value, index) => readStep(check, value, ['steps', index])) : [];
    const seen = new Map<string, number>();
    steps.forEach((step, index) => {
      if (!step) return;
      const earlier = seen.get(step.id);
      if (step.id && earlier !== undefined) check.fail(['steps', index, 'id'], `repeats the id of steps[${earlier}]`);
      else seen.set(step.id, index);
      const previous = steps[index - 1];
      // Order carries meaning (the planner never goes back to an earlier step), so it must agree
      // with the calendar.
      if (previous && step.offsetDays < previous.offsetDays) {
        check.fail(['steps', index, 'offset_days'], `must not be smaller than the offset of the step before it (${previous.offsetDays})`);
      }
    });
    scenario = { id, name, description, steps: steps.filter((step): step is ScenarioStep => step !== null) };
  }
  if (check.issues.length > 0 || !scenario) {
    const first = check.issues[0]!;
    const count = check.issues.length;
    throw new AppError(
      'validation_failed',
      `the scenario is not valid (${count} problem${count === 1 ? '' : 's'}); first: ${formatIssue(first)}`,
      { field: first.field, ...(first.file !== undefined ? { file: first.file } : {}), ...(first.line !== undefined ? { line: first.line, column: first.column } : {}) },
      { issues: check.issues },
    );
  }
  return scenario;
}
