import { TEXT_LIMITS } from '../../../core/field-limits.js';
import { customerLabelSchema, dateSchema, idSchema, moneySchema, oneLineText, pageOf, pageQueryProperties, warningsSchema } from '../../schemas.js';
import { allocationSchema } from '../allocations/present.js';

const invoiceProperties = {
  id: { type: 'string' },
  customer: customerLabelSchema,
  number: { type: 'string' },
  issue_date: dateSchema,
  due_date: dateSchema,
  payment_terms: { type: ['string', 'null'] },
  payment_reference: {
    type: ['string', 'null'],
    description: 'What the customer quotes with a transfer, as printed: the Belgian structured communication (+++010/8068/17183+++) or the ISO 11649 creditor reference (RF18 5390 0754 7034), by the organization\'s choice.',
    examples: ['+++010/8068/17183+++'],
  },
  amount: moneySchema,
  open: { ...moneySchema, description: 'What is left to pay: the amount minus the allocations.' },
  status: { type: 'string', enum: ['open', 'overdue', 'paid'] },
  days_overdue: { type: 'integer' },
  source: { type: 'string' },
  created_at: { type: 'string' },
} as const;

export const invoiceSchema = { type: 'object', required: Object.keys(invoiceProperties), properties: invoiceProperties } as const;

export const invoiceDetailSchema = {
  type: 'object',
  required: [...Object.keys(invoiceProperties), 'allocations'],
  properties: { ...invoiceProperties, allocations: { type: 'array', items: allocationSchema } },
} as const;

export const savedInvoiceSchema = {
  type: 'object',
  required: [...Object.keys(invoiceProperties), 'allocations', 'warnings'],
  properties: { ...invoiceProperties, allocations: { type: 'array', items: allocationSchema }, warnings: warningsSchema },
} as const;

export const invoiceListQuery = {
  type: 'object',
  properties: {
    customer: { ...idSchema, description: 'A customer id.' },
    status: { type: 'string', enum: ['open', 'paid', 'overdue'] },
    number: { type: 'string', maxLength: 100 },
    due_before: { ...dateSchema, description: 'Due strictly before this day.' },
    due_after: { ...dateSchema, description: 'Due strictly after this day.' },
    as_of: { ...dateSchema, description: 'The day "overdue" is judged on; default today in the organization time zone.' },
    ...pageQueryProperties,
  },
} as const;

export const invoiceListResponse = pageOf(invoiceSchema);

const invoiceInputProperties = {
  customer_id: idSchema,
  number: oneLineText(TEXT_LIMITS.documentNumber),
  issue_date: dateSchema,
  due_date: { ...dateSchema, description: 'Default: from the payment terms (the invoice\'s, else the customer\'s, else the organization\'s).' },
  amount: moneySchema,
  payment_terms: { type: ['string', 'null'], maxLength: 50, examples: ['net 30'] },
} as const;

export const createInvoiceBody = {
  type: 'object',
  required: ['customer_id', 'number', 'issue_date', 'amount'],
  additionalProperties: false,
  properties: invoiceInputProperties,
} as const;

const { customer_id: _ignored, ...updatable } = invoiceInputProperties;

export const updateInvoiceBody = { type: 'object', additionalProperties: false, minProperties: 1, properties: updatable } as const;
