import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../adapters/db/database.js';
import { listDailyRuns } from '../../../adapters/db/stores/collection-runs.js';
import { callerOf } from '../../access.js';

const dailyRunSchema = {
  type: 'object',
  required: ['run_on', 'status', 'started_at', 'finished_at', 'summary', 'error'],
  properties: {
    run_on: { type: 'string', format: 'date' },
    status: { type: 'string', enum: ['running', 'finished', 'failed'] },
    started_at: { type: 'string' },
    finished_at: { type: ['string', 'null'] },
    summary: { type: ['object', 'null'], additionalProperties: true },
    error: {
      type: ['object', 'null'],
      required: ['code', 'message', 'failed_at'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, failed_at: { type: 'string' } },
    },
  },
} as const;

export async function dailyRunRoutes(app: FastifyInstance, { db }: { db: Db }): Promise<void> {
  app.get(
    '/api/collection/daily-runs',
    {
      schema: {
        tags: ['collection'],
        summary: 'The daily runs of `relance serve`, newest day first: finished with what they did, or failed with the error (retried at the next check)',
        response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: dailyRunSchema } } } },
      },
    },
    async (request) => ({ items: await listDailyRuns(db, callerOf(request).organizationId) }),
  );
}
