import { toMoneyJson, type Currency } from '../../../core/money.js';
import type { Scenario } from '../../../core/scenarios/scenario.js';

/** A scenario as `GET /api/scenarios` lists it: its steps without their conditions. */
export function scenarioSummaryJson(scenario: Scenario, source: 'built_in' | 'custom') {
  return {
    id: scenario.id,
    name: scenario.name,
    description: scenario.description,
    source,
    steps: scenario.steps.map((step) => ({
      id: step.id,
      name: step.name,
      offset_days: step.offsetDays,
      channel: step.channel,
      sender: step.sender,
      templates: step.templates,
      requires_approval: step.requiresApproval,
      states_late_fees: step.statesLateFees,
      notify_owner_before_days: step.notifyOwnerBeforeDays,
    })),
  };
}

/**
 * A scenario with every field of its steps, conditions included: the summary plus the
 * conditions, so an editor can send back what it does not show. The minimum balance is money
 * in the organization's currency, the one the planner compares it in.
 */
export function scenarioJson(scenario: Scenario, currency: Currency, source: 'built_in' | 'custom' = 'custom') {
  const summary = scenarioSummaryJson(scenario, source);
  return {
    ...summary,
    steps: summary.steps.map((json, index) => {
      const { conditions } = scenario.steps[index]!;
      return {
        ...json,
        conditions: {
          min_balance: toMoneyJson(conditions.minBalanceMinor, currency),
          segments: [...conditions.segments],
          risk_levels: [...conditions.riskLevels],
        },
      };
    }),
  };
}
