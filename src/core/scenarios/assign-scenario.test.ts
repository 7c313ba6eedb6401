import { describe, expect, it } from 'vitest';
import { assignScenario, type AssignmentRule, type CustomerProfile } from './assign-scenario.js';

const RULES: AssignmentRule[] = [
  { scenarioId: 'key-account', segments: ['key_account'] },
  { scenarioId: 'high-risk', riskLevels: ['high'] },
  { scenarioId: 'large-balance', minBalanceMinor: 5_000_000 },
  { scenarioId: 'small-balance', maxBalanceMinor: 50_000 },
];

const customer = (overrides: Partial<CustomerProfile>): CustomerProfile => ({
  segment: null,
  riskLevel: 'low',
  balanceMinor: 200_000,
  manualScenarioId: null,
  ...overrides,
});

describe('scenario assignment', () => {
  it('gives the scenario of the first matching rule, even when later rules match too', () => {
    const assignment = assignScenario(customer({ segment: 'key_account', riskLevel: 'high' }), RULES, 'standard');
    expect(assignment).toMatchObject({ scenarioId: 'key-account', source: 'rule', ruleIndex: 0 });
    expect(assignment.reason.en).toBe('Scenario key-account from assignment rule 1');
  });

  it('matches on risk level when the segment rule does not apply', () => {
    expect(assignScenario(customer({ segment: 'smb', riskLevel: 'high' }), RULES, 'standard').scenarioId).toBe('high-risk');
  });

  it('treats the balance bounds as inclusive', () => {
    expect(assignScenario(customer({ balanceMinor: 5_000_000 }), RULES, 'standard').scenarioId).toBe('large-balance');
    expect(assignScenario(customer({ balanceMinor: 50_000 }), RULES, 'standard').scenarioId).toBe('small-balance');
    expect(assignScenario(customer({ balanceMinor: 50_001 }), RULES, 'standard').scenarioId).toBe('standard');
  });

  it('does not match a segment rule for a customer without a segment, nor a risk rule before the risk is known', () => {
    expect(assignScenario(customer({ segment: null, riskLevel: null }), RULES.slice(0, 2), 'standard').source).toBe('default');
  });

  it('lets a scenario chosen by hand win over every rule', () => {
    const assignment = assignScenario(customer({ segment: 'key_account', manualScenarioId: 'high-risk' }), RULES, 'standard');
    expect(assignment).toMatchObject({ scenarioId: 'high-risk', source: 'manual', ruleIndex: null });
  });

  it('falls back to the default scenario and says why', () => {
    const assignment = assignScenario(customer({}), RULES, 'standard');
    expect(assignment).toMatchObject({ scenarioId: 'standard', source: 'default' });
    expect(assignment.reason.fr).toContain('aucune règle');
  });
});
