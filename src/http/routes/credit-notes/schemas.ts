import { TEXT_LIMITS } from '../../../core/field-limits.js';
import { customerLabelSchema, dateSchema, idSchema, moneySchema, oneLineText, pageOf, pageQueryProperties } from '../../schemas.js';
import { allocationSchema } from '../allocations/present.js';

const creditNoteProperties = {
  id: { type: 'string' },
  customer: customerLabelSchema,
  number: { type: 'string' },
  issue_date: dateSchema,
  amount: moneySchema,
  unapplied: { ...moneySchema, description: 'What is not yet allocated to an invoice.' },
  invoice_id: { type: ['string', 'null'] },
  source: { type: 'string' },
  created_at: { type: 'string' },
} as const;

export const creditNoteSchema = { type: 'object', required: Object.keys(creditNoteProperties), properties: creditNoteProperties } as const;
export const creditNoteDetailSchema = {
  type: 'object',
  required: [...Object.keys(creditNoteProperties), 'allocations'],
  properties: { ...creditNoteProperties, allocations: { type: 'array', items: allocationSchema } },
} as const;

export const creditListQuery = {
  type: 'object',
  properties: {
    customer: idSchema,
    from: dateSchema,
    to: dateSchema,
    unapplied: { type: 'boolean', description: 'true: only those with something left to allocate.' },
    ...pageQueryProperties,
  },
} as const;

export const creditNoteListResponse = pageOf(creditNoteSchema);

const inputProperties = {
  customer_id: idSchema,
  number: oneLineText(TEXT_LIMITS.documentNumber),
  issue_date: dateSchema,
  amount: moneySchema,
  invoice_id: { type: ['string', 'null'], maxLength: 100, description: 'The invoice it corrects; allocate it to move the money.' },
} as const;

export const createCreditNoteBody = {
  type: 'object',
  required: ['customer_id', 'number', 'issue_date', 'amount'],
  additionalProperties: false,
  properties: inputProperties,
} as const;

const { customer_id: _ignored, ...updatable } = inputProperties;
export const updateCreditNoteBody = { type: 'object', additionalProperties: false, minProperties: 1, properties: updatable } as const;
