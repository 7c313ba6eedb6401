export const holidayCalendarResponse = {
  type: 'object',
  required: ['country', 'region', 'regions'],
  properties: {
    country: { type: 'string', description: 'ISO 3166 country whose public holidays apply' },
    region: { type: ['string', 'null'], description: 'the region whose holidays apply instead, as date-holidays names it ("57" for Moselle); null for the whole country' },
    regions: {
      type: 'array',
      items: { type: 'object', required: ['code', 'name'], properties: { code: { type: 'string' }, name: { type: 'string' } } },
    },
  },
} as const;

export const holidayCalendarBody = {
  type: 'object',
  required: ['region'],
  additionalProperties: false,
  properties: { region: { type: ['string', 'null'], maxLength: 10 } },
} as const;
