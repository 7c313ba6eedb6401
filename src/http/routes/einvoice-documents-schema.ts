/** The documents an e-invoice import read, in its report (`kind: einvoice` only). */
export const einvoiceDocumentsSchema = {
  type: 'array',
  description: 'E-invoice imports only: each document read, in file order, whether it was created or already recorded.',
  items: {
    type: 'object',
    required: ['file', 'kind', 'number', 'issue_date', 'due_date', 'currency', 'total', 'amount_due', 'buyer_name', 'buyer_ids'],
    properties: {
      file: { type: 'string' },
      kind: { type: 'string', enum: ['invoice', 'credit_note'] },
      number: { type: 'string', description: 'BT-1.' },
      issue_date: { type: 'string', format: 'date', description: 'BT-2.' },
      due_date: {
        type: ['string', 'null'],
        description: 'BT-9 as written; when the file has none (Factur-X MINIMUM), from the customer’s payment terms, else the organization’s. Null for a credit note.',
      },
      currency: { type: 'string' },
      total: { type: 'string', description: 'BT-112, the grand total, as a decimal string.' },
      amount_due: { type: 'string', description: 'BT-115, the grand total less what was prepaid: the amount collected.' },
      buyer_name: { type: 'string' },
      buyer_ids: {
        type: 'array',
        description: 'The buyer’s identifiers, strongest first: scheme siret, siren, vat, gln, or the ISO 6523 code as given.',
        items: { type: 'object', required: ['scheme', 'value'], properties: { scheme: { type: 'string' }, value: { type: 'string' } } },
      },
    },
  },
} as const;
