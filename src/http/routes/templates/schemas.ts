import { MESSAGE_LANGUAGES } from '../../../core/scenarios/scenario.js';
import { itemsOf } from '../../schemas.js';

const languageSchema = { type: 'string', enum: [...MESSAGE_LANGUAGES] } as const;
const bilingualSchema = { type: 'object', required: ['fr', 'en'], properties: { fr: { type: 'string' }, en: { type: 'string' } } } as const;

export const templateSchema = {
  type: 'object',
  required: ['id', 'template', 'language', 'partial', 'formal', 'text'],
  properties: {
    id: { type: 'string', description: 'The file name without .liquid: `firm-reminder.fr`.', examples: ['firm-reminder.fr'] },
    template: { type: 'string', description: 'The template id the scenario steps name.', examples: ['firm-reminder'] },
    language: languageSchema,
    partial: { type: 'boolean', description: 'A block included by the other templates (its file name starts with _).' },
    formal: { type: 'boolean', description: 'Sent by a formal-notice or hand-off step, where stating legal consequences is expected.' },
    text: { type: 'string' },
  },
} as const;

export const templateListResponse = itemsOf(templateSchema);

export const toneCheckBody = {
  type: 'object',
  required: ['text', 'language'],
  additionalProperties: false,
  properties: {
    text: { type: 'string', maxLength: 100_000 },
    language: { ...languageSchema, description: 'The language the template is written in: only its wording rules apply.' },
    formal: { type: 'boolean', default: false, description: 'A formal notice or hand-off: legal consequences are not flagged as threats.' },
  },
} as const;

export const toneCheckResponse = {
  type: 'object',
  required: ['hints'],
  properties: {
    hints: {
      type: 'array',
      items: {
        type: 'object',
        required: ['category', 'text', 'line', 'column', 'suggestion', 'why'],
        properties: {
          category: { type: 'string', enum: ['vague', 'apologetic', 'accusatory', 'threatening'] },
          text: { type: 'string', description: 'The words as written.' },
          line: { type: 'integer' },
          column: { type: 'integer' },
          suggestion: { type: 'string', description: 'A neutral wording, in the language of the template.' },
          why: bilingualSchema,
        },
      },
    },
  },
} as const;
