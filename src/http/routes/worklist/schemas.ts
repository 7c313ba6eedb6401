import { RISK_LEVELS } from '../../../core/scenarios/scenario.js';
import { WORK_KINDS } from '../../../core/worklist/rank-worklist.js';
import { customerLabelSchema, dateSchema, idSchema, moneySchema, pageQueryProperties } from '../../schemas.js';

const bilingual = { type: 'object', required: ['en', 'fr'], properties: { en: { type: 'string' }, fr: { type: 'string' } } } as const;

export const worklistQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    as_of: { ...dateSchema, description: 'Default: today in the organization time zone.' },
    owner: { ...idSchema, description: '"me" for the caller\'s work, "unassigned" for work nobody is responsible for, or a user id. The person responsible is the task\'s assignee, else the customer\'s account owner.' },
    kind: { type: 'string', enum: [...WORK_KINDS] },
    segment: { type: 'string', minLength: 1, maxLength: 100 },
    ...pageQueryProperties,
    limit: { ...pageQueryProperties.limit, minimum: 0, description: '0 answers the counts and the total alone, with no line: quicker, for a summary such as the dashboard’s.' },
  },
} as const;

const line = {
  type: 'object',
  required: ['key', 'kind', 'task_id', 'attempt', 'customer', 'owner_user_id', 'amount', 'days_late', 'due_on', 'risk', 'expected', 'why', 'ranking', 'action'],
  properties: {
    key: { type: 'string', description: 'Stable across calls: the task id, or the kind and the customer for a broken promise or plan.' },
    kind: { type: 'string', enum: [...WORK_KINDS] },
    task_id: { type: ['string', 'null'] },
    attempt: { type: ['integer', 'null'], description: "A call's attempt number; 2 and more are retries." },
    customer: { ...customerLabelSchema, properties: { ...customerLabelSchema.properties, segment: { type: ['string', 'null'] } } },
    owner_user_id: { type: ['string', 'null'], description: "The task's assignee, else the customer's account owner." },
    amount: { ...moneySchema, description: 'At stake: what a held step asks for, else what is overdue on the customer.' },
    days_late: { type: 'integer', description: "Days the customer's oldest overdue invoice is late." },
    due_on: dateSchema,
    risk: {
      type: 'object',
      required: ['level', 'invoices_considered', 'late_count', 'likelihood'],
      properties: {
        level: { type: 'string', enum: [...RISK_LEVELS] },
        invoices_considered: { type: 'integer' },
        late_count: { type: 'integer' },
        likelihood: { type: 'number', description: 'Chance of paying late, 0 to 1: (late + 3 × prior) / (considered + 3), the prior being 0.2, 0.5 or 0.8 by risk level.' },
      },
    },
    expected: { ...moneySchema, description: 'Expected cash impact: amount × likelihood. The list is ordered by it.' },
    why: bilingual,
    ranking: { ...bilingual, description: 'The expected impact worked out in words.' },
    action: {
      type: 'object',
      required: ['action'],
      description: 'The one-click action: approve (POST /api/tasks/{id}/approve), call (POST /api/tasks/{id}/call-outcome), answer_dispute, fix_delivery and open_task (the task inbox), open_customer (the customer page).',
      properties: {
        action: { type: 'string', enum: ['approve', 'call', 'answer_dispute', 'fix_delivery', 'open_task', 'open_customer'] },
        task_id: { type: 'string' },
        customer_id: { type: 'string' },
      },
    },
  },
} as const;

export const worklistResponse = {
  type: 'object',
  required: ['as_of', 'total', 'limit', 'offset', 'counts', 'figures_computed_at', 'ranking_rule', 'items'],
  properties: {
    as_of: dateSchema,
    total: { type: 'integer', description: 'Lines matching the filters, across all pages.' },
    limit: { type: 'integer' },
    offset: { type: 'integer' },
    counts: {
      type: 'object',
      description: "Lines per kind today, with the owner and segment filters but whatever the kind filter.",
      required: [...WORK_KINDS],
      properties: Object.fromEntries(WORK_KINDS.map((kind) => [kind, { type: 'integer' }])),
    },
    figures_computed_at: {
      type: ['string', 'null'],
      format: 'date-time',
      description: "When the day's collection run worked out the amounts at stake, days late and risk of the lines given (the earliest if several): a payment recorded since shows from the next run. Null when every line was worked out from the ledger as it stands.",
    },
    ranking_rule: bilingual,
    items: { type: 'array', items: line },
  },
} as const;
