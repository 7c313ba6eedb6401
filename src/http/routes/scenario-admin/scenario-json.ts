import { toMoneyJson, type Currency } from '../../../core/money.js';
import type { Scenario } from '../../../core/scenarios/scenario.js';

/**
 * A scenario with every field of its steps, conditions included: the shape of
 * `GET /api/scenarios` items plus the conditions, so an editor can send back what it does not
 * show. The minimum balance is money in the organization's currency, the one the planner
 * compares it in.
 */
export function scenarioJson(scenario: Scenario, currency: Currency, source: 'built_in' | 'custom' = 'custom') {
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
      conditions: {
        min_balance: toMoneyJson(step.conditions.minBalanceMinor, currency),
        segments: [...step.conditions.segments],
        risk_levels: [...step.conditions.riskLevels],
      },
    })),
  };
}
