import { AGENCY_TEMPLATE_IDS } from '../../../app/agency/agency-run-templates.js';
import { CASE_MESSAGE_SUBJECT_MAX, CASE_MESSAGE_TEXT_MAX } from '../../../app/agency/send-case-message.js';
import { MESSAGE_LANGUAGES } from '../../../core/scenarios/scenario.js';

export const caseMessageBody = {
  type: 'object',
  required: ['subject', 'text'],
  additionalProperties: false,
  properties: {
    subject: { type: 'string', minLength: 1, maxLength: CASE_MESSAGE_SUBJECT_MAX },
    text: { type: 'string', minLength: 1, maxLength: CASE_MESSAGE_TEXT_MAX, description: 'Plain text; the agency’s signature (in its own name) or the debtor-page link (in the creditor’s) is added below it.' },
  },
} as const;

const party = {
  type: 'object',
  required: ['name', 'email'],
  properties: { name: { type: ['string', 'null'] }, email: { type: ['string', 'null'] } },
} as const;

const words = { type: 'object', required: ['en', 'fr'], properties: { en: { type: 'string' }, fr: { type: 'string' } } } as const;

export const caseMessageSchema = {
  type: 'object',
  required: ['id', 'status', 'sender', 'recipient', 'subject'],
  properties: {
    id: { type: 'string', description: 'The outbox message, in the creditor’s outbox.' },
    status: { type: 'string', description: 'queued, sending, sent, kept, failed, unknown or cancelled.' },
    sender: party,
    recipient: party,
    subject: { type: 'string' },
  },
} as const;

export const caseMessagePreviewQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    template: { type: 'string', enum: [...AGENCY_TEMPLATE_IDS], description: 'Also render this letter of the agency’s scenario, with its own text where it wrote one, as it would go today.' },
  },
} as const;

export const caseMessagePreviewSchema = {
  type: 'object',
  required: ['acting_as', 'language', 'sender', 'recipient', 'signature', 'problem', 'draft'],
  properties: {
    acting_as: { type: 'string', enum: ['creditor', 'agency'] },
    language: { type: 'string', enum: ['fr', 'en', 'nl', 'de'], description: 'The customer’s language, the one to write in.' },
    sender: party,
    recipient: { anyOf: [party, { type: 'null' }] },
    signature: { type: ['string', 'null'], description: 'The closing line added under a message in the agency’s own name.' },
    problem: { anyOf: [words, { type: 'null' }], description: 'Why nothing can be sent yet, in words; null when a message can go.' },
    draft: {
      anyOf: [{ type: 'object', required: ['subject', 'text'], properties: { subject: { type: 'string' }, text: { type: 'string' } } }, { type: 'null' }],
      description: 'The asked step’s text, as the agency’s scenario would send it today.',
    },
  },
} as const;

export const agencyTemplateParams = {
  type: 'object',
  required: ['id', 'language'],
  // The id is checked by the use case, after the caller is known to be an agency: anyone else learns nothing.
  properties: { id: { type: 'string', minLength: 1, maxLength: 100, description: `One of ${AGENCY_TEMPLATE_IDS.join(', ')}.` }, language: { type: 'string', enum: [...MESSAGE_LANGUAGES] } },
} as const;

export const agencyTemplateBody = {
  type: 'object',
  required: ['text'],
  additionalProperties: false,
  properties: { text: { type: 'string', minLength: 1, maxLength: 100_000, description: 'Liquid, with a `--- subject` and a `--- text` section.' } },
} as const;

export const agencyTemplateSchema = {
  type: 'object',
  required: ['id', 'template', 'language', 'text', 'override'],
  properties: {
    id: { type: 'string', examples: ['agency-reminder.fr'] },
    template: { type: 'string', enum: [...AGENCY_TEMPLATE_IDS] },
    language: { type: 'string', enum: [...MESSAGE_LANGUAGES] },
    text: { type: 'string', description: 'The built-in text.' },
    override: {
      anyOf: [{ type: 'object', required: ['text', 'updated_at'], properties: { text: { type: 'string' }, updated_at: { type: 'string' } } }, { type: 'null' }],
      description: 'The agency’s own text, used in place of the built-in one; null when it wrote none.',
    },
  },
} as const;

export const agencyTemplateList = { type: 'object', required: ['items'], properties: { items: { type: 'array', items: agencyTemplateSchema } } } as const;
