import type { FastifyInstance } from 'fastify';
import { moneyFromJson, type MoneyJson } from '../../../core/money.js';
import type { Db } from '../../../adapters/db/database.js';
import { confirmBankLine, ignoreBankLine, listReconciliationLines, undoBankLine, type ReconciliationLineJson } from '../../../app/bank/reconcile.js';
import { callerOf } from '../../access.js';
import { idParams } from '../../schemas.js';

const confirmBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    suggestion: { type: 'integer', minimum: 0, maximum: 20, description: 'The index of one of the line’s suggestions, best first.' },
    customer_id: { type: 'string', maxLength: 80, description: 'Without `suggestion`: the customer the credit is from.' },
    allocations: {
      type: 'array',
      maxItems: 500,
      description: 'With `customer_id`: how much goes on each of the customer’s invoices; what is left stays on the account as credit (none: all of it).',
      items: {
        type: 'object',
        required: ['invoice_id', 'amount'],
        additionalProperties: false,
        properties: { invoice_id: { type: 'string', maxLength: 80 }, amount: { type: 'object', required: ['amount', 'currency'], properties: { amount: { type: 'string' }, currency: { type: 'string' } } } },
      },
    },
  },
} as const;

const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: ['suggested', 'unmatched', 'matched', 'ignored'], description: 'Left out: the lines waiting for a person (suggested and unmatched).' },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 200 },
  },
} as const;

/**
 * The reconciliation queue: the bank credits matching was not sure of, with its ranked
 * suggestions, for a person to confirm, split, assign to a customer as credit, ignore or undo.
 */
export async function reconciliationRoutes(app: FastifyInstance, { db }: { db: Db }): Promise<void> {
  const tags = ['bank'];

  app.get<{ Querystring: { status?: ReconciliationLineJson['status']; limit?: number } }>(
    '/api/reconciliation',
    { config: { access: 'write' }, schema: { tags, summary: 'Bank lines waiting for a person (or in the status asked), oldest first, with ranked suggestions and their reasons (administrators and collectors: the queue names customers of every owner)', querystring: listQuery } },
    async (request) => ({ items: await listReconciliationLines(db, callerOf(request).organizationId, { ...(request.query.status ? { status: request.query.status } : {}), limit: request.query.limit ?? 200 }) }),
  );

  app.post<{ Params: { id: string }; Body: { suggestion?: number; customer_id?: string; allocations?: { invoice_id: string; amount: MoneyJson }[] } }>(
    '/api/reconciliation/:id/confirm',
    { schema: { tags, summary: "Apply a waiting line: one of its suggestions, or a customer and a split of one's own (the rest on account)", params: idParams, body: confirmBody } },
    async (request) => {
      const { suggestion, customer_id, allocations } = request.body;
      const confirmation =
        suggestion !== undefined
          ? { suggestion }
          : {
              customerId: customer_id ?? '',
              allocations: (allocations ?? []).map((allocation, index) => ({ invoiceId: allocation.invoice_id, amountMinor: moneyFromJson(allocation.amount, `allocations[${index}].amount`).minor })),
            };
      return confirmBankLine(db, callerOf(request).organizationId, request.params.id, confirmation);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/reconciliation/:id/ignore',
    { schema: { tags, summary: 'Leave a waiting line out of the queue (a transfer between own accounts, a refund): nothing is applied', params: idParams } },
    async (request, reply) => {
      await ignoreBankLine(db, callerOf(request).organizationId, request.params.id);
      return reply.code(204).send();
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/reconciliation/:id/undo',
    { schema: { tags, summary: 'Undo a match: the payment is taken back, the invoices are open again, the line waits in the queue', params: idParams } },
    async (request, reply) => {
      await undoBankLine(db, callerOf(request).organizationId, request.params.id);
      return reply.code(204).send();
    },
  );
}
