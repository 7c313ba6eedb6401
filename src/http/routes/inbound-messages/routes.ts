import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../core/app-error.js';
import type { Db } from '../../../adapters/db/database.js';
import { getInboundAddress, getInboundAttachment, setInboundAddress } from '../../../adapters/db/stores/inbound-messages.js';
import { isUniqueViolation } from '../../../adapters/db/stores/unique-violation.js';
import { requireVisibleCustomer } from '../../../app/auth/caller.js';
import { answerInboundMessage } from '../../../app/inbound/answer-inbound-message.js';
import { attachInboundMessage } from '../../../app/inbound/attach-inbound-message.js';
import { requireVisibleInbound } from '../../../app/inbound/find-inbound-message.js';
import { inboundMessageViews, listInboundMessageViews } from '../../../app/inbound/inbound-message-view.js';
import { callerOf } from '../../access.js';
import { idParams, idSchema } from '../../schemas.js';
import { answerBody, attachBody, inboundMessageSchema, inboundPage, inboundQuery, inboundSettingsBody, inboundSettingsSchema } from './schemas.js';

// Types a browser shows without running anything; any other file is served as bytes to save.
const SHOWN_AS_IS = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'text/plain', 'text/csv']);

function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * `/api/inbound-messages`: the emails customers sent to the organization's inbound address, as
 * threading sorted them; a collector answers one (through the outbox) or attaches an unmatched
 * one to its customer. `/api/inbound-settings`: the inbound address.
 */
export async function inboundMessageRoutes(app: FastifyInstance, { db, now }: { db: Db; now: () => Date }): Promise<void> {
  const tags = ['inbound-messages'];

  app.get<{ Querystring: { customer_id?: string; status?: (typeof inboundQuery.properties.status.enum)[number]; limit: number; offset: number } }>(
    '/api/inbound-messages',
    { config: { access: 'signed_in' }, schema: { tags, summary: 'Emails received from customers, newest first: replies, automatic answers, bounces, and those no customer was found for', querystring: inboundQuery, response: { 200: inboundPage } } },
    async (request) => {
      const caller = callerOf(request);
      const { customer_id: customerId, status, limit, offset } = request.query;
      if (customerId) await requireVisibleCustomer(db, caller, customerId, 'customer_id');
      const { messages, total } = await listInboundMessageViews(db, caller, { ...(customerId ? { customerId } : {}), ...(status ? { status } : {}), limit, offset });
      return { items: messages, total, limit, offset };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/inbound-messages/:id',
    { config: { access: 'signed_in' }, schema: { tags, summary: 'One received email, with its text and attachments', params: idParams, response: { 200: inboundMessageSchema } } },
    async (request) => {
      const caller = callerOf(request);
      const message = await requireVisibleInbound(db, caller, request.params.id);
      return (await inboundMessageViews(db, caller.organizationId, [message]))[0];
    },
  );

  app.get<{ Params: { id: string; attachmentId: string } }>(
    '/api/inbound-messages/:id/attachments/:attachmentId',
    {
      config: { access: 'signed_in' },
      schema: { tags, summary: 'A file that came with a received email, always as a download', params: { type: 'object', required: ['id', 'attachmentId'], properties: { id: idSchema, attachmentId: idSchema } } },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const message = await requireVisibleInbound(db, caller, request.params.id);
      const file = await getInboundAttachment(db, caller.organizationId, message.id, request.params.attachmentId);
      if (!file) throw new AppError('not_found', `attachment ${request.params.attachmentId} does not exist`, { field: 'attachmentId' });
      return reply
        .header('content-type', SHOWN_AS_IS.has(file.content_type) ? file.content_type : 'application/octet-stream')
        .header('content-disposition', contentDisposition(file.file_name))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "sandbox; default-src 'none'")
        .send(Buffer.from(file.content_base64, 'base64'));
    },
  );

  app.post<{ Params: { id: string }; Body: { text: string } }>(
    '/api/inbound-messages/:id/answer',
    {
      config: { access: 'write' },
      schema: { tags, summary: 'Answer a customer’s email: it goes out through the outbox, threaded to the email, and its task is done', params: idParams, body: answerBody, response: { 201: inboundMessageSchema } },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const message = await answerInboundMessage(db, caller, request.params.id, request.body, now());
      return reply.code(201).send((await inboundMessageViews(db, caller.organizationId, [message]))[0]);
    },
  );

  app.post<{ Params: { id: string }; Body: { customer_id: string } }>(
    '/api/inbound-messages/:id/attach',
    {
      config: { access: 'write' },
      schema: { tags, summary: 'Say whose an unmatched email is: it lands in that customer’s timeline and, for a reply, in Today', params: idParams, body: attachBody, response: { 200: inboundMessageSchema } },
    },
    async (request) => {
      const caller = callerOf(request);
      const message = await attachInboundMessage(db, caller, request.params.id, request.body.customer_id, now());
      return (await inboundMessageViews(db, caller.organizationId, [message]))[0];
    },
  );

  app.get('/api/inbound-settings', { config: { access: 'signed_in' }, schema: { tags, summary: 'The address customers’ replies are received at', response: { 200: inboundSettingsSchema } } }, async (request) => ({
    address: await getInboundAddress(db, callerOf(request).organizationId),
  }));

  app.put<{ Body: { address: string | null } }>(
    '/api/inbound-settings',
    { config: { access: 'admin' }, schema: { tags, summary: 'Set (or with null, clear) the address customers’ replies are received at', body: inboundSettingsBody, response: { 200: inboundSettingsSchema } } },
    async (request) => {
      const { organizationId } = callerOf(request);
      try {
        await setInboundAddress(db, organizationId, request.body.address);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new AppError('conflict', 'another organization already receives its replies at this address', { field: 'address' }, { cause: error });
      }
      return { address: await getInboundAddress(db, organizationId) };
    },
  );
}
