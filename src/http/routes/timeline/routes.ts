import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../../core/app-error.js';
import { todayIn } from '../../../core/plain-date.js';
import { canWrite } from '../../../core/roles.js';
import type { Db } from '../../../adapters/db/database.js';
import type { TimelineKind } from '../../../adapters/db/stores/customer-timeline.js';
import { requireVisibleCustomer } from '../../../app/auth/caller.js';
import { addCustomerNote } from '../../../app/timeline/add-customer-note.js';
import { getCustomerTimeline } from '../../../app/timeline/get-customer-timeline.js';
import { callerOf, organizationOf } from '../../access.js';
import { idParams } from '../../schemas.js';
import { noteBody, timelineEntrySchema, timelineQuery, timelineResponse } from './schemas.js';

/** Notes follow the hold and the contact log: account owners write on the accounts they own, viewers only read. */
async function mayWriteNote(request: FastifyRequest): Promise<void> {
  const { role } = callerOf(request);
  if (!canWrite(role) && role !== 'sales') throw new AppError('forbidden', `the ${role} role can read notes but not write them`);
}

export async function timelineRoutes(app: FastifyInstance, { db, now }: { db: Db; now: () => Date }): Promise<void> {
  const tags = ['timeline'];

  app.get<{ Params: { id: string }; Querystring: { kind?: string; limit: number; offset: number } }>(
    '/api/customers/:id/timeline',
    {
      schema: {
        tags,
        summary: 'Every exchange and event with the customer, newest first: messages, calls, contacts, notes, pauses, approvals, payments, imports',
        params: idParams,
        querystring: timelineQuery,
        response: { 200: timelineResponse },
      },
    },
    async (request) => {
      const customer = await requireVisibleCustomer(db, callerOf(request), request.params.id);
      const kinds = request.query.kind ? (request.query.kind.split(',') as TimelineKind[]) : [];
      return getCustomerTimeline(db, customer.organization_id, customer.id, { kinds, limit: request.query.limit, offset: request.query.offset });
    },
  );

  app.post<{ Params: { id: string }; Body: { text: string } }>(
    '/api/customers/:id/notes',
    {
      config: { access: 'signed_in' },
      preValidation: mayWriteNote,
      schema: { tags, summary: 'Write a note about the customer: it heads the timeline, signed and dated', params: idParams, body: noteBody, response: { 201: timelineEntrySchema } },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const customer = await requireVisibleCustomer(db, caller, request.params.id);
      const organization = await organizationOf(db, request);
      const entry = await addCustomerNote(db, caller, customer, request.body.text, todayIn(organization.time_zone, now()));
      return reply.code(201).send(entry);
    },
  );
}
