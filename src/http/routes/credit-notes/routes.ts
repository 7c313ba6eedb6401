import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../core/app-error.js';
import { toMoneyJson } from '../../../core/money.js';
import type { Db } from '../../../adapters/db/database.js';
import { deleteUnallocatedDocument, getCreditNote, listAllocations, listCreditNotes, type CreditFilter, type CreditNoteWithUnapplied } from '../../../adapters/db/stores/documents.js';
import { ownerScope, requireVisibleDocument } from '../../../app/auth/caller.js';
import { createCreditNoteFromInput, updateCreditNoteFromInput, type CreditNoteInput } from '../../../app/save-credit-note.js';
import { callerOf } from '../../access.js';
import { emptyResponse, idParams } from '../../schemas.js';
import { allocationJson } from '../allocations/present.js';
import { createCreditNoteBody, creditListQuery, creditNoteDetailSchema, creditNoteListResponse, updateCreditNoteBody } from './schemas.js';

function creditNoteJson(c: CreditNoteWithUnapplied) {
  return {
    id: c.id,
    customer: { id: c.customer_id, reference: c.customer_ref, name: c.customer_name },
    number: c.number,
    issue_date: c.issue_date,
    amount: toMoneyJson(c.amount_minor, c.currency),
    unapplied: toMoneyJson(c.unapplied_minor, c.currency),
    invoice_id: c.invoice_id,
    source: c.source,
    created_at: c.created_at,
  };
}

export interface CreditListQuery {
  customer?: string;
  from?: string;
  to?: string;
  unapplied?: boolean;
  limit: number;
  offset: number;
}

/** The list filters payments and credit notes share, within what the caller may see. */
export function creditFilterOf(q: CreditListQuery, ownerUserId: string | undefined): CreditFilter {
  return {
    ...(q.customer !== undefined ? { customerId: q.customer } : {}),
    ...(ownerUserId !== undefined ? { ownerUserId } : {}),
    ...(q.from !== undefined ? { from: q.from } : {}),
    ...(q.to !== undefined ? { to: q.to } : {}),
    ...(q.unapplied !== undefined ? { unapplied: q.unapplied } : {}),
  };
}

export async function creditNoteRoutes(app: FastifyInstance, { db }: { db: Db }): Promise<void> {
  const tags = ['credit notes'];

  const detail = async (c: CreditNoteWithUnapplied) => {
    const allocations = await listAllocations(db, c.organization_id, { creditNoteId: c.id }, { limit: 10_000, offset: 0 });
    return { ...creditNoteJson(c), allocations: allocations.rows.map(allocationJson) };
  };

  app.get<{ Querystring: CreditListQuery }>(
    '/api/credit-notes',
    { schema: { tags, summary: 'Credit notes (avoirs), newest first', querystring: creditListQuery, response: { 200: creditNoteListResponse } } },
    async (request) => {
      const caller = callerOf(request);
      const q = request.query;
      const scope = ownerScope(caller);
      const { rows, total } = await listCreditNotes(
        db,
        caller.organizationId,
        creditFilterOf(q, scope),
        { limit: q.limit, offset: q.offset },
      );
      return { items: rows.map(creditNoteJson), total, limit: q.limit, offset: q.offset };
    },
  );

  app.post<{ Body: CreditNoteInput }>(
    '/api/credit-notes',
    { schema: { tags, summary: 'Record a credit note', body: createCreditNoteBody, response: { 201: creditNoteDetailSchema } } },
    async (request, reply) => {
      const row = await createCreditNoteFromInput(db, callerOf(request).organizationId, request.body);
      return reply.code(201).send(await detail(row));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/credit-notes/:id',
    { schema: { tags, summary: 'A credit note with its allocations', params: idParams, response: { 200: creditNoteDetailSchema } } },
    async (request) => {
      const caller = callerOf(request);
      const row = await requireVisibleDocument(db, caller, await getCreditNote(db, caller.organizationId, request.params.id), 'credit note', request.params.id);
      return detail(row);
    },
  );

  app.patch<{ Params: { id: string }; Body: Partial<Omit<CreditNoteInput, 'customer_id'>> }>(
    '/api/credit-notes/:id',
    { schema: { tags, summary: 'Correct a credit note', params: idParams, body: updateCreditNoteBody, response: { 200: creditNoteDetailSchema } } },
    async (request) => detail(await updateCreditNoteFromInput(db, callerOf(request).organizationId, request.params.id, request.body)),
  );

  app.delete<{ Params: { id: string } }>(
    '/api/credit-notes/:id',
    { schema: { tags, summary: 'Delete a credit note nothing is allocated from', params: idParams, response: { 204: emptyResponse } } },
    async (request, reply) => {
      const outcome = await deleteUnallocatedDocument(db, callerOf(request).organizationId, 'credit_notes', request.params.id);
      if (outcome === 'not_found') throw new AppError('not_found', `credit note ${request.params.id} does not exist`, { field: 'id' });
      if (outcome === 'allocated') throw new AppError('conflict', 'this credit note is allocated to invoices; delete those allocations first');
      return reply.code(204).send();
    },
  );
}
