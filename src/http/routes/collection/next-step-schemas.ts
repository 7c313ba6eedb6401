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
