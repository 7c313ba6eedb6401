import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../core/app-error.js';
import type { Db } from '../../../adapters/db/database.js';
import type { DebtorRequestStatus } from '../../../adapters/db/debtor-request-schema.js';
import { getDebtorRequest, getDebtorRequestFile } from '../../../adapters/db/stores/debtor-requests.js';
import { requireVisibleCustomer } from '../../../app/auth/caller.js';
import { decideDebtorRequest, type DebtorDecision } from '../../../app/portal/decide-debtor-request.js';
import { listCustomerRequests } from '../../../app/portal/list-debtor-requests.js';
import { callerOf } from '../../access.js';
import { idParams } from '../../schemas.js';
import { acceptBody, answerBody, decidedResponse, fileParams, listQuery, listResponse, rejectBody } from './schemas.js';

/** Only what an upload was checked to be is ever served, and always as a download. */
const SERVED_TYPES = new Set(['application/pdf', 'image/png', 'image/jpeg']);

/**
 * What customers asked on their pages, for the collector: the list, accept (a plan request sets
 * up the plan), reject with a reason, answer; each answer goes back by email and shows on the page.
 */
export async function debtorRequestRoutes(app: FastifyInstance, { db, now }: { db: Db; now: () => Date }): Promise<void> {
  const tags = ['debtor requests'];

  app.get<{ Querystring: { status?: DebtorRequestStatus; customer_id?: string; limit: number; offset: number } }>(
    '/api/debtor-requests',
    { config: { access: 'signed_in' }, schema: { tags, summary: 'What customers asked on their pages, newest first; filter by status or customer', querystring: listQuery, response: { 200: listResponse } } },
    async (request) => {
      const { status, customer_id, limit, offset } = request.query;
      return listCustomerRequests(db, callerOf(request), { ...(status ? { status } : {}), ...(customer_id ? { customerId: customer_id } : {}) }, { limit, offset });
    },
  );

  const decisions: Array<{ path: string; summary: string; body: object; decision: (body: Record<string, string | undefined>) => DebtorDecision }> = [
    { path: 'accept', summary: 'Accept an open request: a payment plan request sets up the plan; the customer is told by email', body: acceptBody, decision: (body) => ({ decision: 'accept', text: body.text ?? null }) },
    { path: 'reject', summary: 'Refuse an open request, saying why; the customer is told by email', body: rejectBody, decision: (body) => ({ decision: 'reject', reason: body.reason ?? '' }) },
    { path: 'answer', summary: 'Answer a request (a question, a missing document, or any other); the answer goes by email and shows on the customer page', body: answerBody, decision: (body) => ({ decision: 'answer', text: body.text ?? '' }) },
  ];
  for (const { path, summary, body, decision } of decisions) {
    app.post<{ Params: { id: string }; Body: Record<string, string | undefined> }>(
      `/api/debtor-requests/:id/${path}`,
      { config: { access: 'write' }, schema: { tags, summary, params: idParams, body, response: { 200: decidedResponse } } },
      async (request) => decideDebtorRequest(db, callerOf(request), request.params.id, decision(request.body ?? {}), now(), { portalBase: request.portalBase }),
    );
  }

  app.get<{ Params: { id: string; file_id: string } }>(
    '/api/debtor-requests/:id/files/:file_id',
    { config: { access: 'signed_in' }, schema: { tags, summary: 'A file the customer joined to a request, as a download (PDF, PNG or JPEG)', params: fileParams } },
    async (request, reply) => {
      const caller = callerOf(request);
      const found = await getDebtorRequest(db, caller.organizationId, request.params.id);
      const file = found ? await getDebtorRequestFile(db, caller.organizationId, request.params.file_id) : undefined;
      if (!found || !file || file.request_id !== found.id || !SERVED_TYPES.has(file.content_type)) throw new AppError('not_found', `no file ${request.params.file_id} on this request`);
      await requireVisibleCustomer(db, caller, found.customer_id);
      const ascii = file.file_name.replace(/[^\x20-\x7e]|["\\]/g, '_');
      return reply
        .type(file.content_type)
        .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.file_name)}`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(file.content_base64, 'base64'));
    },
  );
}
