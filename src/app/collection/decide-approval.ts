import { AppError } from '../../core/app-error.js';
import { brokenArrangement } from '../../core/collection/pauses.js';
import type { ListedInvoice } from '../../core/collection/plan-step.js';
import { daysBetween, todayIn, type PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { CollectionActionRow, OrganizationRow } from '../../adapters/db/schema.js';
import { getAction, setActionStatus } from '../../adapters/db/stores/collection-actions.js';
import { findScenario } from '../../adapters/db/stores/collection-scenarios.js';
import { getCollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { completeTask, getTask, insertTaskOnce } from '../../adapters/db/stores/collection-tasks.js';
import { addTimelineEvent } from '../../adapters/db/stores/collection-timeline.js';
import { listContacts } from '../../adapters/db/stores/contacts.js';
import { getCustomer } from '../../adapters/db/stores/customers.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import type { TemplateRenderer } from '../../adapters/templates/liquid-renderer.js';
import { enqueueMessage } from '../outbox/enqueue-message.js';
import { planCustomerCollection } from './plan-customer-collection.js';
import { buildTemplateContext, loadLateFeeRules, messageLanguageOf, outboxSenderOf } from './build-template-context.js';
import { checkMessageStillDue } from './check-message-still-due.js';
import { findRecipient } from './find-recipient.js';
import { organizationTemplateRenderer } from './message-templates.js';
import { firstSendingInstant } from './sending-window.js';

export interface ApprovalOutcome {
  action: CollectionActionRow;
  /** What happened: queued for sending, a hand-off task, or stopped because the figures changed. */
  result: 'queued' | 'handoff_task' | 'cancelled' | 'rejected';
  note: string | null;
}

async function listedInvoices(db: Db, organizationId: string, action: CollectionActionRow, on: PlainDate): Promise<{ invoices: ListedInvoice[]; issueDates: Map<string, PlainDate> }> {
  const numbers = JSON.parse(action.invoice_numbers) as string[];
  const amounts = JSON.parse(action.invoice_amounts) as number[];
  const rows = await db.kysely.selectFrom('invoices').select(['number', 'issue_date', 'due_date']).where('organization_id', '=', organizationId).where('number', 'in', numbers).execute();
  const byNumber = new Map(rows.map((row) => [row.number, row]));
  const invoices = numbers.map((number, index) => {
    const dueDate = byNumber.get(number)!.due_date as PlainDate;
    return { number, dueDate, openMinor: amounts[index]!, daysOverdue: daysBetween(dueDate, on) };
  });
  return { invoices, issueDates: new Map(rows.map((row) => [row.number, row.issue_date as PlainDate])) };
}

/**
 * A person's answer to an approval task. Approved: the figures are checked again (invariant 1),
 * then the message the step holds is queued for the next business-hours slot (a hand-off
 * becomes a hand-off task). Rejected: the action is cancelled and the step is not sent.
 */
export async function decideApproval(
  db: Db,
  organization: OrganizationRow,
  taskId: string,
  decision: { approve: boolean; note?: string | null },
  options: { now?: Date; renderer?: TemplateRenderer } = {},
): Promise<ApprovalOutcome> {
  const now = options.now ?? new Date();
  const on = todayIn(organization.time_zone, now);
  const organizationId = organization.id;
  return inTransaction(db, async (tx) => {
    const task = await getTask(tx, organizationId, taskId);
    if (!task || task.kind !== 'approval' || task.action_id === null) throw new AppError('not_found', `no approval task ${taskId}`, { field: 'id' });
    if (task.status !== 'open') throw new AppError('conflict', `task ${taskId} is already ${task.status}`);
    const action = await getAction(tx, organizationId, task.action_id);
    if (!action || action.status !== 'awaiting_approval') throw new AppError('conflict', 'the action of this task no longer awaits approval');
    const customer = (await getCustomer(tx, organizationId, action.customer_id))!;
    const timeline = (en: string, fr: string) => addTimelineEvent(tx, organizationId, { customerId: customer.id, occurredOn: on, kind: 'approval', summary: { en, fr }, subjectId: action.id });

    if (!decision.approve) {
      await setActionStatus(tx, organizationId, action.id, 'cancelled', decision.note ?? 'rejected by a person');
      await completeTask(tx, organizationId, taskId, `rejected${decision.note ? `: ${decision.note}` : ''}`);
      await timeline(`Step ${action.step_id} rejected`, `Étape ${action.step_id} refusée`);
      return { action: (await getAction(tx, organizationId, action.id))!, result: 'rejected' as const, note: decision.note ?? null };
    }

    await setActionStatus(tx, organizationId, action.id, 'planned', decision.note ?? null);
    const verdict = await checkMessageStillDue(tx, organizationId, action.id, now);
    await completeTask(tx, organizationId, taskId, verdict.send ? 'approved' : `approved, then stopped: ${verdict.reason}`);
    if (!verdict.send) {
      await timeline(`Step ${action.step_id} approved but not sent: ${verdict.reason}`, `Étape ${action.step_id} validée mais non envoyée : ${verdict.reason}`);
      return { action: (await getAction(tx, organizationId, action.id))!, result: 'cancelled' as const, note: verdict.reason };
    }

    const scenario = await findScenario(tx, organizationId, action.scenario_id);
    const step = scenario?.steps.find((candidate) => candidate.id === action.step_id);
    if (!step) throw new AppError('not_found', `step ${action.step_id} is no longer in scenario ${action.scenario_id}`);
    const settings = await getCollectionSettings(tx, organizationId);
    const language = messageLanguageOf(customer);
    const { invoices, issueDates } = await listedInvoices(tx, organizationId, action, on);
    const lateFeeRules = await loadLateFeeRules(tx, organization, scenario!);
    // The message written now says a promise or plan was not kept when that still holds today.
    const { pauses } = (await planCustomerCollection(tx, organization, settings, customer, on)).input;
    const resumedAfter = brokenArrangement(pauses, on, invoices.map((invoice) => invoice.number));
    const context = buildTemplateContext({ organization, settings, customer, step, asOf: on, invoices, issueDates, balanceMinor: Number(action.balance_minor), currency: action.currency, lateFeeRules, resumedAfter });
    const rendered = (options.renderer ?? (await organizationTemplateRenderer(tx, organizationId))).render(step.templates[language], language, context, step.channel);
    await timeline(`Step ${step.name.en} approved`, `Étape ${step.name.fr} validée`);

    if (step.channel === 'handoff' || step.channel === 'call_task') {
      const kind = step.channel === 'handoff' ? 'handoff' : 'call';
      await insertTaskOnce(tx, organizationId, {
        customer_id: customer.id,
        case_id: action.case_id,
        action_id: action.id,
        kind,
        step_id: step.id,
        dedupe_key: `${kind}:${action.id}`,
        title_en: rendered.subject ?? `${step.name.en}: ${customer.name}`,
        title_fr: `${step.name.fr} : ${customer.name}`,
        detail: rendered.text,
        due_on: on,
        assignee_user_id: null,
        created_on: on,
      });
      return { action: (await getAction(tx, organizationId, action.id))!, result: 'handoff_task' as const, note: null };
    }
    const recipient = findRecipient(customer, await listContacts(tx, organizationId, customer.id), step.channel);
    if (!recipient) {
      const note = `no contact of ${customer.name} has the address a ${step.channel.replace('_', ' ')} needs`;
      await setActionStatus(tx, organizationId, action.id, 'failed', note);
      return { action: (await getAction(tx, organizationId, action.id))!, result: 'cancelled' as const, note };
    }
    await enqueueMessage(tx, organizationId, {
      actionId: action.id,
      customerId: customer.id,
      channel: step.channel as 'email' | 'sms' | 'letter' | 'registered_letter',
      recipient,
      sender: outboxSenderOf(step.sender, settings, organization),
      subject: rendered.subject ?? step.name.en,
      text: rendered.text ?? '',
      ...(rendered.html ? { html: rendered.html } : {}),
      invoiceIds: JSON.parse(action.invoice_ids) as string[],
      notBefore: firstSendingInstant(organization, settings, on, now),
    });
    return { action: (await getAction(tx, organizationId, action.id))!, result: 'queued' as const, note: null };
  });
}
