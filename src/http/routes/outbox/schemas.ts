import { customerLabelSchema, dateSchema, idSchema } from '../../schemas.js';

const STATUSES = ['queued', 'sending', 'sent', 'kept', 'failed', 'unknown', 'cancelled'];
const CHANNELS = ['email', 'sms', 'letter', 'registered_letter'];

const words = { type: 'object', required: ['en', 'fr'], properties: { en: { type: 'string' }, fr: { type: 'string' } } } as const;

const messageProperties = {
  id: { type: 'string' },
  action_id: { type: 'string' },
  customer: customerLabelSchema,
  channel: { type: 'string', enum: CHANNELS },
  message_id: { type: 'string', description: 'RFC 5322 Message-ID, the same on every attempt.' },
  status: {
    type: 'string',
    enum: STATUSES,
    description: 'failed and unknown need a person: unknown means the channel may have delivered it, so check before retrying.',
  },
  needs_attention: { type: 'boolean' },
  held: { type: 'boolean', description: 'A queued email waiting for the organization to set a sender email (see `warnings`).' },
  recipient: {
    type: 'object',
    properties: { name: { type: 'string' }, email: { type: 'string' }, phone: { type: 'string' }, postalAddress: { type: 'string' } },
  },
  sender: { type: 'object', properties: { name: { type: 'string' }, email: { type: 'string' }, replyTo: { type: 'string' } } },
  subject: { type: 'string' },
  invoice_ids: { type: 'array', items: { type: 'string' } },
  attempts: { type: 'integer' },
  not_before: { type: 'string' },
  next_attempt_at: { type: 'string' },
  last_error: { type: ['string', 'null'] },
  provider_message_id: { type: ['string', 'null'] },
  has_document: { type: 'boolean', description: 'Whether a kept or generated file (.eml, .pdf) was written.' },
  sent_at: { type: ['string', 'null'] },
  on_hold: {
    type: ['object', 'null'],
    description: 'A person holds this queued message: when, and who.',
    properties: { at: { type: 'string' }, by: { type: ['object', 'null'], properties: { id: { type: 'string' }, name: { type: 'string' } } } },
  },
  waiting_reason: {
    type: ['object', 'null'],
    description: 'Why a queued message has not left yet; null for one that does not wait.',
    required: ['code', 'at', 'by', 'text'],
    properties: {
      code: { type: 'string', enum: ['held', 'no_sender_email', 'retry', 'business_hours', 'due_now'] },
      at: { type: ['string', 'null'], description: 'When it is due to leave, or when it was held.' },
      by: { type: ['string', 'null'], description: 'Who held it.' },
      text: words,
    },
  },
  created_at: { type: 'string' },
  updated_at: { type: 'string' },
} as const;

export const outboxMessageSchema = { type: 'object', required: Object.keys(messageProperties), properties: messageProperties } as const;
export const outboxMessageDetailSchema = {
  type: 'object',
  required: [...Object.keys(messageProperties), 'text', 'html'],
  properties: { ...messageProperties, text: { type: 'string' }, html: { type: ['string', 'null'] } },
} as const;

export const outboxListQuery = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: STATUSES },
    channel: { type: 'string', enum: CHANNELS },
    customer: idSchema,
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
  },
} as const;

const warningSchema = {
  type: 'object',
  required: ['code', 'message'],
  properties: { code: { type: 'string', enum: ['no_sender_email'] }, message: { type: 'string' }, count: { type: 'integer', description: 'Emails held.' } },
} as const;

export const outboxListResponse = {
  type: 'object',
  required: ['items', 'warnings'],
  properties: {
    items: { type: 'array', items: outboxMessageSchema },
    warnings: { type: 'array', items: warningSchema, description: 'What keeps messages from going out, said once for them all: emails held while no sender email is set.' },
  },
} as const;

export const cancelBody = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { reason: { type: 'string', minLength: 1, maxLength: 500 } },
} as const;

export const lettersQuery = { type: 'object', required: ['date'], properties: { date: dateSchema } } as const;

export const sendNowResponse = {
  type: 'object',
  required: ['message', 'immediately', 'at', 'text'],
  properties: {
    message: outboxMessageSchema,
    immediately: { type: 'boolean', description: 'false: outside business hours, it leaves at `at`.' },
    at: { type: 'string' },
    text: words,
  },
} as const;
