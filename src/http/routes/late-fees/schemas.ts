import { LATE_INTEREST_LAWS } from '../../../core/late-interest.js';
import { currencySchema, customerLabelSchema, dateSchema, moneySchema, nullableDateSchema } from '../../schemas.js';

const lawSchema = { type: 'string', enum: [...LATE_INTEREST_LAWS], description: 'fr, be, de, or eu (Directive 2011/7/EU).' } as const;
const decimalSchema = { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?$' } as const;
const percentSchema = { type: 'string', pattern: '^[0-9]{1,3}(\\.[0-9]{1,4})?$', description: 'Percent per year as a decimal string.', examples: ['12.15'] } as const;
const nullableMoneySchema = { anyOf: [moneySchema, { type: 'null' }] } as const;

export const computeQuery = {
  type: 'object',
  required: ['amount', 'due', 'paid'],
  properties: {
    law: { ...lawSchema, description: "Default: the law of the organization's late-fee policy." },
    amount: { ...decimalSchema, description: 'The unpaid amount, a decimal string.', examples: ['10000.00'] },
    currency: { ...currencySchema, description: "Default: the organization's currency. The EUR 40 indemnity applies to amounts in euros only." },
    due: { ...dateSchema, description: 'The due date; interest runs from the day after.' },
    paid: { ...dateSchema, description: 'The payment date (or the date to compute to), counted as a late day.' },
  },
} as const;

const periodSchema = {
  type: 'object',
  required: ['from', 'to', 'days', 'rate', 'interest'],
  properties: {
    from: dateSchema,
    to: dateSchema,
    days: { type: 'integer' },
    rate: { type: 'string', description: 'Percent per year.' },
    interest: { type: 'string', description: "This period's share, rounded to the cent; the total is rounded once from the exact sum." },
    source: { type: 'string' },
  },
} as const;

export const computeResponse = {
  type: 'object',
  required: ['law', 'law_text', 'rule', 'sources', 'currency', 'amount', 'due', 'paid', 'days_late', 'interest', 'indemnity', 'total', 'periods'],
  properties: {
    law: lawSchema,
    law_text: { type: 'string' },
    rule: { type: 'string' },
    sources: { type: 'array', items: { type: 'string' } },
    currency: { type: 'string' },
    amount: { type: 'string' },
    due: dateSchema,
    paid: dateSchema,
    days_late: { type: 'integer' },
    interest: { type: 'string', description: 'Decimal string in `currency`.' },
    indemnity: { type: 'string', description: 'The fixed recovery indemnity, decimal string.' },
    total: { type: 'string', description: 'Interest plus indemnity.' },
    periods: { type: 'array', items: periodSchema },
  },
} as const;

const rateEntrySchema = {
  type: 'object',
  required: ['law', 'from', 'rate', 'origin', 'source', 'added_by', 'added_at'],
  properties: {
    law: lawSchema,
    from: dateSchema,
    rate: { type: 'string' },
    origin: { type: 'string', enum: ['built_in', 'added', 'replaced'] },
    source: { type: 'string' },
    added_by: { type: ['string', 'null'] },
    added_at: { type: ['string', 'null'] },
  },
} as const;

export const rateListQuery = { type: 'object', properties: { law: lawSchema } } as const;
export const rateListResponse = { type: 'object', required: ['items'], properties: { items: { type: 'array', items: rateEntrySchema } } } as const;
export const rateEntryResponse = rateEntrySchema;

export const addRateBody = {
  type: 'object',
  required: ['law', 'from', 'rate', 'source'],
  additionalProperties: false,
  properties: {
    law: lawSchema,
    from: { ...dateSchema, description: '1 January or 1 July: the first day of the half-year.' },
    rate: percentSchema,
    source: { type: 'string', minLength: 1, maxLength: 500, description: 'Where the rate is published, or the contract clause.' },
    replace: { type: 'boolean', default: false, description: 'Needed to change a half-year that already has a rate.' },
  },
} as const;

export const settingsSchema = {
  type: 'object',
  required: ['claim_interest', 'claim_indemnity', 'law', 'law_follows_country', 'state_from_step', 'updated_by', 'updated_at'],
  properties: {
    claim_interest: { type: 'boolean' },
    claim_indemnity: { type: 'boolean' },
    law: lawSchema,
    law_follows_country: { type: 'boolean', description: "True when the law comes from the organization's country." },
    state_from_step: { type: 'string', description: 'The scenario step from which messages state the fees.' },
    updated_by: { type: ['string', 'null'] },
    updated_at: { type: ['string', 'null'] },
  },
} as const;

export const settingsBody = {
  type: 'object',
  required: ['claim_interest', 'claim_indemnity', 'state_from_step'],
  additionalProperties: false,
  properties: {
    claim_interest: { type: 'boolean' },
    claim_indemnity: { type: 'boolean' },
    law: { anyOf: [lawSchema, { type: 'null' }], description: "null or absent: follow the organization's country (FR→fr, BE→be, DE→de, else eu)." },
    state_from_step: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$', examples: ['firm-reminder'] },
  },
} as const;

export const currentRateQuery = { type: 'object', properties: { as_of: { ...dateSchema, description: 'Default: today in the organization time zone.' } } } as const;

export const currentRateResponse = {
  type: 'object',
  required: ['as_of', 'law', 'half_year', 'from', 'on_file', 'rate', 'rule', 'sources', 'claim_interest'],
  properties: {
    as_of: dateSchema,
    law: lawSchema,
    half_year: { type: 'string', pattern: '^\\d{4}-H[12]$', examples: ['2026-H2'] },
    from: { ...dateSchema, description: 'The first day of the half-year: the from of the rate to add.' },
    on_file: { type: 'boolean', description: 'False until an administrator adds the rate (POST /api/late-fees/rates); messages then state interest only up to the last half-year on file.' },
    rate: { type: ['string', 'null'], description: 'Percent per year, when on file.' },
    rule: { type: 'string', description: 'How the law sets the rate.' },
    sources: { type: 'array', items: { type: 'string' }, description: 'Where the rate is published.' },
    claim_interest: { type: 'boolean' },
  },
} as const;

export const customerLateFeesQuery = { type: 'object', properties: { as_of: { ...dateSchema, description: 'Default: today in the organization time zone.' } } } as const;

export const customerLateFeesResponse = {
  type: 'object',
  required: ['customer', 'as_of', 'law', 'claim_interest', 'claim_indemnity', 'invoices', 'totals', 'unknown_from', 'missing_rates'],
  properties: {
    customer: customerLabelSchema,
    as_of: dateSchema,
    law: lawSchema,
    claim_interest: { type: 'boolean' },
    claim_indemnity: { type: 'boolean' },
    invoices: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'number', 'due_date', 'days_late', 'open', 'interest', 'interest_on_file', 'indemnity', 'periods'],
        properties: {
          id: { type: 'string' },
          number: { type: 'string' },
          due_date: dateSchema,
          days_late: { type: 'integer' },
          open: moneySchema,
          interest: { ...nullableMoneySchema, description: 'Null when some late day has no rate on file.' },
          interest_on_file: {
            ...moneySchema,
            description: 'The interest of the late days that have a rate on file (the periods): equals interest when every day has one, else less than the law gives.',
          },
          indemnity: moneySchema,
          periods: { type: 'array', items: periodSchema },
        },
      },
    },
    totals: {
      type: 'array',
      description: 'One per currency.',
      items: {
        type: 'object',
        required: ['open', 'interest', 'interest_on_file', 'indemnity', 'fees', 'fees_on_file'],
        properties: {
          open: moneySchema,
          interest: nullableMoneySchema,
          interest_on_file: { ...moneySchema, description: 'The interest of the late days that have a rate on file: what the messages state.' },
          indemnity: moneySchema,
          fees: { ...nullableMoneySchema, description: 'Interest plus indemnity.' },
          fees_on_file: { ...moneySchema, description: 'Interest on file plus indemnity: what the messages state.' },
        },
      },
    },
    unknown_from: { ...nullableDateSchema, description: 'First late day with no rate on file; the interest is then null.' },
    missing_rates: {
      type: 'array',
      items: { type: 'string', pattern: '^\\d{4}-H[12]$' },
      description: 'The half-years ("2026-H2") some late day falls in without a rate on file: add them with POST /api/late-fees/rates.',
    },
  },
} as const;
