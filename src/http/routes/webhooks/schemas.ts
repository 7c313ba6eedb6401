import { WEBHOOK_EVENTS } from '../../../adapters/db/stores/webhooks.js';
import type { WebhookDeliveryRow, WebhookEndpointRow } from '../../../adapters/db/schema.js';

export const endpointProperties = {
  id: { type: 'string' },
  url: { type: 'string' },
  events: { type: 'array', items: { type: 'string', enum: [...WEBHOOK_EVENTS] } },
  created_at: { type: 'string' },
} as const;

export const endpointSchema = { type: 'object', required: Object.keys(endpointProperties), properties: endpointProperties } as const;

export const createEndpointBody = {
  type: 'object',
  required: ['url', 'events'],
  additionalProperties: false,
  properties: {
    url: { type: 'string', minLength: 1, maxLength: 2000 },
    events: { type: 'array', minItems: 1, items: { type: 'string', enum: [...WEBHOOK_EVENTS] } },
  },
} as const;

export const createdEndpointSchema = {
  type: 'object',
  required: [...Object.keys(endpointProperties), 'secret'],
  properties: {
    ...endpointProperties,
    secret: { type: 'string', description: 'Signs every delivery (Relance-Signature header); shown in this answer only.' },
  },
} as const;

const deliveryProperties = {
  id: { type: 'string' },
  event_id: { type: 'string' },
  event: { type: 'string' },
  status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
  attempts: { type: 'integer' },
  response_code: { type: ['integer', 'null'] },
  last_error: { type: ['string', 'null'] },
  next_attempt_at: { type: ['string', 'null'], description: 'Null once delivered or given up.' },
  delivered_at: { type: ['string', 'null'] },
  created_at: { type: 'string' },
  payload: { type: 'object', additionalProperties: true },
} as const;

export const deliverySchema = { type: 'object', required: Object.keys(deliveryProperties), properties: deliveryProperties } as const;

export function endpointJson(row: WebhookEndpointRow) {
  return { id: row.id, url: row.url, events: JSON.parse(row.events) as string[], created_at: row.created_at };
}

export function deliveryJson(row: WebhookDeliveryRow) {
  return {
    id: row.id,
    event_id: row.event_id,
    event: row.event_type,
    status: row.status,
    attempts: Number(row.attempts),
    response_code: row.response_code === null ? null : Number(row.response_code),
    last_error: row.last_error,
    next_attempt_at: row.status !== 'pending' ? null : Number(row.attempts) === 0 ? row.created_at : row.next_attempt_at,
    delivered_at: row.delivered_at,
    created_at: row.created_at,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
  };
}
