import { AGING_BUCKETS } from '../../../core/aging.js';
import { TEXT_LIMITS } from '../../../core/field-limits.js';
import { CUSTOMER_SORTS } from '../../../app/list-customers-with-balances.js';
import { CUSTOMER_STATUSES, NEXT_ACTION_KINDS } from '../../../adapters/db/stores/customer-list-status.js';
import { currencySchema, dateSchema, moneySchema, nullableDateSchema, nullableMoneySchema, nullableOneLineText, oneLineText, pageOf, pageQueryProperties, warningsSchema } from '../../schemas.js';
import { contactSchema } from '../contacts/schemas.js';

const ownerSchema = {
  anyOf: [{ type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' } } }, { type: 'null' }],
} as const;

export const customerListQuery = {
  type: 'object',
  properties: {
    search: { type: 'string', maxLength: 200, description: 'Part of the name, the reference, the VAT or the registration number (spaces, dots and dashes ignored in the numbers), any case.' },
    segment: { type: 'string', maxLength: 100 },
    owner: { type: 'string', maxLength: 100, description: 'A user id, "me", or "none" for accounts without an owner.' },
    sort: { type: 'string', enum: [...CUSTOMER_SORTS], default: 'name' },
    order: { type: 'string', enum: ['asc', 'desc'], description: 'Default: desc for overdue and balance, asc otherwise.' },
    as_of: dateSchema,
    ...pageQueryProperties,
  },
} as const;

export const customerListItemSchema = {
  type: 'object',
  required: ['id', 'reference', 'name', 'segment', 'language', 'owner', 'balance', 'overdue', 'oldest_due_date', 'credit_limit', 'status', 'next_action', 'last_contact_on'],
  properties: {
    id: { type: 'string' },
    reference: { type: 'string' },
    name: { type: 'string' },
    segment: { type: ['string', 'null'] },
    language: { type: 'string' },
    owner: ownerSchema,
    balance: moneySchema,
    overdue: moneySchema,
    oldest_due_date: nullableDateSchema,
    credit_limit: nullableMoneySchema,
    status: { type: 'array', items: { type: 'string', enum: [...CUSTOMER_STATUSES] }, description: 'What holds the collection; several can hold at once.' },
    next_action: {
      anyOf: [{ type: 'object', required: ['kind', 'on'], properties: { kind: { type: 'string', enum: [...NEXT_ACTION_KINDS] }, on: dateSchema } }, { type: 'null' }],
      description: 'The next message or task planned, else the day a promise falls due or a hold ends.',
    },
    last_contact_on: nullableDateSchema,
  },
} as const;

export const customerListResponse = pageOf(customerListItemSchema);

const bucketsSchema = {
  type: 'object',
  required: [...AGING_BUCKETS],
  properties: Object.fromEntries(AGING_BUCKETS.map((b) => [b, moneySchema])),
} as const;

const customerDetailProperties = {
  id: { type: 'string' },
  reference: { type: 'string' },
  name: { type: 'string' },
  registration_id: { type: ['string', 'null'] },
  vat_id: { type: ['string', 'null'] },
  language: { type: 'string' },
  segment: { type: ['string', 'null'] },
  owner: ownerSchema,
  credit_limit: nullableMoneySchema,
  payment_terms: { type: ['string', 'null'] },
  created_at: { type: 'string' },
  updated_at: { type: 'string' },
  contacts: { type: 'array', items: contactSchema },
  as_of: dateSchema,
  balance: moneySchema,
  overdue: moneySchema,
  unapplied_credit: moneySchema,
  buckets: bucketsSchema,
  oldest_due_date: nullableDateSchema,
} as const;

export const customerDetailSchema = {
  type: 'object',
  required: Object.keys(customerDetailProperties),
  properties: customerDetailProperties,
} as const;

export const savedCustomerSchema = {
  type: 'object',
  required: [...Object.keys(customerDetailProperties), 'warnings'],
  properties: { ...customerDetailProperties, warnings: warningsSchema },
} as const;

const customerInputProperties = {
  reference: { ...oneLineText(TEXT_LIMITS.customerReference), description: 'Your reference for the customer (account number).' },
  name: oneLineText(TEXT_LIMITS.customerName),
  registration_id: { ...nullableOneLineText(TEXT_LIMITS.registrationId), description: 'SIREN/SIRET, BCE/KBO number…' },
  vat_id: nullableOneLineText(TEXT_LIMITS.vatId),
  language: { type: 'string', pattern: '^[a-z]{2}$', description: 'Language of the messages the customer gets: fr, nl, en, de…' },
  segment: nullableOneLineText(TEXT_LIMITS.segment),
  owner_user_id: { type: ['string', 'null'], maxLength: 100 },
  credit_limit: nullableMoneySchema,
  payment_terms: { type: ['string', 'null'], maxLength: 50, examples: ['net 30', '45 eom', 'eom + 10', 'on receipt'] },
} as const;

export const createCustomerBody = {
  type: 'object',
  required: ['reference', 'name'],
  additionalProperties: false,
  properties: customerInputProperties,
} as const;

export const updateCustomerBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: customerInputProperties,
} as const;

export const asOfQuery = { type: 'object', properties: { as_of: dateSchema } } as const;

export const statementQuery = {
  type: 'object',
  properties: {
    from: { ...dateSchema, description: 'First day; default one year before `to`.' },
    to: { ...dateSchema, description: 'Last day; default today in the organization time zone.' },
    currency: { ...currencySchema, description: "Default: the organization's currency." },
  },
} as const;

/** The PDF is drawn up as of today: its open items are those of today, so it takes no end date. */
export const statementPdfQuery = {
  type: 'object',
  properties: { from: statementQuery.properties.from, currency: statementQuery.properties.currency },
} as const;

export const openItemsResponse = {
  type: 'object',
  required: ['as_of', 'items', 'unapplied_credits'],
  properties: {
    as_of: dateSchema,
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'number', 'issue_date', 'due_date', 'days_overdue', 'amount', 'open', 'payment_reference', 'pdf'],
        properties: {
          id: { type: 'string' },
          number: { type: 'string' },
          issue_date: dateSchema,
          due_date: dateSchema,
          days_overdue: { type: 'integer' },
          amount: moneySchema,
          open: moneySchema,
          payment_reference: { type: ['string', 'null'], description: 'What the customer quotes with a transfer, as printed.' },
          pdf: {
            description: "The invoice's PDF as issued (GET /api/invoices/{id}/pdf), sent with the reminders; null without one.",
            anyOf: [
              { type: 'object', required: ['file_name', 'size_bytes'], properties: { file_name: { type: 'string' }, size_bytes: { type: 'integer' } } },
              { type: 'null' },
            ],
          },
        },
      },
    },
    unapplied_credits: { type: 'array', items: moneySchema },
  },
} as const;

export const statementResponse = {
  type: 'object',
  required: ['customer', 'currency', 'from', 'to', 'opening_balance', 'lines', 'total_debit', 'total_credit', 'closing_balance'],
  properties: {
    customer: { type: 'object', required: ['id', 'reference', 'name'], properties: { id: { type: 'string' }, reference: { type: 'string' }, name: { type: 'string' } } },
    currency: { type: 'string' },
    from: dateSchema,
    to: dateSchema,
    opening_balance: moneySchema,
    lines: {
      type: 'array',
      items: {
        type: 'object',
        required: ['date', 'kind', 'number', 'description', 'debit', 'credit', 'balance'],
        properties: {
          date: dateSchema,
          kind: { type: 'string', enum: ['invoice', 'credit_note', 'payment'] },
          number: { type: 'string' },
          description: { type: 'string' },
          debit: moneySchema,
          credit: moneySchema,
          balance: moneySchema,
        },
      },
    },
    total_debit: moneySchema,
    total_credit: moneySchema,
    closing_balance: moneySchema,
  },
} as const;
