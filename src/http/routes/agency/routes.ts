import type { FastifyInstance, FastifyRequest } from 'fastify';
import { toMoneyJson } from '../../../core/money.js';
import { todayIn } from '../../../core/plain-date.js';
import type { Db } from '../../../adapters/db/database.js';
import { agencyCaseJson } from '../../../app/agency/agency-case-json.js';
import { completeAgencyTask, listAgencyTasks } from '../../../app/agency/agency-task-inbox.js';
import { getAgencyCaseDetail } from '../../../app/agency/get-agency-case-detail.js';
import { listAgencyCases } from '../../../app/agency/list-agency-cases.js';
import { recordCasePayment, type CasePaymentInput } from '../../../app/agency/record-case-payment.js';
import { requireAgencyCase, requireAgencyOrganization } from '../../../app/mandates/agency-case-access.js';
import { callerOf } from '../../access.js';
import { emptyResponse, idParams } from '../../schemas.js';
import {
  agencyCaseDetailSchema,
  agencyCaseListQuery,
  agencyCaseListResponse,
  agencyTaskListResponse,
  casePaymentBody,
  casePaymentResponse,
  taskDoneBody,
} from './schemas.js';

/**
 * The agency's workspace: the cases creditors handed to it, across creditors. Every route is for
 * an organization of kind agency (anyone else gets "not found"), and every case goes through
 * requireAgencyCase, the one door into a creditor's books.
 */
export async function agencyRoutes(app: FastifyInstance, { db, now }: { db: Db; now: () => Date }): Promise<void> {
  const tags = ['agency'];

  const agencyOf = async (request: FastifyRequest) => {
    const agency = await requireAgencyOrganization(db, callerOf(request).organizationId);
    return { agency, today: todayIn(agency.time_zone, now()) };
  };

  app.get<{ Querystring: { creditor_id?: string } }>(
    '/api/agency/cases',
    { schema: { tags, summary: 'The cases the agency holds today, across its creditors, with what each amounts to and its fee', querystring: agencyCaseListQuery, response: { 200: agencyCaseListResponse } } },
    async (request) => {
      const { agency, today } = await agencyOf(request);
      return listAgencyCases(db, agency.id, today, request.query.creditor_id ? { creditorId: request.query.creditor_id } : {});
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/agency/cases/:id',
    {
      schema: {
        tags,
        summary: 'One case: the creditor, the customer and its contacts, the handed invoices still open, the terms and fee, the timeline, messages and payments',
        params: idParams,
        response: { 200: agencyCaseDetailSchema },
      },
    },
    async (request) => {
      const { agency, today } = await agencyOf(request);
      return getAgencyCaseDetail(db, await requireAgencyCase(db, agency.id, request.params.id, today), today);
    },
  );

  app.post<{ Params: { id: string }; Body: CasePaymentInput }>(
    '/api/agency/cases/:id/payments',
    {
      schema: {
        tags,
        summary: "Record a payment the agency collected: written in the creditor's ledger, paying the handed invoices oldest due first",
        params: idParams,
        body: casePaymentBody,
        response: { 201: casePaymentResponse },
      },
    },
    async (request, reply) => {
      const { agency, today } = await agencyOf(request);
      const agencyCase = await requireAgencyCase(db, agency.id, request.params.id, today);
      const payment = await recordCasePayment(db, agencyCase, agency.name, request.body, now());
      return reply.code(201).send({
        id: payment.id,
        reference: payment.reference,
        received_on: payment.received_on,
        amount: toMoneyJson(payment.amount_minor, payment.currency),
        unapplied: toMoneyJson(payment.unapplied_minor, payment.currency),
        case: await agencyCaseJson(db, agencyCase, today),
      });
    },
  );

  app.get(
    '/api/agency/tasks',
    { schema: { tags, summary: "The agency's open tasks on the cases it holds today, across creditors, oldest due first", response: { 200: agencyTaskListResponse } } },
    async (request) => {
      const { agency, today } = await agencyOf(request);
      return listAgencyTasks(db, agency.id, today);
    },
  );

  app.post<{ Params: { id: string }; Body: { outcome?: string } | undefined }>(
    '/api/agency/tasks/:id/done',
    { schema: { tags, summary: 'Mark an agency task done, with what came of it', params: idParams, body: taskDoneBody, response: { 204: emptyResponse } } },
    async (request, reply) => {
      const { agency, today } = await agencyOf(request);
      await completeAgencyTask(db, agency.id, request.params.id, request.body?.outcome ?? null, today);
      return reply.code(204).send();
    },
  );
}
