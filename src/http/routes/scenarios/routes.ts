import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../adapters/db/database.js';
import { callerOf } from '../../access.js';
import { scenarioSummaryJson } from '../scenario-admin/scenario-json.js';
import { listVisibleScenarios } from './list-visible-scenarios.js';
import { scenarioListResponse } from './schemas.js';

export async function scenarioRoutes(app: FastifyInstance, { db }: { db: Db }): Promise<void> {
  app.get(
    '/api/scenarios',
    { schema: { tags: ['scenarios'], summary: "The collection scenarios: the built-in ones and the organization's own, each with its steps by day from the due date", response: { 200: scenarioListResponse } } },
    async (request) => {
      const listed = await listVisibleScenarios(db, callerOf(request).organizationId);
      return { items: listed.map(({ scenario, source }) => scenarioSummaryJson(scenario, source)) };
    },
  );
}
