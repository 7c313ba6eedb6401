import { TIMELINE_KINDS } from '../../../adapters/db/stores/customer-timeline.js';
import { NOTE_MAX_LENGTH } from '../../../app/timeline/add-customer-note.js';
import { dateSchema, pageOf, pageQueryProperties } from '../../schemas.js';

export const noteBody = {
  type: 'object',
  required: ['text'],
  additionalProperties: false,
  properties: { text: { type: 'string', minLength: 1, maxLength: NOTE_MAX_LENGTH, description: 'Free text; several lines allowed.' } },
} as const;

export const timelineQuery = {
  type: 'object',
  properties: {
    kind: {
      type: 'string',
      maxLength: 200,
      pattern: `^(${TIMELINE_KINDS.join('|')})(,(${TIMELINE_KINDS.join('|')}))*$`,
      description: `Only these kinds, comma-separated: ${TIMELINE_KINDS.join(', ')}. Every kind when left out.`,
    },
    ...pageQueryProperties,
  },
} as const;

const bilingual = { type: 'object', required: ['en', 'fr'], properties: { en: { type: 'string' }, fr: { type: 'string' } } } as const;

export const timelineEntrySchema = {
  type: 'object',
  required: ['id', 'kind', 'type', 'occurred_on', 'occurred_at', 'summary', 'author', 'status', 'links'],
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: [...TIMELINE_KINDS] },
    type: { type: 'string', description: 'Finer than the kind: message, note, payment, allocation, import, or the collection event (promise_added, dispute_opened, call_reached…).' },
    occurred_on: dateSchema,
    occurred_at: { type: 'string', description: 'The instant it was recorded (ISO 8601): the order within a day.' },
    summary: bilingual,
    author: {
      anyOf: [
        { type: 'object', required: ['type', 'id', 'name'], properties: { type: { type: 'string', enum: ['user'] }, id: { type: 'string' }, name: { type: 'string' } } },
        { type: 'object', required: ['type', 'name'], properties: { type: { type: 'string', enum: ['api_key'] }, name: { type: 'string' } } },
        { type: 'null' },
      ],
    },
    status: { type: ['string', 'null'], description: "A message's status: queued, sending, sent, kept, failed, unknown, cancelled." },
    links: { type: 'object', properties: { message: { type: 'string' }, document: { type: 'string' } } },
  },
} as const;

export const timelineResponse = pageOf(timelineEntrySchema);
