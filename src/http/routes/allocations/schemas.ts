import { dateSchema, idSchema, moneySchema, pageOf, pageQueryProperties } from '../../schemas.js';
import { allocationSchema } from './present.js';

export const allocationListQuery = {
  type: 'object',
  properties: {
    invoice: idSchema,
    payment: idSchema,
    credit_note: idSchema,
    customer: idSchema,
    ...pageQueryProperties,
  },
} as const;

export const allocationListResponse = pageOf(allocationSchema);

export const createAllocationBody = {
  type: 'object',
  required: ['invoice_id'],
  additionalProperties: false,
  properties: {
    invoice_id: idSchema,
    payment_id: { ...idSchema, description: 'Give this or credit_note_id.' },
    credit_note_id: idSchema,
    amount: { ...moneySchema, description: 'Default: as much as the invoice and the credit both allow.' },
    allocated_on: { ...dateSchema, description: 'Default: today in the organization time zone.' },
    note: { type: ['string', 'null'], maxLength: 500 },
  },
} as const;

export { allocationSchema };
