import { DEBTOR_REQUEST_KINDS, DEBTOR_REQUEST_STATUSES } from '../../../adapters/db/debtor-request-schema.js';
import { idSchema, pageOf, pageQueryProperties } from '../../schemas.js';

const money = { type: 'object', required: ['amount', 'currency'], properties: { amount: { type: 'string' }, currency: { type: 'string' } } } as const;
const nullableText = { type: ['string', 'null'] } as const;

export const debtorRequestSchema = {
  type: 'object',
  required: ['id', 'customer_id', 'kind', 'status', 'asked_on', 'message', 'invoice_numbers', 'answer', 'answered_on', 'files'],
  properties: {
    id: { type: 'string' },
    customer_id: { type: 'string' },
    customer: { type: 'object', properties: { id: { type: 'string' }, reference: { type: 'string' }, name: { type: 'string' } } },
    kind: { type: 'string', enum: [...DEBTOR_REQUEST_KINDS] },
    status: { type: 'string', enum: [...DEBTOR_REQUEST_STATUSES], description: 'open waits for a person; accepted_automatically: within the creditor policy, done at once.' },
    asked_on: { type: 'string', format: 'date' },
    message: { ...nullableText, description: 'The customer’s own words, as typed: escape before showing.' },
    invoice_numbers: { type: 'array', items: { type: 'string' } },
    paid_on: nullableText,
    amount: { anyOf: [money, { type: 'null' }] },
    reference: nullableText,
    promised_on: nullableText,
    reason: nullableText,
    schedule: { anyOf: [{ type: 'array', items: { type: 'object', properties: { due_date: { type: 'string' }, amount: money } } }, { type: 'null' }] },
    beyond_policy: { type: 'array', items: { type: 'string', enum: ['total_above_maximum', 'instalment_below_minimum', 'longer_than_maximum', 'first_too_far'] } },
    contact: { anyOf: [{ type: 'object', properties: { name: nullableText, email: nullableText, phone: nullableText } }, { type: 'null' }] },
    answer: nullableText,
    answered_on: nullableText,
    files: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, file_name: { type: 'string' }, content_type: { type: 'string' }, size_bytes: { type: 'integer' } } } },
  },
} as const;

export const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: [...DEBTOR_REQUEST_STATUSES] },
    customer_id: idSchema,
    ...pageQueryProperties,
  },
} as const;

export const listResponse = pageOf(debtorRequestSchema);

export const decidedResponse = {
  type: 'object',
  required: ['request', 'emailed'],
  properties: { request: debtorRequestSchema, emailed: { type: 'boolean', description: 'false: the customer has no email address on file; the answer shows on its page only.' } },
} as const;

const answerText = { type: 'string', minLength: 1, maxLength: 4000 } as const;

export const acceptBody = { type: 'object', additionalProperties: false, properties: { text: answerText } } as const;
export const rejectBody = { type: 'object', additionalProperties: false, required: ['reason'], properties: { reason: answerText } } as const;
export const answerBody = { type: 'object', additionalProperties: false, required: ['text'], properties: { text: answerText } } as const;

export const fileParams = { type: 'object', required: ['id', 'file_id'], properties: { id: idSchema, file_id: idSchema } } as const;

/** What a customer may settle alone on its page, part of the collection settings. */
export const debtorPolicySchema = {
  type: 'object',
  additionalProperties: false,
  description: 'What a customer may settle alone on its page: a promise at most this many days ahead; a payment plan set up at once when it lasts at most plan_max_months, each instalment at least plan_min_instalment, on at most plan_max_amount; beyond, the plan request waits for a person.',
  properties: {
    promise_max_days: { type: 'integer', minimum: 1, maximum: 365 },
    plan_max_months: { type: 'integer', minimum: 1, maximum: 60 },
    plan_min_instalment: money,
    plan_max_amount: money,
  },
} as const;
