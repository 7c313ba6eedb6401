import { ANSWER_MAX_CHARS } from '../../../app/inbound/answer-inbound-message.js';
import { idSchema, pageOf, pageQueryProperties } from '../../schemas.js';

export const INBOUND_STATUSES = ['unmatched', 'open', 'answered', 'automatic'] as const;

export const inboundQuery = {
  type: 'object',
  properties: {
    customer_id: idSchema,
    status: { type: 'string', enum: [...INBOUND_STATUSES], description: 'unmatched (no customer yet), open (a reply waiting for an answer), answered, automatic (out-of-office, bounce).' },
    ...pageQueryProperties,
  },
} as const;

export const inboundMessageSchema = {
  type: 'object',
  required: ['id', 'customer_id', 'from', 'subject', 'text', 'excerpt', 'kind', 'status', 'received_at', 'attachments'],
  properties: {
    id: { type: 'string' },
    customer_id: { type: ['string', 'null'] },
    from: { type: 'object', properties: { address: { type: 'string' }, name: { type: ['string', 'null'] } } },
    subject: { type: 'string' },
    text: { type: 'string', description: 'The text as received, not escaped: escape it wherever it is shown.' },
    excerpt: { type: 'string', description: 'The first lines the sender wrote, without the quoted conversation.' },
    kind: { type: 'string', enum: ['human', 'automatic', 'bounce'] },
    automatic_reason: { type: ['string', 'null'] },
    matched_by: { type: ['string', 'null'], enum: ['message_id', 'sender', 'person', null] },
    status: { type: 'string', enum: [...INBOUND_STATUSES] },
    answers_outbox_id: { type: ['string', 'null'] },
    task_id: { type: ['string', 'null'] },
    answer_outbox_id: { type: ['string', 'null'] },
    answered_at: { type: ['string', 'null'] },
    received_at: { type: 'string' },
    attachments: {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: { type: 'string' }, file_name: { type: 'string' }, content_type: { type: 'string' }, size_bytes: { type: 'integer' }, url: { type: 'string' } },
      },
    },
  },
} as const;

export const inboundPage = pageOf(inboundMessageSchema);

export const answerBody = {
  type: 'object',
  required: ['text'],
  additionalProperties: false,
  properties: { text: { type: 'string', minLength: 1, maxLength: ANSWER_MAX_CHARS, description: 'The answer; several lines allowed. The email answered is quoted below it.' } },
} as const;

export const attachBody = {
  type: 'object',
  required: ['customer_id'],
  additionalProperties: false,
  properties: { customer_id: idSchema },
} as const;

export const inboundSettingsSchema = {
  type: 'object',
  required: ['address'],
  properties: { address: { type: ['string', 'null'], description: 'Where customers’ replies are received; null when none is set.' } },
} as const;

export const inboundSettingsBody = {
  type: 'object',
  required: ['address'],
  additionalProperties: false,
  properties: { address: { anyOf: [{ type: 'string', format: 'email', maxLength: 320 }, { type: 'null' }] } },
} as const;
