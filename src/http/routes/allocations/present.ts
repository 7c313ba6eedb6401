import { toMoneyJson } from '../../../core/money.js';
import type { AllocationView } from '../../../adapters/db/stores/documents.js';
import { dateSchema, moneySchema } from '../../schemas.js';

export function allocationJson(a: AllocationView) {
  return {
    id: a.id,
    customer_id: a.customer_id,
    invoice_id: a.invoice_id,
    invoice_number: a.invoice_number,
    payment_id: a.payment_id,
    payment_reference: a.payment_reference,
    credit_note_id: a.credit_note_id,
    credit_note_number: a.credit_note_number,
    amount: toMoneyJson(a.amount_minor, a.currency),
    allocated_on: a.allocated_on,
    note: a.note,
    created_at: a.created_at,
  };
}

const nullableString = { type: ['string', 'null'] } as const;

export const allocationSchema = {
  type: 'object',
  required: ['id', 'customer_id', 'invoice_id', 'payment_id', 'credit_note_id', 'amount', 'allocated_on', 'note'],
  properties: {
    id: { type: 'string' },
    customer_id: { type: 'string' },
    invoice_id: { ...nullableString, description: 'Null when the invoice settled lies outside Relance (older than an imported ledger).' },
    invoice_number: nullableString,
    payment_id: nullableString,
    payment_reference: nullableString,
    credit_note_id: nullableString,
    credit_note_number: nullableString,
    amount: moneySchema,
    allocated_on: dateSchema,
    note: nullableString,
    created_at: { type: 'string' },
  },
} as const;
