import { CASE_MESSAGE_SUBJECT_MAX, CASE_MESSAGE_TEXT_MAX } from '../../../app/agency/send-case-message.js';

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
    template: { type: 'string', enum: ['agency_first_letter', 'agency_reminder', 'agency_last_notice'], description: 'Also render this step of the agency’s scenario, as it would go today.' },
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
