import { INSTALMENT_INTERVALS, MAX_INSTALMENTS } from '../../../core/collection/instalment-schedule.js';
import { dateSchema } from '../../schemas.js';

export const invoiceRemindersBody = {
  type: 'object',
  required: ['excluded'],
  additionalProperties: false,
  properties: {
    excluded: { type: 'boolean', description: 'true leaves the invoice out of every reminder; false reminds it again.' },
    reason: { type: ['string', 'null'], maxLength: 500, description: 'Why it is left out; required when excluded is true.' },
  },
} as const;

export interface InvoiceRemindersBody {
  excluded: boolean;
  reason?: string | null;
}

export const paymentPlanProposalQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    instalments: { type: 'integer', minimum: 1, maximum: MAX_INSTALMENTS, default: 3, description: 'How many instalments.' },
    first_due_date: { ...dateSchema, description: 'The first instalment; a month from today when left out.' },
    every: { type: 'string', enum: [...INSTALMENT_INTERVALS], default: 'month', description: 'How far apart the instalments fall.' },
    invoice_numbers: { type: 'string', description: 'Comma-separated; left out: every invoice open today.' },
  },
} as const;

export interface PaymentPlanProposalQuery {
  instalments: number;
  first_due_date?: string;
  every: (typeof INSTALMENT_INTERVALS)[number];
  invoice_numbers?: string;
}
