import { TASK_KINDS } from '../../../adapters/db/stores/collection-tasks.js';
import { TASK_SORTS } from '../../../adapters/db/stores/task-inbox.js';
import { DISPUTE_REASONS, DISPUTE_RESOLUTIONS } from '../../../adapters/db/stores/collection-pauses.js';
import { dateSchema, idSchema, moneySchema } from '../../schemas.js';

export const asOfQuery = { type: 'object', properties: { as_of: dateSchema } } as const;

const note = { type: ['string', 'null'], maxLength: 2000 } as const;

export const disputeBody = {
  type: 'object',
  required: ['reason'],
  additionalProperties: false,
  properties: {
    invoice_id: idSchema,
    invoice_number: { type: 'string', minLength: 1, maxLength: 100 },
    reason: { type: 'string', enum: [...DISPUTE_REASONS] },
    note,
  },
} as const;

export const resolveDisputeBody = {
  type: 'object',
  required: ['resolution'],
  additionalProperties: false,
  properties: { resolution: { type: 'string', enum: [...DISPUTE_RESOLUTIONS] }, note },
} as const;

export const promiseBody = {
  type: 'object',
  required: ['promised_on'],
  additionalProperties: false,
  properties: {
    promised_on: dateSchema,
    amount: { ...moneySchema, description: 'What the customer said they would pay, for the record; left out when not said.' },
    grace_days: { type: 'integer', minimum: 0, maximum: 30 },
    invoice_numbers: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Left out: every invoice open today.' },
    note,
  },
} as const;

export const paymentClaimBody = {
  type: 'object',
  required: ['paid_on'],
  additionalProperties: false,
  properties: {
    paid_on: { ...dateSchema, description: 'The day the customer says it paid: today or earlier.' },
    amount: { ...moneySchema, description: 'What the customer says it paid, for the record; left out when not said.' },
    reference: { type: 'string', maxLength: 140, description: 'The transfer reference the customer gave, for the record.' },
    search_days: { type: 'integer', minimum: 0, maximum: 30, description: 'Days the payment is looked for before reminders resume (7 by default).' },
    invoice_numbers: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Left out: every invoice open today.' },
    note,
  },
} as const;

export const paymentPlanBody = {
  type: 'object',
  required: ['instalments'],
  additionalProperties: false,
  properties: {
    invoice_numbers: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Left out: every invoice open today.' },
    instalments: {
      type: 'array',
      minItems: 1,
      maxItems: 60,
      items: { type: 'object', required: ['due_date', 'amount'], additionalProperties: false, properties: { due_date: dateSchema, amount: moneySchema } },
    },
    grace_days: { type: 'integer', minimum: 0, maximum: 30 },
  },
} as const;

export const holdBody = {
  type: 'object',
  required: ['reason', 'until'],
  additionalProperties: false,
  properties: { reason: { type: 'string', minLength: 1, maxLength: 500 }, until: dateSchema },
} as const;

export const runBody = {
  type: 'object',
  additionalProperties: false,
  properties: { as_of: dateSchema, dry_run: { type: 'boolean', default: false } },
} as const;

export const taskListQuery = {
  type: 'object',
  additionalProperties: true,
  properties: {
    status: { type: 'string', enum: ['open', 'done'] },
    kind: { type: 'string', enum: [...TASK_KINDS] },
    customer: idSchema,
    owner: { type: 'string', minLength: 1, maxLength: 100, description: '`me`, `unassigned`, or a user id: whom the tasks are assigned to.' },
    sort: { type: 'string', enum: [...TASK_SORTS], default: 'due_date', description: 'priority: due by today first, then the largest amount at stake; amount: largest first; due_date: oldest first.' },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
    offset: { type: 'integer', minimum: 0, maximum: 10000000, default: 0 },
  },
} as const;

/** Many tasks at once: approve, reject (with a reason) or give to a user (null: to nobody). */
export const bulkTaskBody = {
  type: 'object',
  required: ['action', 'task_ids'],
  additionalProperties: false,
  properties: {
    action: { type: 'string', enum: ['approve', 'reject', 'reassign'] },
    task_ids: { type: 'array', minItems: 1, maxItems: 500, uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 100 } },
    assignee_user_id: { anyOf: [idSchema, { type: 'null' }] },
    reason: { type: ['string', 'null'], maxLength: 2000 },
    hold_days: { type: 'integer', minimum: 1, maximum: 365 },
    go_on: { type: 'boolean' },
  },
} as const;

export const assigneeBody = {
  type: 'object',
  required: ['user_id'],
  additionalProperties: false,
  properties: { user_id: { anyOf: [idSchema, { type: 'null' }] } },
} as const;

export const approvalBody = { type: 'object', additionalProperties: false, properties: { note } } as const;

/** A rejection: why (kept on the case), how long the case stays where it is, or go on without the step. */
export const rejectionBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    note,
    reason: { type: 'string', maxLength: 2000 },
    hold_days: { type: 'integer', minimum: 1, maximum: 365 },
    go_on: { type: 'boolean' },
  },
} as const;

const taskIds = { type: 'array', minItems: 1, maxItems: 500, uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 100 } } as const;

export const bulkApprovalBody = { type: 'object', required: ['ids'], additionalProperties: false, properties: { ids: taskIds, note } } as const;
export const bulkRejectionBody = { type: 'object', required: ['ids'], additionalProperties: false, properties: { ...rejectionBody.properties, ids: taskIds } } as const;

export const completeTaskBody = {
  type: 'object',
  required: ['outcome'],
  additionalProperties: false,
  properties: { outcome: { type: 'string', minLength: 1, maxLength: 2000 } },
} as const;

export const contactLogBody = {
  type: 'object',
  required: ['channel', 'on', 'note'],
  additionalProperties: false,
  properties: {
    channel: { type: 'string', enum: ['call', 'email', 'letter', 'meeting', 'other'] },
    on: dateSchema,
    note: { type: 'string', minLength: 1, maxLength: 2000 },
  },
} as const;
