import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../core/app-error.js';
import { toMoneyJson } from '../../../core/money.js';
import type { Db } from '../../../adapters/db/database.js';
import { deleteUnallocatedDocument, getPayment, listAllocations, listPayments, type PaymentWithUnapplied } from '../../../adapters/db/stores/documents.js';
import { ownerScope, requireVisibleDocument } from '../../../app/auth/caller.js';
import { createPaymentFromInput, updatePaymentFromInput, type PaymentInput } from '../../../app/save-payment.js';
import { callerOf } from '../../access.js';
import { emptyResponse, idParams } from '../../schemas.js';
import { allocationJson } from '../allocations/present.js';
import { creditFilterOf, type CreditListQuery } from '../credit-notes/routes.js';
import { createPaymentBody, paymentDetailSchema, paymentListQuery, paymentListResponse, updatePaymentBody } from './schemas.js';

function paymentJson(p: PaymentWithUnapplied) {
  return {
    id: p.id,
    customer: { id: p.customer_id, reference: p.customer_ref, name: p.customer_name },
    reference: p.reference,
    received_on: p.received_on,
    amount: toMoneyJson(p.amount_minor, p.currency),
    unapplied: toMoneyJson(p.unapplied_minor, p.currency),
    method: p.method,
    source: p.source,
    created_at: p.created_at,
  };
}

export async function paymentRoutes(app: FastifyInstance, { db }: { db: Db }): Promise<void> {
  const tags = ['payments'];

  const detail = async (p: PaymentWithUnapplied) => {
    const allocations = await listAllocations(db, p.organization_id, { paymentId: p.id }, { limit: 10_000, offset: 0 });
    return { ...paymentJson(p), allocations: allocations.rows.map(allocationJson) };
  };

  app.get<{ Querystring: CreditListQuery }>(
    '/api/payments',
    { schema: { tags, summary: 'Payments received, newest first', querystring: paymentListQuery, response: { 200: paymentListResponse } } },
    async (request) => {
      const caller = callerOf(request);
      const q = request.query;
      const scope = ownerScope(caller);
      const { rows, total } = await listPayments(
        db,
        caller.organizationId,
        creditFilterOf(q, scope),
        { limit: q.limit, offset: q.offset },
      );
      return { items: rows.map(paymentJson), total, limit: q.limit, offset: q.offset };
    },
  );

  app.post<{ Body: PaymentInput }>(
    '/api/payments',
    { schema: { tags, summary: 'Record a payment received; allocate it to invoices with /api/allocations', body: createPaymentBody, response: { 201: paymentDetailSchema } } },
    async (request, reply) => {
      const row = await createPaymentFromInput(db, callerOf(request).organizationId, request.body);
      return reply.code(201).send(await detail(row));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/payments/:id',
    { schema: { tags, summary: 'A payment with its allocations', params: idParams, response: { 200: paymentDetailSchema } } },
    async (request) => {
      const caller = callerOf(request);
      return detail(await requireVisibleDocument(db, caller, await getPayment(db, caller.organizationId, request.params.id), 'payment', request.params.id));
    },
  );

  app.patch<{ Params: { id: string }; Body: Partial<Omit<PaymentInput, 'customer_id'>> }>(
    '/api/payments/:id',
    { schema: { tags, summary: 'Correct a payment', params: idParams, body: updatePaymentBody, response: { 200: paymentDetailSchema } } },
    async (request) => detail(await updatePaymentFromInput(db, callerOf(request).organizationId, request.params.id, request.body)),
  );

  app.delete<{ Params: { id: string } }>(
    '/api/payments/:id',
    { schema: { tags, summary: 'Delete a payment nothing is allocated from', params: idParams, response: { 204: emptyResponse } } },
    async (request, reply) => {
      const outcome = await deleteUnallocatedDocument(db, callerOf(request).organizationId, 'payments', request.params.id);
      if (outcome === 'not_found') throw new AppError('not_found', `payment ${request.params.id} does not exist`, { field: 'id' });
      if (outcome === 'allocated') throw new AppError('conflict', 'this payment is allocated to invoices; delete those allocations first');
      return reply.code(204).send();
    },
  );
}
