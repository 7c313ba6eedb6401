import { AppError } from '../../core/app-error.js';
import { maxDate, todayIn, type PlainDate } from '../../core/plain-date.js';
import { formatDateForLanguage } from '../../core/templates/format-for-language.js';
import type { Db } from '../../adapters/db/database.js';
import type { DebtorRequestRow } from '../../adapters/db/debtor-request-schema.js';
import { getDispute } from '../../adapters/db/stores/collection-pauses.js';
import { completeTask, getTask } from '../../adapters/db/stores/collection-tasks.js';
import { addTimelineEvent } from '../../adapters/db/stores/collection-timeline.js';
import { getCustomer } from '../../adapters/db/stores/customers.js';
import { getDebtorRequest, updateDebtorRequest } from '../../adapters/db/stores/debtor-requests.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import { includeInvoiceInReminders } from '../../adapters/db/stores/invoice-reminder-exclusions.js';
import { getOrganization } from '../../adapters/db/stores/organizations.js';
import { closePaymentClaim } from '../../adapters/db/stores/payment-claims.js';
import type { Caller } from '../auth/caller.js';
import { requireVisibleCustomer } from '../auth/caller.js';
import { addPaymentPlan } from '../collection/add-payment-plan.js';
import { proposePaymentPlan } from '../collection/propose-payment-plan.js';
import { resolveDispute } from '../collection/resolve-dispute.js';
import type { AnswerOutcome } from './debtor-answer-email.js';
import { debtorRequestViews, type DebtorRequestView } from './debtor-request-view.js';
import { pageText, quoted } from './record-debtor-request.js';
import { sendDebtorAnswer } from './send-debtor-answer.js';
import { planInstalments, type PlanRequestPayload } from './request-plan-on-page.js';

export type DebtorDecision = { decision: 'accept'; text?: string | null } | { decision: 'reject'; reason: string } | { decision: 'answer'; text: string };

export interface DecidedRequest {
  request: DebtorRequestView;
  /** Whether an email carries the answer to the customer (false: no email address on file). */
  emailed: boolean;
}

const OUTCOME: Record<DebtorDecision['decision'], AnswerOutcome> = { accept: 'accepted', reject: 'rejected', answer: 'answered' };

/**
 * A person's answer to what a customer asked on its page. Accepting a plan request sets up the
 * plan; refusing one ends what paused the collection meanwhile. Every decision closes the request's
 * task, goes on the timeline, shows on the customer's page and leaves by email in the customer's
 * language. A question is answered, never accepted; only an open request is accepted or rejected.
 */
export async function decideDebtorRequest(db: Db, caller: Caller, requestId: string, decision: DebtorDecision, now: Date, options: { portalBase?: string | undefined } = {}): Promise<DecidedRequest> {
  const organization = await getOrganization(db, caller.organizationId);
  const found = await getDebtorRequest(db, caller.organizationId, requestId);
  if (!organization || !found) throw new AppError('not_found', `no customer request ${requestId}`);
  const customer = await requireVisibleCustomer(db, caller, found.customer_id, 'id');
  const on = todayIn(organization.time_zone, now);
  const text = decision.decision === 'reject' ? pageText(decision.reason, 'reason', true) : decision.decision === 'answer' ? pageText(decision.text, 'text', true) : pageText(decision.text, 'text', false);
  return inTransaction(db, async (tx) => {
    const request = (await getDebtorRequest(tx, caller.organizationId, requestId))!;
    if (decision.decision !== 'answer' && request.status !== 'open') {
      const en = 'This request has been settled already; you can still answer it.';
      throw new AppError('conflict', en, { field: 'id' }, { localized: { en, fr: 'Cette demande est déjà réglée ; vous pouvez encore y répondre.' } });
    }
    if (decision.decision === 'accept' && request.kind !== 'plan_request') {
      const en = 'Only a payment plan request is accepted: answer this one, or refuse it.';
      throw new AppError('conflict', en, { field: 'id' }, { localized: { en, fr: 'Seule une demande d’échéancier s’accepte : répondez à celle-ci, ou refusez-la.' } });
    }
    const changes: Parameters<typeof updateDebtorRequest>[3] = { answer: text, answered_by: caller.userId, answered_on: on };
    if (decision.decision === 'accept') Object.assign(changes, await setUpAskedPlan(tx, request, on));
    if (decision.decision === 'reject') await undoWhatWaited(tx, request, text, on);
    changes.status = decision.decision === 'accept' ? 'accepted' : decision.decision === 'reject' ? 'rejected' : request.status === 'open' ? 'answered' : request.status;
    await updateDebtorRequest(tx, caller.organizationId, request.id, changes);
    if (request.task_id && (await getTask(tx, caller.organizationId, request.task_id))?.status === 'open') await completeTask(tx, caller.organizationId, request.task_id, OUTCOME[decision.decision]);
    const said = text ? `: ${quoted(text)}` : '';
    const asked = { en: formatDateForLanguage(request.created_on as PlainDate, 'en'), fr: formatDateForLanguage(request.created_on as PlainDate, 'fr') };
    const verb = { accept: { en: 'accepted', fr: 'acceptée' }, reject: { en: 'refused', fr: 'refusée' }, answer: { en: 'answered', fr: 'reçu une réponse' } }[decision.decision];
    await addTimelineEvent(tx, caller.organizationId, {
      customerId: customer.id,
      occurredOn: on,
      kind: 'debtor_request_answered',
      summary: { en: `The customer's request of ${asked.en} was ${verb.en}${said}`, fr: `La demande du client du ${asked.fr} a été ${decision.decision === 'answer' ? 'suivie d’une réponse' : verb.fr}${said}` },
      subjectId: request.id,
    });
    const emailed = await sendDebtorAnswer(tx, { organization, customer, on, now, portalBase: options.portalBase }, request, OUTCOME[decision.decision], text);
    const [view] = await debtorRequestViews(tx, caller.organizationId, [(await getDebtorRequest(tx, caller.organizationId, request.id))!]);
    return { request: view!, emailed };
  });
}

/** Sets up the plan a customer asked for, re-split on what is open today (a payment may have come in since). */
async function setUpAskedPlan(tx: Db, request: DebtorRequestRow, on: PlainDate): Promise<Pick<DebtorRequestRow, 'subject_id' | 'payload'>> {
  const payload = JSON.parse(request.payload) as PlanRequestPayload;
  const customer = (await getCustomer(tx, request.organization_id, request.customer_id))!;
  await resumeReminders(tx, request);
  const proposal = await proposePaymentPlan(tx, request.organization_id, customer, { count: payload.instalments, firstDueDate: maxDate(payload.first_on, on), every: 'month', invoiceNumbers: payload.invoice_numbers });
  const plan = await addPaymentPlan(tx, request.organization_id, customer, { invoiceNumbers: proposal.invoice_numbers, instalments: planInstalments(proposal) }, on, null);
  return { subject_id: plan.id, payload: JSON.stringify({ ...payload, schedule: proposal.instalments, total: proposal.total, paused_invoice_ids: [] }) };
}

/**
 * A refusal ends what paused the collection while the request waited: a plan request's invoices
 * go back into reminders, a dispute is rejected (the invoice is due as issued), a payment said to
 * be made is no longer waited for.
 */
async function undoWhatWaited(tx: Db, request: DebtorRequestRow, reason: string | null, on: PlainDate): Promise<void> {
  if (request.kind === 'plan_request') await resumeReminders(tx, request);
  if (request.kind === 'dispute' && request.subject_id && (await getDispute(tx, request.organization_id, request.subject_id))?.status === 'open') {
    await resolveDispute(tx, request.organization_id, request.subject_id, { resolution: 'rejected', note: reason }, on);
  }
  if (request.kind === 'claim' && request.subject_id) await closePaymentClaim(tx, request.organization_id, request.subject_id, 'not_found', on);
}

/** The invoices a waiting plan request left out of reminders go back in. */
async function resumeReminders(tx: Db, request: DebtorRequestRow): Promise<void> {
  const payload = JSON.parse(request.payload) as PlanRequestPayload;
  for (const invoiceId of payload.paused_invoice_ids ?? []) await includeInvoiceInReminders(tx, request.organization_id, invoiceId);
}
