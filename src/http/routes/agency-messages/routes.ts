import type { FastifyInstance, FastifyRequest } from 'fastify';
import { todayIn, type PlainDate } from '../../../core/plain-date.js';
import type { Db } from '../../../adapters/db/database.js';
import type { OutboxMessageRow } from '../../../adapters/db/schema.js';
import { draftAgencyLetter } from '../../../app/agency/agency-run.js';
import { listAgencyTemplates, revertAgencyTemplate, saveAgencyTemplate, type AgencyTemplateId } from '../../../app/agency/agency-run-templates.js';
import { caseMessageAddressing, sendCaseMessage } from '../../../app/agency/send-case-message.js';
import type { MessageLanguage } from '../../../core/scenarios/scenario.js';
import { requireAgencyCase, requireAgencyOrganization, type AgencyCase } from '../../../app/mandates/agency-case-access.js';
import { callerOf } from '../../access.js';
import { emptyResponse, idParams } from '../../schemas.js';
import { agencyTemplateBody, agencyTemplateList, agencyTemplateParams, agencyTemplateSchema, caseMessageBody, caseMessagePreviewQuery, caseMessagePreviewSchema, caseMessageSchema } from './schemas.js';

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

  async function agencyCaseOf(request: FastifyRequest<{ Params: { id: string } }>): Promise<AgencyCase & { today: PlainDate }> {
    const agency = await requireAgencyOrganization(db, callerOf(request).organizationId);
    const today = todayIn(agency.time_zone, now());
    return { ...(await requireAgencyCase(db, agency.id, request.params.id, today)), today };
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

  app.get<{ Params: { id: string }; Querystring: { template?: AgencyTemplateId } }>(
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
        draft: request.query.template ? await draftAgencyLetter(db, agencyCase, request.query.template, agencyCase.today).then(({ subject, text }) => ({ subject, text })) : null,
      };
    },
  );

  app.get(
    '/api/agency/templates',
    {
      config: { access: 'signed_in' },
      schema: { tags, summary: 'The letters of the agency’s own scenario (first letter, reminder, last notice) in every language, with the agency’s own text where it wrote one', response: { 200: agencyTemplateList } },
    },
    async (request) => {
      const agency = await requireAgencyOrganization(db, callerOf(request).organizationId);
      return { items: await listAgencyTemplates(db, agency.id) };
    },
  );

  app.put<{ Params: { id: string; language: MessageLanguage }; Body: { text: string } }>(
    '/api/agency/templates/:id/:language',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Save the agency’s own text of one letter of its scenario (administrators); refused with line:column when a variable is unknown or a section is missing',
        params: agencyTemplateParams,
        body: agencyTemplateBody,
        response: { 200: agencyTemplateSchema },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const agency = await requireAgencyOrganization(db, caller.organizationId);
      return saveAgencyTemplate(db, agency.id, { templateId: request.params.id, language: request.params.language, text: request.body.text, updatedBy: caller.userId });
    },
  );

  app.delete<{ Params: { id: string; language: MessageLanguage } }>(
    '/api/agency/templates/:id/:language',
    {
      config: { access: 'admin' },
      schema: { tags, summary: 'Drop the agency’s own text of a letter: the built-in one is used again (administrators)', params: agencyTemplateParams, response: { 204: emptyResponse } },
    },
    async (request, reply) => {
      const agency = await requireAgencyOrganization(db, callerOf(request).organizationId);
      await revertAgencyTemplate(db, agency.id, request.params.id, request.params.language);
      return reply.code(204).send();
    },
  );
}
