import type { FastifyInstance } from 'fastify';
import type { Scenario } from '../../../core/scenarios/scenario.js';
import type { Db } from '../../../adapters/db/database.js';
import { callerOf } from '../../access.js';
import { listVisibleScenarios } from './list-visible-scenarios.js';
import { scenarioListResponse } from './schemas.js';

function scenarioJson(scenario: Scenario, source: 'built_in' | 'custom') {
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

export async function scenarioRoutes(app: FastifyInstance, { db }: { db: Db }): Promise<void> {
  app.get(
    '/api/scenarios',
    { schema: { tags: ['scenarios'], summary: "The collection scenarios: the built-in ones and the organization's own, each with its steps by day from the due date", response: { 200: scenarioListResponse } } },
    async (request) => {
      const listed = await listVisibleScenarios(db, callerOf(request).organizationId);
      return { items: listed.map(({ scenario, source }) => scenarioJson(scenario, source)) };
    },
  );
}
