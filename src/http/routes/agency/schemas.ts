import { TEXT_LIMITS } from '../../../core/field-limits.js';
import { dateSchema, idSchema, moneySchema, oneLineText } from '../../schemas.js';
import { contactSchema } from '../contacts/schemas.js';

const bilingual = { type: 'object', required: ['en', 'fr'], properties: { en: { type: 'string' }, fr: { type: 'string' } } } as const;
const nullableString = { type: ['string', 'null'] } as const;
const party = { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' } } } as const;
const customer = {
  type: 'object',
  required: ['id', 'name', 'external_ref'],
  properties: { id: { type: 'string' }, name: { type: 'string' }, external_ref: { type: 'string' } },
} as const;

const caseProperties = {
  id: { type: 'string', description: "The mandate's id: an agency addresses its cases by mandate." },
  creditor: party,
  customer,
  acting_as: { type: 'string', enum: ['creditor', 'agency'], description: "In whose name the agency writes to the customer." },
  starts_on: dateSchema,
  ends_on: { ...nullableString, format: 'date' },
  fee_percent: { type: 'string', description: 'The fee on what is recovered, in percent: "15", "12.5".' },
  fee_fixed: moneySchema,
  handed: { ...moneySchema, description: 'The balance handed on the day of hand-off.' },
  recovered: { ...moneySchema, description: 'Paid on the handed invoices since the hand-off, whoever recorded it.' },
  outstanding: moneySchema,
  fee: { ...moneySchema, description: "The agency's fee on what was recovered so far, fixed fee included." },
  recovery_rate_percent: { type: 'string' },
} as const;

export const agencyCaseSchema = { type: 'object', required: Object.keys(caseProperties), properties: caseProperties } as const;

export const agencyCaseListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { creditor_id: { ...idSchema, description: "Only this creditor's cases." } },
} as const;

export const agencyCaseListResponse = { type: 'object', required: ['items'], properties: { items: { type: 'array', items: agencyCaseSchema } } } as const;

const timelineEntrySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { type: 'string' },
    type: { type: 'string' },
    occurred_on: dateSchema,
    occurred_at: { type: 'string' },
    summary: bilingual,
    author: nullableString,
    status: nullableString,
  },
} as const;

const partySchema = {
  type: 'object',
  required: ['name', 'email'],
  properties: { name: nullableString, email: nullableString },
} as const;

const messageSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    created_at: { type: 'string' },
    channel: { type: 'string' },
    sender: partySchema,
    recipient: partySchema,
    subject: { type: 'string' },
    status: { type: 'string' },
    sent_at: nullableString,
  },
} as const;

const paymentSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    reference: { type: 'string' },
    received_on: dateSchema,
    amount: moneySchema,
    unapplied: moneySchema,
    source: { type: 'string' },
    paid: {
      type: 'array',
      items: {
        type: 'object',
        properties: { invoice_id: nullableString, invoice_number: nullableString, amount: moneySchema, allocated_on: { type: 'string' } },
      },
    },
    recorded_by_agency: { type: 'boolean' },
  },
} as const;

export const agencyCaseDetailSchema = {
  type: 'object',
  required: [...Object.keys(caseProperties), 'contacts', 'open_invoices', 'balance', 'timeline', 'messages', 'payments'],
  properties: {
    ...caseProperties,
    as_of: { ...dateSchema, description: "The agency's today, the day the figures are worked out for." },
    note: nullableString,
    overdue_days_at_handoff: { type: 'integer' },
    contacts: { type: 'array', items: contactSchema },
    open_invoices: {
      type: 'array',
      description: 'The handed invoices still open, oldest due first.',
      items: {
        type: 'object',
        properties: { id: { type: 'string' }, number: { type: 'string' }, due_date: dateSchema, days_late: { type: 'integer' }, open: moneySchema },
      },
    },
    balance: { ...moneySchema, description: 'What is left to pay on the handed invoices today.' },
    timeline: { type: 'array', items: timelineEntrySchema },
    messages: { type: 'array', items: messageSchema },
    payments: { type: 'array', items: paymentSchema },
  },
} as const;

export const casePaymentBody = {
  type: 'object',
  required: ['amount', 'received_on', 'reference'],
  additionalProperties: false,
  properties: {
    amount: moneySchema,
    received_on: dateSchema,
    reference: { ...oneLineText(TEXT_LIMITS.paymentReference), description: "The bank's or the payer's reference; unique in the creditor's ledger." },
    method: { type: 'string', minLength: 1, maxLength: 50, examples: ['transfer', 'cheque', 'card'] },
  },
} as const;

export const casePaymentResponse = {
  type: 'object',
  required: ['id', 'reference', 'received_on', 'amount', 'unapplied', 'case'],
  properties: {
    id: { type: 'string' },
    reference: { type: 'string' },
    received_on: dateSchema,
    amount: moneySchema,
    unapplied: { ...moneySchema, description: 'What the handed invoices did not take: on the customer’s account.' },
    case: agencyCaseSchema,
  },
} as const;

const taskSchema = {
  type: 'object',
  required: ['id', 'case_id', 'title', 'due_on', 'creditor', 'customer'],
  properties: {
    id: { type: 'string' },
    case_id: { type: 'string' },
    title: bilingual,
    detail: nullableString,
    due_on: dateSchema,
    created_on: dateSchema,
    creditor: party,
    customer,
  },
} as const;

export const agencyTaskListResponse = { type: 'object', required: ['items'], properties: { items: { type: 'array', items: taskSchema } } } as const;

export const taskDoneBody = {
  type: 'object',
  additionalProperties: false,
  properties: { outcome: { type: 'string', minLength: 1, maxLength: 2000, description: 'What came of it, in a few words.' } },
} as const;
