import { dateSchema } from '../../schemas.js';

export const simulationBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    days: { type: 'integer', minimum: 1, maximum: 366, default: 90 },
    from: { ...dateSchema, description: "First day replayed; today in the organization's time zone when left out." },
    scenarios: {
      type: 'array',
      minItems: 1,
      maxItems: 2,
      default: [null],
      description: 'One replay per entry, side by side: a scenario id set by hand on every customer, or null for the scenarios the customers have now.',
      items: { type: ['string', 'null'], minLength: 1, maxLength: 100 },
    },
    seed: { type: 'integer', minimum: 0, maximum: 4294967295, default: 1 },
  },
} as const;
