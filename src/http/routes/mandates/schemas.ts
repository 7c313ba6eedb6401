import { dateSchema, idSchema, moneySchema } from '../../schemas.js';

const bilingual = {
  type: 'object',
  required: ['en', 'fr'],
  properties: { en: { type: 'string' }, fr: { type: 'string' } },
} as const;

const mandateProperties = {
  id: { type: 'string' },
  customer: {
    type: 'object',
    required: ['id', 'name', 'external_ref'],
    properties: { id: { type: 'string' }, name: { type: 'string' }, external_ref: { type: 'string' } },
  },
  partner: {
    type: 'object',
    required: ['kind', 'organization_id', 'name', 'email'],
    properties: {
      kind: { type: 'string', enum: ['agency', 'outside'], description: 'agency: an agency organization on this instance, which works the case in Relance; outside: a partner sent the case file by email.' },
      organization_id: { type: ['string', 'null'] },
      name: { type: 'string' },
      email: { type: ['string', 'null'] },
    },
  },
  acting_as: { type: 'string', enum: ['creditor', 'agency'], description: "In whose name the partner writes to the customer: the creditor's, or its own." },
  fee_percent: { type: 'string', description: 'Fee on what is recovered, in percent: "15", "12.5".' },
  fee_fixed: moneySchema,
  starts_on: { type: 'string', format: 'date' },
  ends_on: { type: ['string', 'null'], format: 'date', description: 'Last day of the mandate; null: until ended or taken back.' },
  status: { type: 'string', enum: ['active', 'ended', 'taken_back'] },
  live: { type: 'boolean', description: "True today: the partner has access and the creditor's own reminders are paused." },
  closed_on: { type: ['string', 'null'], format: 'date' },
  step_id: { type: ['string', 'null'], description: 'The scenario step the case stood at when handed.' },
  overdue_days_at_handoff: { type: 'integer' },
  note: { type: ['string', 'null'] },
  handed: { ...moneySchema, description: 'The balance open on the handed invoices on the day of hand-off.' },
  recovered: { ...moneySchema, description: 'Paid on the handed invoices while the mandate lasted, whoever recorded it.' },
  outstanding: { ...moneySchema, description: 'Handed less recovered.' },
  fee: { ...moneySchema, description: "The partner's fee on what was recovered so far, fixed fee included." },
  recovery_rate_percent: { type: 'string', description: 'Recovered over handed, in percent.' },
} as const;

export const mandateSchema = { type: 'object', required: Object.keys(mandateProperties), properties: mandateProperties } as const;

export const mandateDetailSchema = {
  type: 'object',
  required: [...Object.keys(mandateProperties), 'activity', 'payments'],
  properties: {
    ...mandateProperties,
    activity: {
      type: 'array',
      description: "Every event of the customer's timeline since the hand-off, the partner's and the creditor's, and every message written under the mandate, oldest first.",
      items: {
        type: 'object',
        required: ['on', 'kind', 'summary', 'outbox_message_id'],
        properties: { on: { type: 'string', format: 'date' }, kind: { type: 'string' }, summary: bilingual, outbox_message_id: { type: ['string', 'null'] } },
      },
    },
    payments: {
      type: 'array',
      description: "Every payment of the customer received since the hand-off; recorded_by_partner when the partner recorded it under this mandate.",
      items: {
        type: 'object',
        required: ['id', 'reference', 'received_on', 'amount', 'recorded_by_partner'],
        properties: { id: { type: 'string' }, reference: { type: 'string' }, received_on: { type: 'string', format: 'date' }, amount: moneySchema, recorded_by_partner: { type: 'boolean' } },
      },
    },
  },
} as const;

export const mandateListSchema = { type: 'object', required: ['items'], properties: { items: { type: 'array', items: mandateSchema } } } as const;

export const mandateListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: ['active', 'ended', 'taken_back'] },
    customer_id: idSchema,
  },
} as const;

export const handOffBody = {
  type: 'object',
  additionalProperties: false,
  required: ['acting_as', 'fee_percent'],
  properties: {
    agency_organization_id: { ...idSchema, description: 'An agency on this instance (GET /api/partners); exactly one of this and partner_email.' },
    partner_name: { type: 'string', maxLength: 200, description: 'The outside partner (agency or lawyer), with partner_email.' },
    partner_email: { type: 'string', maxLength: 320, description: 'An outside partner, sent the case file (ZIP) by email.' },
    acting_as: { type: 'string', enum: ['creditor', 'agency'] },
    fee_percent: { type: 'string', maxLength: 12, description: 'Fee on what is recovered, in percent, at most two decimals: "15", "12.5".' },
    fee_fixed: { ...moneySchema, description: "A fixed fee per case, in the creditor's currency." },
    ends_on: { anyOf: [dateSchema, { type: 'null' }], description: 'Last day of the mandate, today or later; null or left out: until ended or taken back.' },
    note: { type: ['string', 'null'], maxLength: 2000 },
  },
} as const;

export const partnerListSchema = {
  type: 'object',
  required: ['items'],
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name', 'legal_name', 'country'],
        properties: { id: { type: 'string' }, name: { type: 'string' }, legal_name: { type: 'string' }, country: { type: 'string' } },
      },
    },
  },
} as const;
