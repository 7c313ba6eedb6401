const bankDetailsProperties = {
  iban: { type: ['string', 'null'], maxLength: 50, description: 'Printed in groups of four on every message and statement; null: no bank details (messages then leave the bank block out).' },
  bic: { type: ['string', 'null'], maxLength: 15 },
  account_holder: { type: ['string', 'null'], maxLength: 140, description: "Whom transfers are made out to; null: the organization's legal name." },
} as const;

export const bankDetailsBody = { type: 'object', additionalProperties: false, properties: bankDetailsProperties } as const;

export const bankDetailsResponse = {
  type: 'object',
  required: ['iban', 'bic', 'account_holder', 'beneficiary'],
  properties: {
    ...bankDetailsProperties,
    beneficiary: { type: ['string', 'null'], description: 'The name messages print as beneficiary: the account holder, else the legal name; null without bank details.' },
  },
} as const;
