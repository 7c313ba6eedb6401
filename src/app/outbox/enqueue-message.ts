import { AppError } from '../../core/app-error.js';
import type { Db } from '../../adapters/db/database.js';
import { newId, nowIso } from '../../adapters/db/ids.js';
import type { OutboxMessageRow } from '../../adapters/db/schema.js';
import { insertOutboxMessage, OUTBOX_CHANNELS, type OutboxChannel } from '../../adapters/db/stores/outbox.js';
import { messageIdFor } from './message-id.js';

export interface OutboxRecipient {
  name?: string;
  email?: string;
  phone?: string;
  postalAddress?: string;
}

export interface OutboxSender {
  name: string;
  email?: string;
  replyTo?: string;
}

/** A file sent with an email (a statement PDF, an invoice copy), carried in the row. */
export interface OutboxAttachment {
  filename: string;
  contentType: string;
  contentBase64: string;
}

export interface NewOutboxMessage {
  /** (actionId, channel) is unique: enqueueing the same twice is a no-op. */
  actionId: string;
  customerId: string;
  channel: OutboxChannel;
  recipient: OutboxRecipient;
  sender: OutboxSender;
  subject: string;
  text: string;
  html?: string;
  /** Checked again right before sending. */
  invoiceIds: string[];
  /** ISO instant: the first business-hours slot. */
  notBefore: string;
  attachments?: OutboxAttachment[];
  /** An answer to a customer's email: the Message-ID it answers and the thread's References. */
  inReplyTo?: string;
  references?: string;
  /** Written by a partner working the case under this mandate. */
  mandateId?: string;
}

/**
 * Puts a message in the outbox, idempotently. Works inside `inTransaction`, so the action
 * and its message are written together or not at all.
 */
export async function enqueueMessage(db: Db, organizationId: string, message: NewOutboxMessage): Promise<{ id: string; created: boolean }> {
  if (!OUTBOX_CHANNELS.includes(message.channel)) {
    throw new AppError('validation_failed', `unknown channel "${String(message.channel)}"`, { field: 'channel' });
  }
  const missing = missingAddress(message);
  if (missing) throw new AppError('validation_failed', `a ${message.channel.replace('_', ' ')} needs the recipient's ${missing}`, { field: `recipient.${missing}` });
  const notBefore = isoInstant(message.notBefore);
  const id = newId();
  const now = nowIso();
  const row: OutboxMessageRow = {
    id,
    organization_id: organizationId,
    action_id: message.actionId,
    customer_id: message.customerId,
    channel: message.channel,
    message_id: messageIdFor(id),
    recipient: JSON.stringify(message.recipient),
    sender: JSON.stringify(message.sender),
    subject: message.subject,
    text_body: message.text,
    html_body: message.html ?? null,
    attachments: JSON.stringify(message.attachments ?? []),
    invoice_ids: JSON.stringify(message.invoiceIds),
    status: 'queued',
    attempts: 0,
    not_before: notBefore,
    next_attempt_at: notBefore,
    last_error: null,
    failure_kind: null,
    provider_message_id: null,
    document_path: null,
    claimed_by: null,
    claimed_until: null,
    transport_called_at: null,
    sent_at: null,
    held_at: null,
    held_by_user_id: null,
    in_reply_to: message.inReplyTo ?? null,
    thread_references: message.references ?? null,
    mandate_id: message.mandateId ?? null,
    created_at: now,
    updated_at: now,
  };
  return insertOutboxMessage(db, organizationId, row);
}

function missingAddress(message: NewOutboxMessage): string | undefined {
  switch (message.channel) {
    case 'email':
      return message.recipient.email ? undefined : 'email';
    case 'sms':
      return message.recipient.phone ? undefined : 'phone';
    case 'letter':
    case 'registered_letter':
      return message.recipient.postalAddress ? undefined : 'postalAddress';
  }
}

// Stored in one canonical form (toISOString) so due-ness is a plain text comparison on both engines.
function isoInstant(value: string): string {
  const time = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(time)) {
    throw new AppError('validation_failed', `notBefore must be an ISO instant such as 2026-03-02T08:00:00Z, got "${value}"`, { field: 'notBefore' });
  }
  return new Date(time).toISOString();
}
