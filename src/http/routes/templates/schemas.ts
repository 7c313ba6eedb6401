import { MESSAGE_LANGUAGES } from '../../../core/scenarios/scenario.js';
import { customerLabelSchema, dateSchema, idSchema, itemsOf, moneySchema } from '../../schemas.js';

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
    text: { type: 'string', description: 'The built-in text, as shipped in templates/.' },
    override: {
      description: "The organization's own text, which its messages use instead of the built-in one; null when it has none.",
      anyOf: [
        {
          type: 'object',
          required: ['text', 'updated_at', 'updated_by'],
          properties: {
            text: { type: 'string' },
            updated_at: { type: 'string', format: 'date-time' },
            updated_by: { type: ['string', 'null'], description: 'The user who saved it; null when an API key did.' },
          },
        },
        { type: 'null' },
      ],
    },
  },
} as const;

export const templateListResponse = itemsOf(templateSchema);

export const templateParams = {
  type: 'object',
  required: ['id', 'language'],
  properties: {
    id: { ...idSchema, description: 'The template id, without language: `firm-reminder`.', examples: ['firm-reminder'] },
    language: languageSchema,
  },
} as const;

export const saveTemplateBody = {
  type: 'object',
  required: ['text'],
  additionalProperties: false,
  properties: {
    text: { type: 'string', minLength: 1, maxLength: 100_000, description: 'The Liquid text, in sections (docs/templates.md). It must render against a sample context with no unknown variable.' },
  },
} as const;

export const previewBody = {
  type: 'object',
  required: ['text', 'language', 'customer_id'],
  additionalProperties: false,
  properties: {
    text: { type: 'string', maxLength: 100_000, description: 'The Liquid text being edited; it need not be saved.' },
    language: { ...languageSchema, description: 'The language the text is written in: amounts and dates are formatted for it.' },
    customer_id: { ...idSchema, description: 'The customer whose invoices, balance and late fees fill the message.' },
    step_id: { ...idSchema, description: "A step of the customer's scenario to write as (it decides the late fees and which invoices are listed)." },
    template: { ...idSchema, description: 'The template id being edited (`firm-reminder`): without step_id, a step that sends it is used.' },
    as_of: { ...dateSchema, description: 'The day the message would be written; today in the organization by default.' },
  },
} as const;

const toneHintsSchema = {
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
} as const;

const listedInvoiceSchema = {
  type: 'object',
  required: ['number', 'due_date', 'days_overdue', 'open'],
  properties: { number: { type: 'string' }, due_date: dateSchema, days_overdue: { type: 'integer' }, open: moneySchema },
} as const;

export const previewResponse = {
  type: 'object',
  required: ['as_of', 'customer', 'scenario_id', 'step', 'invoices', 'balance', 'late_fees', 'nothing_to_remind', 'variables', 'subject', 'text', 'html', 'hints'],
  properties: {
    nothing_to_remind: {
      type: 'boolean',
      description: 'True when the customer owes nothing a message could list: no reminder would go out. The sections are then null unless the text needs no invoice.',
    },
    variables: {
      type: 'array',
      description: "The variables the text can use, with what to insert and this customer's value as the message prints it ('' when it has none).",
      items: {
        type: 'object',
        required: ['name', 'kind', 'insert', 'example'],
        properties: { name: { type: 'string' }, kind: { type: 'string', enum: ['text', 'number', 'date', 'money', 'list'] }, insert: { type: 'string' }, example: { type: 'string' } },
      },
    },
    as_of: dateSchema,
    customer: customerLabelSchema,
    scenario_id: { type: ['string', 'null'] },
    step: {
      description: 'The step the message is written as; null when no step is due and none was named.',
      anyOf: [{ type: 'object', required: ['id', 'channel'], properties: { id: { type: 'string' }, channel: { type: 'string' } } }, { type: 'null' }],
    },
    invoices: { type: 'array', items: listedInvoiceSchema, description: 'The invoices the message lists, oldest first, as the collection run would list them.' },
    balance: moneySchema,
    late_fees: {
      description: 'Late interest and indemnity the message states; null when the step states none.',
      anyOf: [
        {
          type: 'object',
          required: ['interest', 'indemnity', 'total', 'amount_due'],
          properties: { interest: moneySchema, indemnity: moneySchema, total: moneySchema, amount_due: moneySchema },
        },
        { type: 'null' },
      ],
    },
    subject: { type: ['string', 'null'] },
    text: { type: ['string', 'null'] },
    html: { type: ['string', 'null'], description: 'Show it in a sandboxed frame: it is the message as the customer would receive it.' },
    hints: toneHintsSchema,
  },
} as const;

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

export const toneCheckResponse = { type: 'object', required: ['hints'], properties: { hints: toneHintsSchema } } as const;
