import type { FastifyInstance } from 'fastify';
import type { PlainDate } from '../../../core/plain-date.js';
import type { Db } from '../../../adapters/db/database.js';
import { ownerScope } from '../../../app/auth/caller.js';
import { getAgingReport } from '../../../app/get-aging-report.js';
import { callerOf } from '../../access.js';
import { currencySchema, dateSchema, pageQueryProperties } from '../../schemas.js';

export async function reportRoutes(app: FastifyInstance, { db, now }: { db: Db; now: () => Date }): Promise<void> {
  app.get<{ Querystring: { as_of?: PlainDate; currency?: string; limit?: number; offset?: number; sort?: 'balance' | 'overdue' } }>(
    '/api/reports/aging',
    {
      schema: {
        tags: ['reports'],
        summary: 'Aging report (balance âgée) with DSO: the figures of the dashboard and of "relance report aging --json"',
        querystring: {
          type: 'object',
          properties: {
            as_of: { ...dateSchema, description: 'Default: today in the organization time zone.' },
            currency: { ...currencySchema, description: "Default: the organization's currency." },
            limit: { type: 'integer', minimum: 0, maximum: 1000, default: 100, description: 'Customer lines per page; `customers_total` says how many there are.' },
            offset: pageQueryProperties.offset,
            sort: { type: 'string', enum: ['balance', 'overdue'], default: 'balance', description: 'Customer lines by largest balance, or by largest overdue amount.' },
          },
        },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const scope = ownerScope(caller);
      const { as_of, currency, limit = 100, offset = 0, sort = 'balance' } = request.query;
      return getAgingReport(db, caller.organizationId, {
        ...(as_of ? { asOf: as_of } : {}),
        now: now(),
        ...(currency ? { currency } : {}),
        ...(scope !== undefined ? { ownerUserId: scope } : {}),
        customers: { limit, offset, sort },
      });
    },
  );
}
