import { TEXT_LIMITS } from '../../../core/field-limits.js';
import { customerLabelSchema, dateSchema, idSchema, moneySchema, oneLineText, pageOf } from '../../schemas.js';
import { allocationSchema } from '../allocations/present.js';
import { creditListQuery } from '../credit-notes/schemas.js';

const paymentProperties = {
  id: { type: 'string' },
  customer: customerLabelSchema,
  reference: { type: 'string' },
  received_on: dateSchema,
  amount: moneySchema,
  unapplied: { ...moneySchema, description: 'What is not yet allocated to an invoice.' },
  method: { type: 'string' },
  source: { type: 'string' },
  created_at: { type: 'string' },
} as const;

export const paymentSchema = { type: 'object', required: Object.keys(paymentProperties), properties: paymentProperties } as const;
export const paymentDetailSchema = {
  type: 'object',
  required: [...Object.keys(paymentProperties), 'allocations'],
  properties: { ...paymentProperties, allocations: { type: 'array', items: allocationSchema } },
} as const;

export const paymentListQuery = creditListQuery;
export const paymentListResponse = pageOf(paymentSchema);

const inputProperties = {
  customer_id: idSchema,
  reference: { ...oneLineText(TEXT_LIMITS.paymentReference), description: "The bank's or the payer's reference; unique in the organization." },
  received_on: dateSchema,
  amount: moneySchema,
  method: { type: 'string', minLength: 1, maxLength: 50, examples: ['transfer', 'direct_debit', 'card', 'cheque'] },
} as const;

export const createPaymentBody = {
  type: 'object',
  required: ['customer_id', 'reference', 'received_on', 'amount'],
  additionalProperties: false,
  properties: inputProperties,
} as const;

const { customer_id: _ignored, ...updatable } = inputProperties;
export const updatePaymentBody = { type: 'object', additionalProperties: false, minProperties: 1, properties: updatable } as const;
