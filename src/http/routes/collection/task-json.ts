import type { CollectionTaskRow } from '../../../adapters/db/schema.js';
import { parseCallOutcome } from '../../../app/collection/record-call-outcome.js';
import type { TaskInboxRow } from '../../../adapters/db/stores/task-inbox.js';
import { toMoneyJson } from '../../../core/money.js';

/** A task as the API shows it; a completed call also shows its structured outcome. */
export function taskJson(t: CollectionTaskRow) {
  return {
    id: t.id,
    customer_id: t.customer_id,
    case_id: t.case_id,
    action_id: t.action_id,
    kind: t.kind,
    step_id: t.step_id,
    status: t.status,
    title: { en: t.title_en, fr: t.title_fr },
    detail: t.detail,
    due_on: t.due_on,
    assignee_user_id: t.assignee_user_id,
    attempt: Number(t.attempt),
    outcome: t.outcome,
    call_outcome: parseCallOutcome(t),
    completed_at: t.completed_at,
  };
}

/** A task of the inbox: who it is about, what is at stake and on which invoices, who has it. */
export function taskInboxJson(t: TaskInboxRow) {
  return {
    ...taskJson(t),
    customer: { id: t.customer_id, reference: t.customer_ref, name: t.customer_name },
    amount: t.amount_minor !== null && t.currency !== null ? toMoneyJson(Number(t.amount_minor), t.currency) : null,
    invoice_numbers: t.invoice_numbers ? (JSON.parse(t.invoice_numbers) as string[]) : [],
    assignee: t.assignee_user_id ? { id: t.assignee_user_id, name: t.assignee_name ?? '' } : null,
  };
}
