import type { Scenario } from '../../../core/scenarios/scenario.js';

/** A scenario as the API shows it, the same shape as `GET /api/scenarios` items. */
export function scenarioJson(scenario: Scenario) {
  return {
    id: scenario.id,
    name: scenario.name,
    description: scenario.description,
    source: 'custom' as const,
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
