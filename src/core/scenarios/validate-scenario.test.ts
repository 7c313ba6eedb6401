import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../adapters/files/scenario-files.js';
import { AppError } from '../app-error.js';
import { validateScenario } from './validate-scenario.js';

function problemsOf(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the scenario to be rejected');
}

const VALID = `
id: gentle
name: { fr: Doux, en: Gentle }
steps:
  - id: first
    name: { fr: Premier rappel, en: First reminder }
    offset_days: 5
    channel: email
    template: courteous-reminder
    sender: accounts_team
  - id: second
    name: { fr: Second rappel, en: Second reminder }
    offset_days: 20
    channel: letter
    templates: { fr: lettre-fr, en: letter-en, nl: brief-nl, de: brief-de }
    sender: named_collector
    conditions: { min_balance_minor: 10000, segments: [smb], risk_levels: [medium, high] }
    requires_approval: true
    states_late_fees: true
    notify_owner_before: 3
`;

describe('scenario validation', () => {
  it('reads a valid scenario with defaults for the optional fields', () => {
    const scenario = parseScenarioText(VALID);
    expect(scenario.id).toBe('gentle');
    expect(scenario.steps.map((step) => [step.id, step.offsetDays, step.channel])).toEqual([
      ['first', 5, 'email'],
      ['second', 20, 'letter'],
    ]);
    const [first, second] = scenario.steps;
    expect(first!.templates).toEqual({ fr: 'courteous-reminder', en: 'courteous-reminder', nl: 'courteous-reminder', de: 'courteous-reminder' });
    expect(first!.requiresApproval).toBe(false);
    expect(first!.conditions).toEqual({ minBalanceMinor: 0, segments: [], riskLevels: [] });
    expect(second!.templates.nl).toBe('brief-nl');
    expect(second!.conditions).toEqual({ minBalanceMinor: 10000, segments: ['smb'], riskLevels: ['medium', 'high'] });
    expect(second!.notifyOwnerBeforeDays).toBe(3);
    expect(second!.statesLateFees).toBe(true);
  });

  it('reads the same scenario written as JSON', () => {
    const json = JSON.stringify({
      id: 'gentle',
      name: { fr: 'Doux', en: 'Gentle' },
      steps: [{ id: 'first', name: { fr: 'Premier', en: 'First' }, offset_days: -3, channel: 'sms', template: 'pre-due-sms', sender: 'accounts_team' }],
    });
    expect(parseScenarioText(json).steps[0]!.offsetDays).toBe(-3);
  });

  it('names the field of a wrong value and its line and column in the file', () => {
    const text = VALID.replace('offset_days: 20', 'offset_days: 2.5');
    const error = problemsOf(() => parseScenarioText(text, 'gentle.yaml'));
    expect(error.code).toBe('validation_failed');
    expect(error.issues).toEqual([
      { field: 'steps[1].offset_days', file: 'gentle.yaml', line: 13, column: 5, message: 'steps[1].offset_days: must be an integer' },
    ]);
    expect(error.message).toContain('gentle.yaml:13:5: steps[1].offset_days: must be an integer');
  });

  it('lists every problem of a document at once, each at its field', () => {
    const error = problemsOf(() =>
      validateScenario({
        id: 'Bad Id',
        name: { fr: 'x' },
        steps: [
          { id: 'a', name: { fr: 'A', en: 'A' }, offset_days: 10, channel: 'fax', template: 't', sender: 'accounts_team', requires_approval: 'yes' },
          { id: 'a', name: { fr: 'B', en: 'B' }, offset_days: 4, channel: 'email', template: 't', sender: 'bailiff', offset_day: 4 },
        ],
      }),
    );
    expect(error.issues.map((issue) => `${issue.field}: ${issue.message}`)).toEqual([
      'id: must be lower-case letters, digits and dashes, such as "firm-reminder"',
      'name.en: is required',
      'steps[0].channel: must be one of email, sms, letter, registered_letter, call_task, handoff',
      'steps[0].requires_approval: must be true or false',
      'steps[1].offset_day: is not a known field; expected one of id, name, offset_days, channel, template, templates, sender, conditions, requires_approval, states_late_fees, notify_owner_before',
      'steps[1].sender: must be one of accounts_team, named_collector, agency',
      'steps[1].id: repeats the id of steps[0]',
      'steps[1].offset_days: must not be smaller than the offset of the step before it (10)',
    ]);
  });

  it('requires a template for every language when templates are given one by one', () => {
    const error = problemsOf(() => parseScenarioText(VALID.replace(', de: brief-de', '')));
    expect(error.issues.map((issue) => `${issue.field}: ${issue.message}`)).toEqual(['steps[1].templates.de: is required']);
  });

  it('reports broken YAML at its line and column', () => {
    const text = 'id: broken\nname: { fr: Cassé, en: Broken\nsteps: []\n';
    const error = problemsOf(() => parseScenarioText(text, 'broken.yaml'));
    expect(error.code).toBe('validation_failed');
    expect(error.issues.length).toBeGreaterThan(0);
    const first = error.issues[0]!;
    expect(first.file).toBe('broken.yaml');
    expect(first.line).toBeGreaterThanOrEqual(2);
    expect(first.column).toBeGreaterThanOrEqual(1);
    expect(first.message).toMatch(/^not valid YAML: /);
  });

  it('rejects a key written twice instead of keeping the last one silently', () => {
    const error = problemsOf(() => parseScenarioText(VALID.replace('offset_days: 5', 'offset_days: 5\n    offset_days: 6'), 's.yaml'));
    expect(error.issues[0]).toMatchObject({ file: 's.yaml', line: 8, column: 5 });
  });

  it('refuses an empty list of steps', () => {
    const error = problemsOf(() => validateScenario({ id: 'empty', name: { fr: 'Vide', en: 'Empty' }, steps: [] }));
    expect(error.issues.map((issue) => issue.field)).toEqual(['steps']);
  });
});
