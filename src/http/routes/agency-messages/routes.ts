import type { FastifyInstance, FastifyRequest } from 'fastify';
import { todayIn } from '../../../core/plain-date.js';
import type { Db } from '../../../adapters/db/database.js';
import type { OutboxMessageRow } from '../../../adapters/db/schema.js';
import { caseMessageAddressing, sendCaseMessage } from '../../../app/agency/send-case-message.js';
import { requireAgencyCase, requireAgencyOrganization, type AgencyCase } from '../../../app/mandates/agency-case-access.js';
import { callerOf } from '../../access.js';
import { idParams } from '../../schemas.js';
import { caseMessageBody, caseMessagePreviewQuery, caseMessagePreviewSchema, caseMessageSchema } from './schemas.js';

function party(json: string): { name: string | null; email: string | null } {
  const value = JSON.parse(json) as { name?: string; email?: string };
  return { name: value.name ?? null, email: value.email ?? null };
}

function messageJson(row: OutboxMessageRow) {
  return { id: row.id, status: row.status, sender: party(row.sender), recipient: party(row.recipient), subject: row.subject };
}

/**
 * `/api/agency/cases/:id/messages`: an agency writes to the customer of a case it holds, in its
 * own name or the creditor's as the mandate says. Only a live case of the caller's agency is
 * found; anyone else gets "not found".
 */
export async function agencyMessageRoutes(app: FastifyInstance, { db, now }: { db: Db; now: () => Date }): Promise<void> {
  const tags = ['agency'];

  async function agencyCaseOf(request: FastifyRequest<{ Params: { id: string } }>): Promise<AgencyCase> {
    const agency = await requireAgencyOrganization(db, callerOf(request).organizationId);
    return requireAgencyCase(db, agency.id, request.params.id, todayIn(agency.time_zone, now()));
  }

  app.post<{ Params: { id: string }; Body: { subject: string; text: string } }>(
    '/api/agency/cases/:id/messages',
    {
      config: { access: 'write' },
      schema: {
        tags,
        summary: 'Email the customer of a case the agency holds: queued in the creditor’s outbox, sent as the mandate says (the agency’s name and server, or the creditor’s)',
        params: idParams,
        body: caseMessageBody,
        response: { 201: caseMessageSchema },
      },
    },
    async (request, reply) => {
      const agencyCase = await agencyCaseOf(request);
      const message = await sendCaseMessage(db, agencyCase, request.body, now(), callerOf(request).userId, { portalBase: request.portalBase });
      return reply.code(201).send(messageJson(message));
    },
  );

  app.get<{ Params: { id: string }; Querystring: { template?: 'agency_first_letter' | 'agency_reminder' | 'agency_last_notice' } }>(
    '/api/agency/cases/:id/messages/preview',
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Who a message on the case goes out as and to whom, what stops it if anything, and optionally a step of the agency’s scenario as it would go today',
        params: idParams,
        querystring: caseMessagePreviewQuery,
        response: { 200: caseMessagePreviewSchema },
      },
    },
    async (request) => {
      const agencyCase = await agencyCaseOf(request);
      const addressing = await caseMessageAddressing(db, agencyCase);
      return {
        acting_as: addressing.actingAs,
        language: addressing.language,
        sender: { name: addressing.sender.name, email: addressing.sender.email ?? null },
        recipient: addressing.recipient ? { name: addressing.recipient.name ?? null, email: addressing.recipient.email ?? null } : null,
        signature: addressing.signature,
        problem: addressing.problem,
        draft: null,
      };
    },
  );
}
