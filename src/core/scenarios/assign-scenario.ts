import type { Bilingual, RiskLevel } from './scenario.js';

/**
 * One assignment rule: a customer matching every given criterion gets the scenario. Criteria
 * left out match everyone; balances are in minor units of the organization's currency and
 * both bounds are inclusive.
 */
export interface AssignmentRule {
  readonly scenarioId: string;
  readonly segments?: readonly string[];
  readonly riskLevels?: readonly RiskLevel[];
  readonly minBalanceMinor?: number;
  readonly maxBalanceMinor?: number;
}

export interface CustomerProfile {
  readonly segment: string | null;
  readonly riskLevel: RiskLevel | null;
  readonly balanceMinor: number;
  /** A scenario chosen by hand for this customer; it wins over every rule. */
  readonly manualScenarioId: string | null;
}

export interface ScenarioAssignment {
  readonly scenarioId: string;
  readonly source: 'manual' | 'rule' | 'default';
  /** Index of the matching rule when `source` is `rule`. */
  readonly ruleIndex: number | null;
  readonly reason: Bilingual;
}

export function ruleMatches(rule: AssignmentRule, customer: CustomerProfile): boolean {
  if (rule.segments && rule.segments.length > 0 && (customer.segment === null || !rule.segments.includes(customer.segment))) return false;
  if (rule.riskLevels && rule.riskLevels.length > 0 && (customer.riskLevel === null || !rule.riskLevels.includes(customer.riskLevel))) return false;
  if (rule.minBalanceMinor !== undefined && customer.balanceMinor < rule.minBalanceMinor) return false;
  if (rule.maxBalanceMinor !== undefined && customer.balanceMinor > rule.maxBalanceMinor) return false;
  return true;
}

/** Rules are read in order and the first match wins, so put the narrow rules first. */
export function assignScenario(customer: CustomerProfile, rules: readonly AssignmentRule[], defaultScenarioId: string): ScenarioAssignment {
  if (customer.manualScenarioId !== null) {
    return {
      scenarioId: customer.manualScenarioId,
      source: 'manual',
      ruleIndex: null,
      reason: {
        en: `Scenario ${customer.manualScenarioId} was chosen by hand for this customer`,
        fr: `Scénario ${customer.manualScenarioId} choisi manuellement pour ce client`,
      },
    };
  }
  const index = rules.findIndex((rule) => ruleMatches(rule, customer));
  if (index >= 0) {
    const scenarioId = rules[index]!.scenarioId;
    return {
      scenarioId,
      source: 'rule',
      ruleIndex: index,
      reason: { en: `Scenario ${scenarioId} from assignment rule ${index + 1}`, fr: `Scénario ${scenarioId} par la règle d'affectation ${index + 1}` },
    };
  }
  return {
    scenarioId: defaultScenarioId,
    source: 'default',
    ruleIndex: null,
    reason: { en: `Default scenario ${defaultScenarioId}: no assignment rule matches`, fr: `Scénario par défaut ${defaultScenarioId} : aucune règle d'affectation ne s'applique` },
  };
}
