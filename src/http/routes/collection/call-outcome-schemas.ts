import { DEFAULT_CALL_RETRY_BUSINESS_DAYS } from '../../../core/collection/call-attempts.js';
import { DISPUTE_REASONS } from '../../../adapters/db/stores/collection-pauses.js';
import { dateSchema } from '../../schemas.js';

const note = { type: ['string', 'null'], maxLength: 2000 } as const;
const outcome = (value: string, description: string) => ({ type: 'string', const: value, description }) as const;

// One branch per outcome, picked by `outcome` (a discriminator), so an error names the fields
// of the outcome sent rather than those of every branch.
export const callOutcomeBody = {
  type: 'object',
  required: ['outcome'],
  discriminator: { propertyName: 'outcome' },
  oneOf: [
    {
      type: 'object',
      title: 'reached',
      required: ['outcome', 'note'],
      additionalProperties: false,
      properties: { outcome: outcome('reached', 'The customer was reached; the note says what was said.'), note: { type: 'string', minLength: 1, maxLength: 2000 } },
    },
    {
      type: 'object',
      title: 'promise',
      required: ['outcome', 'promised_on'],
      additionalProperties: false,
      properties: {
        outcome: outcome('promise', 'The customer promised to pay: the invoices promised are silent until the date plus grace.'),
        promised_on: dateSchema,
        grace_days: { type: 'integer', minimum: 0, maximum: 30 },
        invoice_numbers: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Left out: every invoice open today.' },
        note,
      },
    },
    {
      type: 'object',
      title: 'dispute',
      required: ['outcome', 'invoice_number', 'reason'],
      additionalProperties: false,
      properties: {
        outcome: outcome('dispute', 'The customer disputes an invoice: it is no longer reminded and a dispute task is opened.'),
        invoice_number: { type: 'string', minLength: 1, maxLength: 100 },
        reason: { type: 'string', enum: [...DISPUTE_REASONS] },
        note,
      },
    },
    {
      type: 'object',
      title: 'no_answer',
      required: ['outcome'],
      additionalProperties: false,
      properties: {
        outcome: outcome('no_answer', 'Nobody answered: another attempt is planned, up to three in all.'),
        retry_in_days: { type: 'integer', minimum: 1, maximum: 20, default: DEFAULT_CALL_RETRY_BUSINESS_DAYS, description: 'Business days until the next attempt.' },
        note,
      },
    },
  ],
} as const;

export type CallOutcomeBody =
  | { outcome: 'reached'; note: string }
  | { outcome: 'promise'; promised_on: string; grace_days?: number; invoice_numbers?: string[]; note?: string | null }
  | { outcome: 'dispute'; invoice_number: string; reason: string; note?: string | null }
  | { outcome: 'no_answer'; retry_in_days?: number; note?: string | null };
