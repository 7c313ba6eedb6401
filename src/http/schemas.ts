import type {} from '@fastify/swagger';
import { ONE_LINE_PATTERN } from '../core/field-limits.js';
import { CURRENCY_CODES } from '../core/currencies.js';

/**
 * JSON Schemas shared by the routes. They validate requests and document the API in the
 * OpenAPI document; request bodies are checked strictly (no coercion, no unknown fields).
 */

/**
 * A currency an amount can be in, from the one list the imports and the CLI also use. A pattern
 * rather than an enum so that a refusal reads "must be an ISO 4217 code such as "EUR"" instead
 * of listing every code.
 */
export const currencySchema = {
  type: 'string',
  pattern: `^(${CURRENCY_CODES.join('|')})$`,
  description: 'A current ISO 4217 currency code; precious metals (XAU…), funds and units of account (XDR…) and test codes (XTS, XXX) are refused.',
  examples: ['EUR'],
} as const;

export const moneySchema = {
  type: 'object',
  description: 'An amount: a decimal string (never a float) and its ISO 4217 currency, at most 10^14 − 1 minor units (999999999999.99 EUR).',
  required: ['amount', 'currency'],
  additionalProperties: false,
  properties: {
    amount: { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]+)?$', examples: ['1234.56'] },
    currency: currencySchema,
  },
} as const;

export const nullableMoneySchema = { anyOf: [moneySchema, { type: 'null' }] } as const;

export const dateSchema = { type: 'string', format: 'date', description: 'A calendar date, YYYY-MM-DD, from 1900-01-01 to 2199-12-31.', examples: ['2025-03-31'] } as const;
export const nullableDateSchema = { type: ['string', 'null'], format: 'date' } as const;

export const idSchema = { type: 'string', minLength: 1, maxLength: 100 } as const;

/** A name, number or reference: at most the length imports allow too (TEXT_LIMITS), on one line. */
export function oneLineText<Max extends number>(maxLength: Max) {
  return { type: 'string', minLength: 1, maxLength, pattern: ONE_LINE_PATTERN } as const;
}

export function nullableOneLineText<Max extends number>(maxLength: Max) {
  return { type: ['string', 'null'], maxLength, pattern: ONE_LINE_PATTERN } as const;
}

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: idSchema },
} as const;

export const pageQueryProperties = {
  limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
  // Without a bound, offset=1e400 arrives as Infinity and reaches the database.
  offset: { type: 'integer', minimum: 0, maximum: 10_000_000, default: 0 },
} as const;

export function pageOf(item: object) {
  return {
    type: 'object',
    required: ['items', 'total', 'limit', 'offset'],
    properties: {
      items: { type: 'array', items: item },
      total: { type: 'integer', description: 'How many match the filters, across all pages.' },
      limit: { type: 'integer' },
      offset: { type: 'integer' },
    },
  } as const;
}

export function itemsOf(item: object) {
  return { type: 'object', required: ['items'], properties: { items: { type: 'array', items: item } } } as const;
}

export const customerLabelSchema = {
  type: 'object',
  required: ['id', 'reference', 'name'],
  properties: { id: { type: 'string' }, reference: { type: 'string' }, name: { type: 'string' } },
} as const;

export const warningsSchema = {
  type: 'array',
  description: 'Saved anyway, but worth a look: for example payment terms above the legal cap.',
  items: {
    type: 'object',
    required: ['code', 'field', 'message'],
    properties: { code: { type: 'string' }, field: { type: 'string' }, message: { type: 'string' } },
  },
} as const;

export const emptyResponse = { type: 'null', description: 'Done; nothing to return.' } as const;
