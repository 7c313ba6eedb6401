import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../adapters/db/database.js';
import type { OutboxMessageRow } from '../../../adapters/db/schema.js';
import { getCollectionSettings } from '../../../adapters/db/stores/collection-settings.js';
import { getOrganization } from '../../../adapters/db/stores/organizations.js';
import { countQueuedMessages, type OutboxChannel, type OutboxStatus } from '../../../adapters/db/stores/outbox.js';
import { noSenderEmailWarning } from '../../../app/collection/setup-warnings.js';
import { getVisibleOutboxMessage, listVisibleOutboxMessages } from '../../../app/outbox/list-outbox-messages.js';
import { renderOutboxDocument } from '../../../app/outbox/render-outbox-document.js';
import { cancelOutboxMessage, retryOutboxMessage } from '../../../app/outbox/retry-outbox-message.js';
import type { Caller } from '../../../app/auth/caller.js';
import { callerOf } from '../../access.js';
import { idParams } from '../../schemas.js';
import type { OrganizationRow } from '../../../adapters/db/schema.js';
import type { CollectionSettings } from '../../../adapters/db/stores/collection-settings.js';
import { listUsers } from '../../../adapters/db/stores/users.js';
import type { PlainDate } from '../../../core/plain-date.js';
import { holdOutboxMessage, releaseOutboxMessage, sendOutboxMessageNow } from '../../../app/outbox/hold-outbox-message.js';
import { mergeLettersOfDay } from '../../../app/outbox/merge-letters-of-day.js';
import { waitingReasonOf } from '../../../app/outbox/waiting-reason.js';
import { cancelBody, lettersQuery, sendNowResponse, outboxListQuery, outboxListResponse, outboxMessageDetailSchema, outboxMessageSchema } from './schemas.js';

interface WaitingContext {
  organization: OrganizationRow;
  settings: CollectionSettings;
  now: Date;
  userNames: Map<string, string>;
}

/** What saying why a message waits needs, read once for a whole list. */
async function waitingContext(db: Db, organizationId: string, now: Date): Promise<WaitingContext> {
  const [organization, settings, users] = await Promise.all([getOrganization(db, organizationId), getCollectionSettings(db, organizationId), listUsers(db, organizationId)]);
  return { organization: organization!, settings, now, userNames: new Map(users.map((user) => [user.id, user.name])) };
}

async function messageJson(db: Db, row: OutboxMessageRow, context: WaitingContext) {
  const held = row.status === 'queued' && row.channel === 'email' && !context.settings.senderEmail;
  const heldByName = row.held_by_user_id ? (context.userNames.get(row.held_by_user_id) ?? null) : null;
  const customer = await db.kysely
    .selectFrom('customers')
    .select(['id', 'external_ref', 'name'])
    .where('organization_id', '=', row.organization_id)
    .where('id', '=', row.customer_id)
    .executeTakeFirst();
  return {
    id: row.id,
    action_id: row.action_id,
    customer: { id: row.customer_id, reference: customer?.external_ref ?? '', name: customer?.name ?? '' },
    channel: row.channel,
    message_id: row.message_id,
    status: row.status,
    needs_attention: row.status === 'failed' || row.status === 'unknown',
    held,
    recipient: JSON.parse(row.recipient) as object,
    sender: JSON.parse(row.sender) as object,
    subject: row.subject,
    invoice_ids: JSON.parse(row.invoice_ids) as string[],
    attempts: row.attempts,
    not_before: row.not_before,
    next_attempt_at: row.next_attempt_at,
    last_error: row.last_error,
    provider_message_id: row.provider_message_id,
    has_document: row.document_path !== null,
    sent_at: row.sent_at,
    on_hold: row.held_at ? { at: row.held_at, by: row.held_by_user_id ? { id: row.held_by_user_id, name: heldByName ?? '' } : null } : null,
    waiting_reason: waitingReasonOf(row, { ...context, heldByName }),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** Emails wait while the organization has no sender email: one warning for them all, over the list. */
async function heldEmails(db: Db, organizationId: string) {
  if ((await getCollectionSettings(db, organizationId)).senderEmail) return { count: 0, warnings: [] };
  const count = await countQueuedMessages(db, organizationId, { channel: 'email' });
  const organization = (await getOrganization(db, organizationId))!;
  return { count, warnings: count > 0 ? [noSenderEmailWarning(organization, count)] : [] };
}

export async function outboxRoutes(app: FastifyInstance, { db, now }: { db: Db; now: () => Date }): Promise<void> {
  const tags = ['outbox'];
  const one = async (row: OutboxMessageRow) => messageJson(db, row, await waitingContext(db, row.organization_id, now()));
  const detail = async (row: OutboxMessageRow) => ({ ...(await one(row)), text: row.text_body, html: row.html_body });

  app.get<{ Querystring: { status?: OutboxStatus; channel?: OutboxChannel; customer?: string; limit: number } }>(
    '/api/outbox',
    { schema: { tags, summary: 'Messages waiting, sent, kept or needing a person, newest first', querystring: outboxListQuery, response: { 200: outboxListResponse } } },
    async (request) => {
      const q = request.query;
      const caller = callerOf(request);
      const rows = await listVisibleOutboxMessages(db, caller, { status: q.status, channel: q.channel, customerId: q.customer, limit: q.limit });
      const held = await heldEmails(db, caller.organizationId);
      const context = await waitingContext(db, caller.organizationId, now());
      return { items: await Promise.all(rows.map((row) => messageJson(db, row, context))), warnings: held.warnings };
    },
  );

  app.get<{ Querystring: { date: PlainDate } }>(
    '/api/outbox/letters.pdf',
    { schema: { tags, summary: "Every letter and registered letter that left on a day, in one PDF for the post room (404 with a sentence when none did)", querystring: lettersQuery } },
    async (request, reply) => {
      const caller = callerOf(request);
      const organization = (await getOrganization(db, caller.organizationId))!;
      const letters = await mergeLettersOfDay(db, organization, caller, request.query.date, now());
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${letters.fileName}"`)
        .header('x-letter-count', String(letters.letters))
        .send(letters.pdf);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/outbox/:id',
    { schema: { tags, summary: 'One message with its text and HTML', params: idParams, response: { 200: outboxMessageDetailSchema } } },
    async (request) => detail(await getVisibleOutboxMessage(db, callerOf(request), request.params.id)),
  );

  app.get<{ Params: { id: string } }>(
    '/api/outbox/:id/document',
    { schema: { tags, summary: 'The message as a file: .eml for an email, PDF for a letter, text for an SMS', params: idParams } },
    async (request, reply) => {
      const row = await getVisibleOutboxMessage(db, callerOf(request), request.params.id);
      const document = await renderOutboxDocument(db, row, now());
      return reply.type(document.contentType).header('content-disposition', `attachment; filename="${document.fileName}"`).send(document.content);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/outbox/:id/retry',
    { schema: { tags, summary: 'Queue a failed, unknown, kept or cancelled message again', params: idParams, response: { 200: outboxMessageSchema } } },
    async (request) => one(await retryOutboxMessage(db, callerOf(request).organizationId, request.params.id, now())),
  );

  app.post<{ Params: { id: string }; Body: { reason?: string } | null }>(
    '/api/outbox/:id/cancel',
    { schema: { tags, summary: 'Make sure a message does not go out', params: idParams, body: cancelBody, response: { 200: outboxMessageSchema } } },
    async (request) => {
      await getVisibleOutboxMessage(db, callerOf(request), request.params.id);
      return one(await cancelOutboxMessage(db, callerOf(request).organizationId, request.params.id, now(), request.body?.reason ?? undefined));
    },
  );

  const holdChanges = [
    ['hold', 'Keep a queued message from leaving until it is released; the outbox says who held it and when', (caller: Caller, id: string) => holdOutboxMessage(db, caller.organizationId, id, caller.userId, now())],
    ['release', 'Let a held message go at its next business-hours slot', (caller: Caller, id: string) => releaseOutboxMessage(db, caller.organizationId, id, now())],
  ] as const;
  for (const [verb, summary, change] of holdChanges) {
    app.post<{ Params: { id: string } }>(
      `/api/outbox/:id/${verb}`,
      { schema: { tags, summary, params: idParams, response: { 200: outboxMessageSchema } } },
      async (request) => {
        const caller = callerOf(request);
        await getVisibleOutboxMessage(db, caller, request.params.id);
        return one(await change(caller, request.params.id));
      },
    );
  }

  app.post<{ Params: { id: string } }>(
    '/api/outbox/:id/send-now',
    {
      schema: {
        tags,
        summary: 'Send a queued message ahead of the others: at once inside business hours, else at the next business-hours slot, which the answer names',
        params: idParams,
        response: { 200: sendNowResponse },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      await getVisibleOutboxMessage(db, caller, request.params.id);
      const outcome = await sendOutboxMessageNow(db, (await getOrganization(db, caller.organizationId))!, request.params.id, now());
      return { message: await one(outcome.message), immediately: outcome.immediately, at: outcome.at, text: outcome.text };
    },
  );
}
