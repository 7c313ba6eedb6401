import { RISK_LEVELS } from '../../../core/scenarios/scenario.js';
import { scenarioSchema } from '../scenarios/schemas.js';
import { dateSchema, idSchema, itemsOf, moneySchema } from '../../schemas.js';
import { debtorPolicySchema } from '../debtor-requests/schemas.js';

export { scenarioSchema };

const conditionsSchema = {
  type: 'object',
  required: ['min_balance', 'segments', 'risk_levels'],
  description: 'When the step applies at all; an empty list means any.',
  properties: {
    min_balance: { ...moneySchema, description: "The remindable balance must reach this amount, in the organization's currency." },
    segments: { type: 'array', items: { type: 'string' } },
    risk_levels: { type: 'array', items: { type: 'string', enum: [...RISK_LEVELS] } },
  },
} as const;

const stepSchema = scenarioSchema.properties.steps.items;

/** A scenario with every field of its steps, conditions included. */
export const scenarioDefinitionSchema = {
  ...scenarioSchema,
  properties: {
    ...scenarioSchema.properties,
    steps: {
      type: 'array',
      items: { ...stepSchema, required: [...stepSchema.required, 'conditions'], properties: { ...stepSchema.properties, conditions: conditionsSchema } },
    },
  },
} as const;

export const scenarioDefinitionList = itemsOf(scenarioDefinitionSchema);

export const createOnlyHeaders = {
  type: 'object',
  properties: {
    'if-none-match': { type: 'string', enum: ['*'], description: '"*": create only; a scenario that already has this id (own or built in) is left as it is and the answer is 409.' },
  },
} as const;

const hhmm = { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'Local time, HH:MM.' } as const;

/** The scenario document itself is checked by `validateScenario`, which names every wrong field. */
export const scenarioDocumentBody = {
  type: 'object',
  description:
    'A scenario in the schema of docs/scenarios.md (id, name, description, steps with offset_days, channel, template…). A step\'s conditions may give the minimum balance as money, min_balance: {"amount": "150.00", "currency": "EUR"} in the organization\'s currency, instead of min_balance_minor.',
} as const;

export const scenarioImportBody = {
  description: 'The scenario as YAML or JSON text (Content-Type text/plain, application/yaml or application/json).',
  type: ['string', 'object'],
} as const;

const ruleSchema = {
  type: 'object',
  required: ['scenario_id'],
  additionalProperties: false,
  properties: {
    scenario_id: idSchema,
    segments: { type: 'array', items: { type: 'string', minLength: 1 } },
    risk_levels: { type: 'array', items: { type: 'string', enum: [...RISK_LEVELS] } },
    min_balance: moneySchema,
    max_balance: moneySchema,
  },
} as const;

export const rulesBody = {
  type: 'object',
  required: ['items'],
  additionalProperties: false,
  properties: { items: { type: 'array', maxItems: 200, items: ruleSchema, description: 'Tried in order; the first match wins.' } },
} as const;

export const rulesResponse = { type: 'object', required: ['items'], properties: { items: { type: 'array', items: ruleSchema } } } as const;

export const customerScenarioBody = {
  type: 'object',
  required: ['scenario_id'],
  additionalProperties: false,
  properties: { scenario_id: { anyOf: [idSchema, { type: 'null' }], description: 'null: back to the assignment rules.' } },
} as const;

const settingsProperties = {
  minimum_balance: moneySchema,
  minimum_gap_days: { type: 'integer', minimum: 0, maximum: 365 },
  business_hours: {
    type: 'object',
    required: ['start', 'end'],
    additionalProperties: false,
    properties: { start: hhmm, end: hhmm },
  },
  daily_run_time: hhmm,
  thank_you_enabled: { type: 'boolean' },
  attach_statement: { type: 'boolean', description: "Collection emails carry the customer's statement PDF (not thank-you emails)." },
  default_scenario_id: idSchema,
  sender_name: { type: ['string', 'null'], maxLength: 100, description: "Who signs the messages; null or empty: the organization's name." },
  sender_email: { type: ['string', 'null'], maxLength: 200, description: 'The address messages come from and give to answer; null: none given.' },
  sender_phone: { type: ['string', 'null'], maxLength: 30, description: 'The number messages give to call; null: none given.' },
  reply_to: { type: ['string', 'null'], maxLength: 200, description: 'Where answers to emails go, when not to sender_email.' },
  agency_name: { type: ['string', 'null'], maxLength: 100, description: 'The agency or lawyer that steps with the `agency` sender sign as; null: they sign as the accounts team.' },
  agency_email: { type: ['string', 'null'], maxLength: 200 },
  agency_phone: { type: ['string', 'null'], maxLength: 30 },
  handoff_minimum: { ...moneySchema, description: 'Below this overdue balance a case is not handed off: a person decides on a small claim or a write-off.' },
  formal_notice_min_reminders: { type: 'integer', minimum: 0, maximum: 10, description: 'Reminders that must have gone out in a case before a formal notice.' },
  approval_threshold: { anyOf: [moneySchema, { type: 'null' }], description: 'Steps that need approval go without it below this balance; null: approval always.' },
  rejection_hold_days: { type: 'integer', minimum: 1, maximum: 365, description: 'Days a rejected step waits before it is proposed again.' },
  handoff_partner: {
    description: 'The agency on this instance the scenario’s hand-off step hands a case to by itself, and the terms of the mandate; null: the step leaves a task for a person, who hands the case with the hand-off form.',
    anyOf: [
      {
        type: 'object',
        additionalProperties: false,
        required: ['agency_organization_id', 'acting_as', 'fee_percent'],
        properties: {
          agency_organization_id: idSchema,
          acting_as: { type: 'string', enum: ['creditor', 'agency'] },
          fee_percent: { type: 'string', maxLength: 12, description: 'Fee on what is recovered, in percent: "15", "12.5".' },
          fee_fixed: moneySchema,
          term_days: { type: ['integer', 'null'], minimum: 1, maximum: 3650, description: 'The mandate lasts this many days; null: until ended or taken back.' },
        },
      },
      { type: 'null' },
    ],
  },
  debtor_page_policy: debtorPolicySchema,
} as const;

export const settingsBody = { type: 'object', additionalProperties: false, properties: settingsProperties } as const;

export const settingsResponse = {
  type: 'object',
  required: Object.keys(settingsProperties),
  properties: settingsProperties,
} as const;

export const simulationQuery = {
  type: 'object',
  properties: {
    days: { type: 'integer', minimum: 1, maximum: 90, default: 30 },
    as_of: dateSchema,
  },
} as const;
