import type { FastifyInstance } from 'fastify';
import type { PlainDate } from '../../../core/plain-date.js';
import type { Db } from '../../../adapters/db/database.js';
import { runSimulation } from '../../../app/simulation/run-simulation.js';
import { organizationOf } from '../../access.js';
import { simulationBody } from './schemas.js';

interface SimulationRequest {
  days: number;
  from?: PlainDate;
  scenarios: (string | null)[];
  seed: number;
}

/**
 * The simulator over HTTP (docs/simulation.md). It writes a copy, never the organization's data,
 * yet it runs the whole collection many times over: the people who run collection start it.
 */
export async function simulationRoutes(app: FastifyInstance, { db, now }: { db: Db; now: () => Date }): Promise<void> {
  app.post<{ Body: SimulationRequest }>(
    '/api/simulations',
    {
      config: { access: 'write' },
      schema: {
        tags: ['collection'],
        summary: 'Replay the coming days on a copy of the ledger, for one or two scenarios side by side: the real run and sending each day, customers paying as their history says',
        body: simulationBody,
      },
    },
    async (request) => {
      const organization = await organizationOf(db, request);
      const { days, from, scenarios, seed } = request.body;
      const simulations = [];
      // One after the other: each replay already keeps a core busy, and the two share a seed so
      // that only the scenario differs between them.
      for (const scenarioId of scenarios) {
        simulations.push(await runSimulation(db, organization, { days, seed, scenarioId, now: now(), ...(from ? { from } : {}) }));
      }
      return { simulations };
    },
  );
}
