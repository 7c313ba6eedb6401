export const bankAccountSchema = {
  type: 'object',
  required: ['id', 'iban', 'iban_display', 'bic', 'currency', 'label', 'printed'],
  properties: {
    id: { type: 'string' },
    iban: { type: 'string', description: 'Electronic form: capitals, no spaces.' },
    iban_display: { type: 'string', description: 'In groups of four, as banks print it.' },
    bic: { type: ['string', 'null'] },
    currency: { type: 'string' },
    label: { type: 'string' },
    printed: { type: 'boolean', description: 'The account customers are asked to pay into: the one messages, letters and statements print (the first).' },
  },
} as const;

export const bankAccountListSchema = {
  type: 'object',
  required: ['items'],
  properties: { items: { type: 'array', items: bankAccountSchema } },
} as const;

export const newBankAccountBody = {
  type: 'object',
  additionalProperties: false,
  required: ['iban'],
  properties: {
    iban: { type: 'string', maxLength: 50, description: 'With or without spaces; checked (country, length, check digits).' },
    bic: { type: ['string', 'null'], maxLength: 15 },
    currency: { type: ['string', 'null'], maxLength: 3, description: "ISO 4217; the organization's currency when left out." },
    label: { type: ['string', 'null'], maxLength: 60, description: 'A name for people: "main", "USD account"…' },
  },
} as const;
