import { AppError } from '../../core/app-error.js';
import { brokenArrangement } from '../../core/collection/pauses.js';
import { pastContactsOf, type ListedInvoice } from '../../core/collection/plan-step.js';
import { addDays, daysBetween, todayIn, type PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { CollectionActionRow, OrganizationRow } from '../../adapters/db/schema.js';
import { cancelAction, getAction, rejectAction, setActionStatus, updateActionFigures } from '../../adapters/db/stores/collection-actions.js';
import { findScenario } from '../../adapters/db/stores/collection-scenarios.js';
import { getCollectionSettings, type CollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { completeTask, getTask, insertTaskOnce } from '../../adapters/db/stores/collection-tasks.js';
import { addTimelineEvent } from '../../adapters/db/stores/collection-timeline.js';
import { listContacts } from '../../adapters/db/stores/contacts.js';
import { getCustomer } from '../../adapters/db/stores/customers.js';
import { listOpenInvoices } from '../../adapters/db/stores/open-items.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import type { TemplateRenderer } from '../../adapters/templates/liquid-renderer.js';
import { messagePortalLink, type MessageLinkOptions } from '../portal/message-portal-link.js';
import { enqueueMessage } from '../outbox/enqueue-message.js';
import { planCustomerCollection } from './plan-customer-collection.js';
import { buildTemplateContext, loadLateFeeRules, messageLanguageOf, outboxSenderOf } from './build-template-context.js';
import { checkMessageStillDue } from './check-message-still-due.js';
import { handOffByStep } from '../mandates/hand-off-case.js';
import { findRecipient } from './find-recipient.js';
import { messageCreditsOf } from './message-credits.js';
import { organizationTemplateRenderer } from './message-templates.js';
import { firstSendingInstant } from './sending-window.js';
import { localMomentOf } from './local-time.js';
import { requireHandoffPartner } from './require-handoff-partner.js';
import { formatDateForLanguage } from '../../core/templates/format-for-language.js';
import { paymentReferencesByNumber } from '../../adapters/db/stores/payment-references.js';

export interface ApprovalOutcome {
  action: CollectionActionRow;
  /** What happened: queued for sending, a hand-off task, the case handed to the default partner, or stopped because the figures changed. */
  result: 'queued' | 'handoff_task' | 'handed_off' | 'cancelled' | 'rejected' | 'passed';
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
 * The first sending slot from today on which the customer gets no other message: a step
 * approved late must not land on the day a reminder written meanwhile goes out.
 */
async function slotWithoutOtherMessage(db: Db, organization: OrganizationRow, settings: CollectionSettings, customerId: string, on: PlainDate, now: Date): Promise<string> {
  const messages = await db.kysely.selectFrom('outbox_messages').select(['not_before', 'sent_at', 'status']).where('organization_id', '=', organization.id).where('customer_id', '=', customerId).execute();
  const busy = new Set(
    messages
      .filter((message) => message.status !== 'cancelled' && message.status !== 'failed')
      .map((message) => localMomentOf(new Date(message.sent_at ?? message.not_before), organization.time_zone).date),
  );
  let slot = firstSendingInstant(organization, settings, on, now);
  for (let guard = 0; guard < 10 && busy.has(localMomentOf(new Date(slot), organization.time_zone).date); guard += 1) {
    slot = firstSendingInstant(organization, settings, addDays(localMomentOf(new Date(slot), organization.time_zone).date, 1), now);
  }
  return slot;
}

/**
 * A payment that came in while the step waited for approval lowers what it asks; it does not
 * void the approval. The invoices still open keep the step, at what is open on them today; those
 * settled since drop out. With none left, the last check before sending stops the step.
 */
async function refreshListedInvoices(db: Db, organizationId: string, action: CollectionActionRow): Promise<void> {
  const numbers = JSON.parse(action.invoice_numbers) as string[];
  const open = new Map((await listOpenInvoices(db, organizationId, { customerId: action.customer_id })).map((invoice) => [invoice.number, invoice]));
  const still = numbers.map((number) => open.get(number)).filter((invoice) => invoice !== undefined && invoice.openMinor > 0);
  if (still.length === 0) return;
  const amounts = JSON.parse(action.invoice_amounts) as number[];
  const unchanged = still.length === numbers.length && still.every((invoice, index) => invoice!.openMinor === amounts[index]);
  if (unchanged) return;
  const credit = amounts.reduce((sum, amount) => sum + amount, 0) - Number(action.balance_minor);
  await updateActionFigures(db, organizationId, action.id, {
    invoiceNumbers: still.map((invoice) => invoice!.number),
    invoiceIds: still.map((invoice) => invoice!.invoiceId),
    invoiceAmounts: still.map((invoice) => invoice!.openMinor),
    balanceMinor: still.reduce((sum, invoice) => sum + invoice!.openMinor, 0) - credit,
  });
  Object.assign(action, { invoice_numbers: JSON.stringify(still.map((invoice) => invoice!.number)), invoice_ids: JSON.stringify(still.map((invoice) => invoice!.invoiceId)), invoice_amounts: JSON.stringify(still.map((invoice) => invoice!.openMinor)) });
}

/**
 * A person's answer to an approval task. Approved: the figures are checked again (invariant 1),
 * then the message the step holds is queued for the next business-hours slot (a hand-off
 * becomes a hand-off task). Rejected: the step is not sent, the reason is kept, and the case
 * stays where it is for the hold (30 days by default), after which the step is proposed again
 * with the facts of that day. Or the person goes on without the step: the next one follows.
 */
export async function decideApproval(
  db: Db,
  organization: OrganizationRow,
  taskId: string,
  decision: { approve: boolean; note?: string | null; holdDays?: number; goOn?: boolean },
  options: { now: Date; renderer?: TemplateRenderer; portalLinks?: MessageLinkOptions },
): Promise<ApprovalOutcome> {
  const now = options.now;
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
    const scenario = await findScenario(tx, organizationId, action.scenario_id);
    const step = scenario?.steps.find((candidate) => candidate.id === action.step_id);
    // People read the step's name in the timeline, not its identifier.
    const named = { en: `"${step?.name.en ?? action.step_id}"`, fr: `« ${step?.name.fr ?? action.step_id} »` };

    if (!decision.approve) {
      const reason = decision.note?.trim() || 'rejected by a person';
      if (decision.goOn) {
        // The person chose to go on without this step: it counts as taken, the next one follows.
        await setActionStatus(tx, organizationId, action.id, 'skipped', `passed by a person: ${reason}`);
        await completeTask(tx, organizationId, taskId, `passed: ${reason}`);
        await timeline(`Step ${named.en} passed, the case goes on without it: ${reason}`, `Étape ${named.fr} passée, le dossier continue sans elle : ${reason}`);
        return { action: (await getAction(tx, organizationId, action.id))!, result: 'passed' as const, note: reason };
      }
      const settings = await getCollectionSettings(tx, organizationId);
      const holdDays = decision.holdDays ?? settings.rejectionHoldDays;
      if (!Number.isInteger(holdDays) || holdDays < 1 || holdDays > 365) throw new AppError('validation_failed', 'the hold after a rejection is 1 to 365 days', { field: 'hold_days' });
      const retryOn = addDays(on, holdDays);
      await rejectAction(tx, organizationId, action.id, reason, retryOn);
      await completeTask(tx, organizationId, taskId, `rejected: ${reason}`);
      await timeline(`Step ${named.en} rejected (${reason}); the case stays where it is until ${formatDateForLanguage(retryOn, 'en')}`, `Étape ${named.fr} refusée (${reason}) ; le dossier reste en l'état jusqu'au ${formatDateForLanguage(retryOn, 'fr')}`);
      return { action: (await getAction(tx, organizationId, action.id))!, result: 'rejected' as const, note: reason };
    }

    await requireHandoffPartner(tx, organizationId, action);
    await refreshListedInvoices(tx, organizationId, action);
    await setActionStatus(tx, organizationId, action.id, 'planned', decision.note ?? null);
    const verdict = await checkMessageStillDue(tx, organizationId, action.id, now);
    await completeTask(tx, organizationId, taskId, verdict.send ? 'approved' : `approved, then stopped: ${verdict.reason}`);
    if (!verdict.send) {
      await timeline(`Step ${named.en} approved but not sent: ${verdict.words.en}`, `Étape ${named.fr} validée mais non envoyée : ${verdict.words.fr}`);
      return { action: (await getAction(tx, organizationId, action.id))!, result: 'cancelled' as const, note: verdict.reason };
    }

    if (!step) throw new AppError('not_found', `step ${action.step_id} is no longer in scenario ${action.scenario_id}`);
    const settings = await getCollectionSettings(tx, organizationId);
    const language = messageLanguageOf(customer);
    const { invoices, issueDates } = await listedInvoices(tx, organizationId, action, on);
    const lateFeeRules = await loadLateFeeRules(tx, organization, scenario!);
    // The message written now says a promise or plan was not kept when that still holds today.
    const current = await planCustomerCollection(tx, organization, settings, customer, on);
    const { pauses } = current.input;
    const resumedAfter = brokenArrangement(pauses, on, invoices.map((invoice) => invoice.number));
    // The letter states the facts of the day it is written: the contacts that went out by then,
    // and the credits deducted line by line, so the page adds up even if one came in meanwhile.
    const credits = await messageCreditsOf(tx, organizationId, customer.id, action.currency, current.openInvoices, current.input.unappliedCreditMinor ?? 0);
    const listedTotal = invoices.reduce((sum, invoice) => sum + invoice.openMinor, 0);
    const balanceMinor = listedTotal - credits.reduce((sum, credit) => sum + credit.amount.minor, 0);
    if (balanceMinor < Math.max(1, settings.minimumBalanceMinor)) {
      const note = `what is left to ask, ${balanceMinor / 100} ${action.currency}, is below the minimum balance`;
      await cancelAction(tx, organizationId, action.id, note);
      await timeline(`Step ${named.en} approved but not sent: ${note}`, `Étape ${named.fr} validée mais non envoyée : le solde restant est sous le minimum`);
      return { action: (await getAction(tx, organizationId, action.id))!, result: 'cancelled' as const, note };
    }
    await updateActionFigures(tx, organizationId, action.id, { invoiceNumbers: invoices.map((invoice) => invoice.number), invoiceIds: JSON.parse(action.invoice_ids) as string[], invoiceAmounts: invoices.map((invoice) => invoice.openMinor), balanceMinor });
    const pastContacts = pastContactsOf(current.input, current.scenario.steps);
    const comingDue = JSON.parse(action.coming_due_numbers ?? '[]') as string[];
    const portalLink = messagePortalLink(settings, { now, ...options.portalLinks });
    const context = buildTemplateContext({
      organization,
      settings,
      customer,
      step,
      asOf: on,
      invoices,
      issueDates,
      balanceMinor,
      currency: action.currency,
      lateFeeRules,
      resumedAfter,
      credits,
      pastContacts,
      formalNoticeOn: [...pastContacts].reverse().find((contact) => contact.kind === 'formal_notice')?.on ?? null,
      comingDue: current.openInvoices
        .filter((invoice) => comingDue.includes(invoice.number) && invoice.openMinor > 0 && invoice.dueDate >= on)
        .map((invoice) => ({ number: invoice.number, dueDate: invoice.dueDate, openMinor: invoice.openMinor, daysOverdue: daysBetween(invoice.dueDate, on) })),
      paymentReferences: await paymentReferencesByNumber(tx, organizationId, customer.id, current.openInvoices.map((invoice) => invoice.number)),
      portalUrl: portalLink.url,
    });
    const rendered = (options.renderer ?? (await organizationTemplateRenderer(tx, organizationId))).render(step.templates[language], language, context, step.channel);
    await timeline(`Step ${step.name.en} approved`, `Étape ${step.name.fr} validée`);
    await portalLink.keep(tx, organizationId, customer.id, [rendered.text, rendered.html]);

    if (step.channel === 'handoff' && settings.handoffPartner) {
      // Approved, the step hands the case to the default partner itself.
      await handOffByStep(tx, organization, customer, settings.handoffPartner, { stepId: step.id, on, now });
      return { action: (await getAction(tx, organizationId, action.id))!, result: 'handed_off' as const, note: null };
    }
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
      notBefore: await slotWithoutOtherMessage(tx, organization, settings, customer.id, on, now),
    });
    return { action: (await getAction(tx, organizationId, action.id))!, result: 'queued' as const, note: null };
  });
}
