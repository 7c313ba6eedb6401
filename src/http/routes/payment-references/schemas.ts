const scheme = {
  type: 'string',
  enum: ['structured_communication', 'creditor_reference'],
  description: 'structured_communication: the Belgian +++123/4567/89002+++; creditor_reference: the ISO 11649 RF18 5390 0754 7034.',
} as const;

export const paymentReferencesBody = {
  type: 'object',
  additionalProperties: false,
  required: ['scheme'],
  properties: { scheme: { ...scheme, type: ['string', 'null'], enum: [...scheme.enum, null], description: `${scheme.description} null: the country's default.` } },
} as const;

export const paymentReferencesResponse = {
  type: 'object',
  required: ['scheme', 'chosen', 'country_default'],
  properties: {
    scheme,
    chosen: { type: 'boolean', description: "False while the organization follows its country's default." },
    country_default: scheme,
  },
} as const;
