import { CHANNELS, MESSAGE_LANGUAGES, SENDER_IDENTITIES } from '../../../core/scenarios/scenario.js';
import { itemsOf } from '../../schemas.js';

const bilingualSchema = { type: 'object', required: ['fr', 'en'], properties: { fr: { type: 'string' }, en: { type: 'string' } } } as const;

const stepSchema = {
  type: 'object',
  required: ['id', 'name', 'offset_days', 'channel', 'sender', 'templates', 'requires_approval', 'states_late_fees', 'notify_owner_before_days'],
  properties: {
    id: { type: 'string' },
    name: bilingualSchema,
    offset_days: { type: 'integer', description: 'Days from the due date; negative before it.' },
    channel: { type: 'string', enum: [...CHANNELS] },
    sender: { type: 'string', enum: [...SENDER_IDENTITIES] },
    templates: {
      type: 'object',
      description: 'Template id per message language.',
      properties: Object.fromEntries(MESSAGE_LANGUAGES.map((language) => [language, { type: 'string' }])),
    },
    requires_approval: { type: 'boolean', description: 'A person approves the step before it goes out.' },
    states_late_fees: { type: 'boolean' },
    notify_owner_before_days: { type: 'integer' },
  },
} as const;

export const scenarioSchema = {
  type: 'object',
  required: ['id', 'name', 'description', 'source', 'steps'],
  properties: {
    id: { type: 'string' },
    name: bilingualSchema,
    description: { anyOf: [bilingualSchema, { type: 'null' }] },
    source: { type: 'string', enum: ['built_in', 'custom'], description: "custom: the organization's own, which replaces a built-in one of the same id." },
    steps: { type: 'array', items: stepSchema },
  },
} as const;

export const scenarioListResponse = itemsOf(scenarioSchema);
