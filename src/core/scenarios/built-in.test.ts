import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readScenarioFile } from '../../adapters/files/scenario-files.js';
import { BUILT_IN_SCENARIOS, STANDARD_SCENARIO } from './built-in.js';

const dir = join(import.meta.dirname, '../../../scenarios');

describe('built-in scenarios', () => {
  it('ships one YAML file per built-in scenario, named after its id', () => {
    const files = readdirSync(dir).filter((name) => name.endsWith('.yaml')).sort();
    expect(files).toEqual(BUILT_IN_SCENARIOS.map((scenario) => `${scenario.id}.yaml`).sort());
  });

  it.each(BUILT_IN_SCENARIOS.map((scenario) => [scenario.id, scenario] as const))(
    'reads scenarios/%s.yaml with the scenario parser into exactly the exported data',
    (id, scenario) => {
      expect(readScenarioFile(join(dir, `${id}.yaml`))).toEqual(scenario);
    },
  );

  it('escalates the standard scenario from a friendly note to a hand-off, with approval for the formal steps', () => {
    const outline = STANDARD_SCENARIO.steps.map((step) => `${step.offsetDays} ${step.channel}${step.requiresApproval ? ' (approval)' : ''}${step.statesLateFees ? ' (fees)' : ''}`);
    expect(outline).toEqual([
      '-5 email',
      '3 email',
      '8 call_task',
      '15 email (fees)',
      '15 letter (fees)',
      '30 registered_letter (approval) (fees)',
      '45 handoff (approval) (fees)',
    ]);
  });

  it('never sends anything formal without approval in the key-account scenario, and tells the owner before every step after the due date', () => {
    const keyAccount = BUILT_IN_SCENARIOS.find((scenario) => scenario.id === 'key-account')!;
    for (const step of keyAccount.steps) {
      if (step.channel === 'registered_letter' || step.channel === 'handoff') expect(step.requiresApproval).toBe(true);
      if (step.offsetDays > 0) expect(step.notifyOwnerBeforeDays).toBeGreaterThan(0);
    }
    const standard = (id: string) => STANDARD_SCENARIO.steps.find((step) => step.id === id)!.offsetDays;
    const keyed = (id: string) => keyAccount.steps.find((step) => step.id === id)!.offsetDays;
    for (const id of ['courteous-reminder', 'phone-call', 'firm-reminder', 'formal-notice', 'handoff']) expect(keyed(id)).toBeGreaterThan(standard(id));
  });

  it('reaches the high-risk customer earlier: a text before the due date, a call at D+3, formal notice at D+10', () => {
    const highRisk = BUILT_IN_SCENARIOS.find((scenario) => scenario.id === 'high-risk')!;
    const at = (channel: string) => highRisk.steps.filter((step) => step.channel === channel).map((step) => step.offsetDays);
    expect(at('sms')).toEqual([-2]);
    expect(at('call_task')).toEqual([3]);
    expect(at('registered_letter')).toEqual([10]);
  });
});
