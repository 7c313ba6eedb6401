import { AppError } from '../../core/app-error.js';
import { CALL_OUTCOMES, followUpUnanswered, MAX_CALL_ATTEMPTS, type CallOutcomeKind } from '../../core/collection/call-attempts.js';
import { todayIn } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { CollectionTaskRow, OrganizationRow } from '../../adapters/db/schema.js';
import { completeCallTask, getTask, getTaskByDedupeKey, insertTaskOnce } from '../../adapters/db/stores/collection-tasks.js';
import { addTimelineEvent } from '../../adapters/db/stores/collection-timeline.js';
import { getCustomer } from '../../adapters/db/stores/customers.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import { insertContactLog } from '../../adapters/db/stores/contact-logs.js';
import { addPaymentPromise } from './add-payment-promise.js';
import { holidayCalendarOf } from './holiday-calendar-of.js';
import { openDispute } from './open-dispute.js';
import { requireText } from './pause-inputs.js';

/** What the person who made the call says came of it. */
export type CallOutcomeInput =
  | { outcome: 'reached'; note: string }
  | { outcome: 'promise'; promisedOn: string; graceDays?: number; invoiceNumbers?: string[] | null; note?: string | null }
  | { outcome: 'dispute'; invoiceNumber: string; reason: string; note?: string | null }
  | { outcome: 'no_answer'; note?: string | null; retryInDays?: number };

/** The outcome as a completed call task keeps it (`call_outcome`, JSON) and the API shows it. */
export type StoredCallOutcome =
  | { outcome: 'reached'; note: string; recorded_by: string | null }
  | { outcome: 'promise'; note: string | null; recorded_by: string | null; promise_id: string; promised_on: string; grace_days: number; invoice_numbers: string[] }
  | { outcome: 'dispute'; note: string | null; recorded_by: string | null; dispute_id: string; invoice_number: string; reason: string }
  | { outcome: 'no_answer'; note: string | null; recorded_by: string | null; retry_task_id: string | null; retry_due_on: string | null; unreachable: boolean };

export interface CallOutcomeResult {
  /** The call task, done, with its outcome. */
  task: CollectionTaskRow;
  /** The next attempt an unanswered call created; null otherwise (and after the last attempt). */
  retryTask: CollectionTaskRow | null;
}

export function parseCallOutcome(task: Pick<CollectionTaskRow, 'call_outcome'>): StoredCallOutcome | null {
  return task.call_outcome === null ? null : (JSON.parse(task.call_outcome) as StoredCallOutcome);
}

// Retries share the first call's key plus their attempt, so answering the same call twice (a
// double submit, two people at once) finds the retry already there instead of adding one.
const ATTEMPT_SUFFIX = /:attempt-\d+$/;
const chainKeyOf = (task: CollectionTaskRow) => task.dedupe_key.replace(ATTEMPT_SUFFIX, '');

const noteOf = (note: string | null | undefined) => (note ?? '').trim() || null;
const withNote = (text: string, note: string | null) => (note ? `${text} — ${note}` : text);

/**
 * Records what came of a call task's call, in one transaction: the task is closed with a
 * structured outcome and the customer's timeline says what happened. A promise to pay and a
 * dispute go through the same use cases as when recorded on their own, so they pause the
 * reminders the same way. Nobody answering closes this attempt and plans the next one a few
 * business days later; after the last attempt the customer counts as unreachable and the
 * scenario carries on with its written steps.
 */
export async function recordCallOutcome(
  db: Db,
  organization: OrganizationRow,
  taskId: string,
  input: CallOutcomeInput,
  options: { now: Date; by?: string | null },
): Promise<CallOutcomeResult> {
  const organizationId = organization.id;
  const on = todayIn(organization.time_zone, options.now);
  const by = options.by ?? null;
  if (!(CALL_OUTCOMES as readonly string[]).includes(input.outcome)) {
    throw new AppError('validation_failed', `outcome must be one of ${CALL_OUTCOMES.join(', ')}`, { field: 'outcome' });
  }
  return inTransaction(db, async (tx) => {
    const task = await getTask(tx, organizationId, taskId);
    if (!task) throw new AppError('not_found', `task ${taskId} does not exist`, { field: 'id' });
    if (task.kind !== 'call') throw new AppError('validation_failed', `task ${taskId} is a ${task.kind.replace(/_/g, ' ')} task, not a call`, { field: 'id' });
    if (task.status !== 'open') throw new AppError('conflict', `task ${taskId} is already ${task.status}`, { field: 'id' });
    const customer = await getCustomer(tx, organizationId, task.customer_id);
    if (!customer) throw new AppError('not_found', `the customer of task ${taskId} no longer exists`, { field: 'id' });
    const timeline = (kind: `call_${CallOutcomeKind}` | 'call_unreachable', en: string, fr: string) =>
      addTimelineEvent(tx, organizationId, { customerId: customer.id, occurredOn: on, kind, summary: { en, fr }, subjectId: task.id });
    const attempt = `attempt ${task.attempt}`;
    const tentative = `tentative ${task.attempt}`;

    let stored: StoredCallOutcome;
    let summary: string;
    let retryTask: CollectionTaskRow | null = null;
    switch (input.outcome) {
      case 'reached': {
        const note = requireText(input.note, 'note');
        stored = { outcome: 'reached', note, recorded_by: by };
        summary = `reached: ${note}`;
        await timeline('call_reached', `Call made (${attempt}): customer reached — ${note}`, `Appel passé (${tentative}) : client joint — ${note}`);
        break;
      }
      case 'promise': {
        const note = noteOf(input.note);
        const promise = await addPaymentPromise(
          tx,
          organizationId,
          customer,
          { promisedOn: input.promisedOn, ...(input.graceDays !== undefined ? { graceDays: input.graceDays } : {}), invoiceNumbers: input.invoiceNumbers ?? null, note },
          on,
          by,
        );
        const numbers = JSON.parse(promise.invoice_numbers ?? '[]') as string[];
        stored = { outcome: 'promise', note, recorded_by: by, promise_id: promise.id, promised_on: promise.promised_on, grace_days: Number(promise.grace_days), invoice_numbers: numbers };
        summary = withNote(`promise to pay ${numbers.join(', ')} by ${promise.promised_on}`, note);
        await timeline('call_promise', `Call made (${attempt}): promise to pay by ${promise.promised_on}`, `Appel passé (${tentative}) : promesse de paiement au ${promise.promised_on}`);
        break;
      }
      case 'dispute': {
        const note = noteOf(input.note);
        const invoiceNumber = requireText(input.invoiceNumber, 'invoice_number');
        let dispute;
        try {
          dispute = await openDispute(tx, organizationId, customer, { invoice: { number: invoiceNumber }, reason: input.reason, note }, on, by);
        } catch (error) {
          // openDispute names its own field "invoice"; this body calls it invoice_number.
          if (error instanceof AppError && error.place.field === 'invoice') throw new AppError(error.code, error.message, { field: 'invoice_number' }, { cause: error });
          throw error;
        }
        stored = { outcome: 'dispute', note, recorded_by: by, dispute_id: dispute.id, invoice_number: dispute.invoice_number, reason: dispute.reason };
        summary = withNote(`dispute on ${dispute.invoice_number} (${dispute.reason.replace(/_/g, ' ')})`, note);
        await timeline('call_dispute', `Call made (${attempt}): invoice ${dispute.invoice_number} disputed`, `Appel passé (${tentative}) : facture ${dispute.invoice_number} contestée`);
        break;
      }
      case 'no_answer': {
        const note = noteOf(input.note);
        const next = followUpUnanswered(task.attempt, on, { holidays: holidayCalendarOf(organization) }, input.retryInDays);
        if (next.kind === 'unreachable') {
          stored = { outcome: 'no_answer', note, recorded_by: by, retry_task_id: null, retry_due_on: null, unreachable: true };
          summary = withNote(`no answer (attempt ${task.attempt} of ${MAX_CALL_ATTEMPTS}): the customer could not be reached`, note);
          await timeline(
            'call_unreachable',
            `No answer to ${next.attempts} calls: the customer could not be reached; the scenario goes on without the call`,
            `Pas de réponse à ${next.attempts} appels : client injoignable ; le scénario continue sans l'appel`,
          );
          break;
        }
        const chainKey = chainKeyOf(task);
        const first = (await getTaskByDedupeKey(tx, organizationId, chainKey)) ?? task;
        const retryKey = `${chainKey}:attempt-${next.attempt}`;
        retryTask =
          (await insertTaskOnce(tx, organizationId, {
            customer_id: task.customer_id,
            case_id: task.case_id,
            action_id: task.action_id,
            kind: 'call',
            step_id: task.step_id,
            dedupe_key: retryKey,
            title_en: `${first.title_en} (attempt ${next.attempt} of ${MAX_CALL_ATTEMPTS})`,
            title_fr: `${first.title_fr} (tentative ${next.attempt} sur ${MAX_CALL_ATTEMPTS})`,
            detail: task.detail,
            due_on: next.dueOn,
            assignee_user_id: task.assignee_user_id,
            created_on: on,
            attempt: next.attempt,
          })) ??
          ((await getTaskByDedupeKey(tx, organizationId, retryKey)) as CollectionTaskRow);
        stored = { outcome: 'no_answer', note, recorded_by: by, retry_task_id: retryTask.id, retry_due_on: retryTask.due_on, unreachable: false };
        summary = withNote(`no answer (attempt ${task.attempt} of ${MAX_CALL_ATTEMPTS}): call again on ${retryTask.due_on}`, note);
        await timeline(
          'call_no_answer',
          `No answer to the call (attempt ${task.attempt} of ${MAX_CALL_ATTEMPTS}); call again on ${retryTask.due_on}`,
          `Pas de réponse à l'appel (tentative ${task.attempt} sur ${MAX_CALL_ATTEMPTS}) ; rappeler le ${retryTask.due_on}`,
        );
        break;
      }
    }
    // A call that reached someone is a contact: the next step keeps the gap after it, and letters may cite it.
    if (input.outcome !== 'no_answer') await insertContactLog(tx, organizationId, { customerId: customer.id, occurredOn: on, channel: 'call', note: summary, authorUserId: by, taskId: task.id });
    if (!(await completeCallTask(tx, organizationId, task.id, { summary, detail: stored }))) {
      throw new AppError('conflict', `task ${taskId} was answered meanwhile`, { field: 'id' });
    }
    return { task: (await getTask(tx, organizationId, task.id))!, retryTask };
  });
}
