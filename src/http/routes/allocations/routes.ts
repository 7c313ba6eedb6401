import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../core/app-error.js';
import type { Db } from '../../../adapters/db/database.js';
import { deleteAllocation, getAllocation, listAllocations } from '../../../adapters/db/stores/documents.js';
import { allocateCredit, type AllocationInput } from '../../../app/allocate-credit.js';
import { ownerScope, requireVisibleDocument } from '../../../app/auth/caller.js';
import { callerOf, organizationOf } from '../../access.js';
import { emptyResponse, idParams } from '../../schemas.js';
import { allocationJson } from './present.js';
import { allocationListQuery, allocationListResponse, allocationSchema, createAllocationBody } from './schemas.js';

interface ListQuery {
  invoice?: string;
  payment?: string;
  credit_note?: string;
  customer?: string;
  limit: number;
  offset: number;
}

export async function allocationRoutes(app: FastifyInstance, { db, now }: { db: Db; now: () => Date }): Promise<void> {
  const tags = ['allocations'];

  app.get<{ Querystring: ListQuery }>(
    '/api/allocations',
    { schema: { tags, summary: 'Allocations (lettrage): money set from payments and credit notes against invoices', querystring: allocationListQuery, response: { 200: allocationListResponse } } },
    async (request) => {
      const caller = callerOf(request);
      const q = request.query;
      const scope = ownerScope(caller);
      const { rows, total } = await listAllocations(
        db,
        caller.organizationId,
        {
          ...(q.invoice !== undefined ? { invoiceId: q.invoice } : {}),
          ...(q.payment !== undefined ? { paymentId: q.payment } : {}),
          ...(q.credit_note !== undefined ? { creditNoteId: q.credit_note } : {}),
          ...(q.customer !== undefined ? { customerId: q.customer } : {}),
          ...(scope !== undefined ? { ownerUserId: scope } : {}),
        },
        { limit: q.limit, offset: q.offset },
      );
      return { items: rows.map(allocationJson), total, limit: q.limit, offset: q.offset };
    },
  );

  app.post<{ Body: AllocationInput }>(
    '/api/allocations',
    {
      schema: {
        tags,
        summary: 'Allocate a payment or credit note to an invoice of the same customer and currency',
        description: 'Refused with 409 when the amount is more than the invoice has left to pay or the credit has left to allocate.',
        body: createAllocationBody,
        response: { 201: allocationSchema },
      },
    },
    async (request, reply) => {
      const organization = await organizationOf(db, request);
      return reply.code(201).send(allocationJson(await allocateCredit(db, organization, request.body, now())));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/allocations/:id',
    { schema: { tags, summary: 'One allocation', params: idParams, response: { 200: allocationSchema } } },
    async (request) => {
      const caller = callerOf(request);
      return allocationJson(await requireVisibleDocument(db, caller, await getAllocation(db, caller.organizationId, request.params.id), 'allocation', request.params.id));
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/allocations/:id',
    { schema: { tags, summary: 'Undo an allocation: the invoice is open again by that amount', params: idParams, response: { 204: emptyResponse } } },
    async (request, reply) => {
      if (!(await deleteAllocation(db, callerOf(request).organizationId, request.params.id))) {
        throw new AppError('not_found', `allocation ${request.params.id} does not exist`, { field: 'id' });
      }
      return reply.code(204).send();
    },
  );
}
