import { toMoneyJson, type MoneyJson } from '../../core/money.js';
import type { PlainDate } from '../../core/plain-date.js';
import { isPreDueStep, type Bilingual, type Channel, type ScenarioStep } from '../../core/scenarios/scenario.js';
import type { TemplateRenderer } from '../../adapters/templates/liquid-renderer.js';
import type { Db } from '../../adapters/db/database.js';
import type { CollectionCaseRow, OrganizationRow } from '../../adapters/db/schema.js';
import { insertActionOnce, type ActionStatus, type NewAction } from '../../adapters/db/stores/collection-actions.js';
import { closeCase, ensureOpenCase } from '../../adapters/db/stores/collection-cases.js';
import type { CollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { insertTaskOnce } from '../../adapters/db/stores/collection-tasks.js';
import { addTimelineEvent } from '../../adapters/db/stores/collection-timeline.js';
import { messagePortalLink, type MessageLinkOptions } from '../portal/message-portal-link.js';
import { enqueueMessage } from '../outbox/enqueue-message.js';
import { emitEvent } from '../webhooks/emit-event.js';
import { buildTemplateContext, messageLanguageOf, outboxSenderOf } from './build-template-context.js';
import { findRecipient } from './find-recipient.js';
import type { CustomerCollectionPlan } from './plan-customer-collection.js';
import { sendThankYou } from './send-thank-you.js';
import { messageCreditsOf } from './message-credits.js';
import { formatDateForLanguage } from '../../core/templates/format-for-language.js';
import { paymentReferencesByNumber } from '../../adapters/db/stores/payment-references.js';
import { handOffByStep } from '../mandates/hand-off-case.js';

const MESSAGE_CHANNELS: readonly Channel[] = ['email', 'sms', 'letter', 'registered_letter'];

/** One action of the run as the CLI and the API show it; amounts as decimal strings. */
export interface PlannedAction {
  customer_id: string;
  customer_reference: string;
  customer_name: string;
  scenario_id: string;
  step_id: string;
  channel: Channel;
  status: ActionStatus;
  /** False when an earlier run already recorded this step: nothing new was written. */
  created: boolean;
  invoice_numbers: string[];
  invoices: { number: string; due_date: PlainDate; days_overdue: number; open: MoneyJson }[];
  balance: MoneyJson;
  reason: Bilingual;
  not_before: string | null;
  message: { subject: string | null; text: string | null } | null;
  note: string | null;
}

export interface RecordContext {
  organization: OrganizationRow;
  settings: CollectionSettings;
  renderer: TemplateRenderer;
  /** The first business-hours instant messages of this run may leave at (ISO). */
  notBefore: string;
  /** False for a dry run: decide and render, write nothing. */
  write: boolean;
  /** How messages link to the debtor page; a dry run shows an example link and makes none. */
  portalLinks?: MessageLinkOptions;
}

export interface RecordResult {
  actions: PlannedAction[];
  tasksCreated: number;
  caseOpened: boolean;
  caseClosed: boolean;
}

/** Links are made for real only by a run that writes; a dry run prints an example. */
export function messageLinkOptions(context: RecordContext): MessageLinkOptions {
  return { ...context.portalLinks, example: !context.write || context.portalLinks?.example === true };
}

function describeStep(plan: CustomerCollectionPlan, step: ScenarioStep, status: ActionStatus, reason: Bilingual, decision: { invoices: PlannedAction['invoices']; balance: MoneyJson }): PlannedAction {
  return {
    customer_id: plan.customer.id,
    customer_reference: plan.customer.external_ref,
    customer_name: plan.customer.name,
    scenario_id: plan.scenario.id,
    step_id: step.id,
    channel: step.channel,
    status,
    created: false,
    invoice_numbers: decision.invoices.map((invoice) => invoice.number),
    invoices: decision.invoices,
    balance: decision.balance,
    reason,
    not_before: null,
    message: null,
    note: null,
  };
}

/**
 * Writes what `planStep` decided for one customer, inside the caller's transaction: the case
 * opened or closed, one action per step, the message handed to
 * the outbox with its action, tasks for calls, hand-offs, approvals and owner notices, and the
 * timeline. Every insert is "on conflict do nothing" on the step's key, so running it twice
 * for the same day leaves one effect.
 */
export async function recordStepDecision(db: Db, plan: CustomerCollectionPlan, context: RecordContext): Promise<RecordResult> {
  const { organization, settings, write } = context;
  const organizationId = organization.id;
  const { customer, decision, asOf } = plan;
  const result: RecordResult = { actions: [], tasksCreated: 0, caseOpened: false, caseClosed: false };

  let openCase: CollectionCaseRow | undefined = plan.openCase;
  if (write && !plan.hasOverdue && openCase) {
    await closeCase(db, organizationId, openCase.id, asOf);
    await addTimelineEvent(db, organizationId, { customerId: customer.id, occurredOn: asOf, kind: 'case_closed', summary: { en: 'Case closed: nothing is overdue any more', fr: "Dossier clos : plus rien n'est échu" }, subjectId: openCase.id });
    await emitEvent(db, organizationId, 'case.closed', { case_id: openCase.id, customer_id: customer.id, opened_on: openCase.opened_on, closed_on: asOf });
    // One message a day: when a pre-due reminder goes out today, it is the one the customer gets.
    // A case settled while a partner holds it is the partner's to close: the creditor writes nothing.
    if (decision.kind !== 'send' && plan.handedTo === null) await sendThankYou(db, plan, openCase, context);
    result.caseClosed = true;
    openCase = undefined;
  }
  if (write && plan.hasOverdue && !openCase) {
    const ensured = await ensureOpenCase(db, organizationId, customer.id, asOf);
    openCase = ensured.openCase;
    if (ensured.created) {
      await addTimelineEvent(db, organizationId, { customerId: customer.id, occurredOn: asOf, kind: 'case_opened', summary: { en: 'Case opened: an invoice is overdue', fr: 'Dossier ouvert : une facture est échue' }, subjectId: openCase.id });
      await emitEvent(db, organizationId, 'case.opened', { case_id: openCase.id, customer_id: customer.id, opened_on: asOf });
      result.caseOpened = true;
    }
  }
  if (decision.kind === 'none') return result;

  const currency = decision.currency;
  const invoices = decision.invoices.map((invoice) => ({ number: invoice.number, due_date: invoice.dueDate, days_overdue: invoice.daysOverdue, open: toMoneyJson(invoice.openMinor, currency) }));
  const balance = toMoneyJson(decision.balanceMinor, currency);
  const preDue = decision.steps.every(isPreDueStep);
  const caseId = preDue ? null : (openCase?.id ?? null);
  const episodeKey = preDue ? `pre-due:${customer.id}:${asOf}` : (openCase?.id ?? `dry-run:${customer.id}`);
  const invoiceIds = decision.invoices.map((listed) => plan.openInvoices.find((open) => open.number === listed.number)!.invoiceId);
  const actionBase = {
    customer_id: customer.id,
    case_id: caseId,
    episode_key: episodeKey,
    scenario_id: plan.scenario.id,
    planned_on: asOf,
    invoice_numbers: JSON.stringify(invoices.map((invoice) => invoice.number)),
    invoice_ids: JSON.stringify(invoiceIds),
    invoice_amounts: JSON.stringify(decision.invoices.map((invoice) => invoice.openMinor)),
    balance_minor: decision.balanceMinor,
    currency,
    reason_en: decision.reason.en,
    reason_fr: decision.reason.fr,
  };

  /** A task for the account owner about this decision, once (its dedupe key), counted and on the timeline. */
  const ownerTask = async (kind: 'owner_notice' | 'small_claim', stepId: string | null, dedupeKey: string, title: Bilingual) => {
    const task = await insertTaskOnce(db, organizationId, {
      customer_id: customer.id,
      case_id: caseId,
      action_id: null,
      kind,
      step_id: stepId,
      dedupe_key: dedupeKey,
      title_en: title.en,
      title_fr: title.fr,
      detail: decision.reason.en,
      due_on: asOf,
      assignee_user_id: customer.owner_user_id,
      created_on: asOf,
    });
    if (!task) return;
    result.tasksCreated += 1;
    await addTimelineEvent(db, organizationId, { customerId: customer.id, occurredOn: asOf, kind, summary: decision.reason, subjectId: task.id });
  };

  if (decision.kind === 'notify_owner') {
    for (const step of decision.steps) {
      const title: Bilingual = { en: `Tell the owner of ${customer.name}: ${step.name.en} planned on ${formatDateForLanguage(decision.plannedOn, 'en')}`, fr: `Prévenir le responsable de ${customer.name} : ${step.name.fr} prévue le ${formatDateForLanguage(decision.plannedOn, 'fr')}` };
      if (write) await ownerTask('owner_notice', step.id, `owner-notice:${episodeKey}:${step.id}`, title);
    }
    return result;
  }

  if (decision.kind === 'small_claim') {
    // The hand-off is not worth it for this balance: its steps are passed, and one person decides.
    for (const step of decision.steps) {
      const described = describeStep(plan, step, 'skipped', decision.reason, { invoices, balance });
      result.actions.push(described);
      if (!write) continue;
      const action = await insertActionOnce(db, organizationId, { ...actionBase, step_id: step.id, channel: step.channel, status: 'skipped', not_before: null });
      described.created = action !== undefined;
    }
    if (write) {
      await ownerTask('small_claim', decision.steps[0]?.id ?? null, `small-claim:${episodeKey}`, {
        en: `Small claim or write-off? ${customer.name}, ${balance.amount} ${balance.currency}`,
        fr: `Injonction de payer ou passage en perte ? ${customer.name}, ${balance.amount} ${balance.currency}`,
      });
    }
    return result;
  }

  if (decision.kind === 'instalment_reminder') return recordInstalmentReminder(db, plan, decision, context, result, { ...actionBase, case_id: null, episode_key: `instalment:${customer.id}:${decision.instalment.dueDate}` });

  const credits = await messageCreditsOf(db, organizationId, customer.id, currency, plan.openInvoices, plan.input.unappliedCreditMinor ?? 0);
  const language = messageLanguageOf(customer);
  const issueDates = new Map(plan.openInvoices.map((invoice) => [invoice.number, invoice.issueDate]));
  const paymentReferences = await paymentReferencesByNumber(db, organizationId, customer.id, plan.openInvoices.map((invoice) => invoice.number));
  const { contacts, lateFeeRules } = plan;
  for (const step of decision.steps) {
    const portalLink = messagePortalLink(settings, messageLinkOptions(context));
    const templateContext = buildTemplateContext({
      organization,
      settings,
      customer,
      step,
      asOf,
      invoices: decision.invoices,
      issueDates,
      balanceMinor: decision.balanceMinor,
      currency,
      lateFeeRules,
      resumedAfter: decision.resumedAfter,
      comingDue: decision.comingDue,
      credits,
      pastContacts: decision.pastContacts,
      formalNoticeOn: decision.formalNoticeOn,
      paymentReferences,
      portalUrl: portalLink.url,
    });
    const rendered = context.renderer.render(step.templates[language], language, templateContext, step.channel, { html: write });
    const isMessage = MESSAGE_CHANNELS.includes(step.channel);
    const recipient = isMessage ? findRecipient(customer, contacts, step.channel) : null;
    let status: ActionStatus = decision.requiresApproval ? 'awaiting_approval' : 'planned';
    let note: string | null = null;
    if (isMessage && recipient === null && status === 'planned') {
      status = 'failed';
      note = `no contact of ${customer.name} has the address a ${step.channel.replace('_', ' ')} needs`;
    }
    const described = describeStep(plan, step, status, decision.reason, { invoices, balance });
    described.message = { subject: rendered.subject, text: rendered.text };
    described.not_before = isMessage && status === 'planned' ? context.notBefore : null;
    described.note = note;
    result.actions.push(described);
    if (!write) continue;

    const comingDueNumbers = decision.comingDue.length > 0 ? JSON.stringify(decision.comingDue.map((invoice) => invoice.number)) : null;
    const action = await insertActionOnce(db, organizationId, { ...actionBase, step_id: step.id, channel: step.channel, status, not_before: described.not_before, status_note: note, coming_due_numbers: comingDueNumbers });
    if (!action) continue; // an earlier run, or another worker, already took this step
    described.created = true;
    await portalLink.keep(db, organizationId, customer.id, [rendered.text, rendered.html]);
    if (status === 'failed') await emitEvent(db, organizationId, 'action.failed', { action_id: action.id, customer_id: customer.id, case_id: caseId, step_id: step.id, channel: step.channel, reason: note });
    await addTimelineEvent(db, organizationId, { customerId: customer.id, occurredOn: asOf, kind: `action_${status}`, summary: { en: `${step.name.en}: ${decision.reason.en}`, fr: `${step.name.fr} : ${decision.reason.fr}` }, subjectId: action.id });

    const taskBase = { customer_id: customer.id, case_id: caseId, action_id: action.id, step_id: step.id, due_on: asOf, created_on: asOf, assignee_user_id: null };
    if (status === 'awaiting_approval') {
      const task = await insertTaskOnce(db, organizationId, {
        ...taskBase,
        kind: 'approval',
        dedupe_key: `approval:${action.id}`,
        title_en: `Approve ${step.name.en} for ${customer.name}`,
        title_fr: `Valider : ${step.name.fr} pour ${customer.name}`,
        detail: rendered.text,
      });
      if (task) result.tasksCreated += 1;
    } else if (step.channel === 'handoff' && settings.handoffPartner) {
      // A default partner is set: the step hands the case itself, and the creditor's reminders stop.
      await handOffByStep(db, organization, customer, settings.handoffPartner, { stepId: step.id, on: asOf, now: new Date(context.notBefore) });
    } else if (step.channel === 'call_task' || step.channel === 'handoff') {
      const kind = step.channel === 'call_task' ? 'call' : 'handoff';
      const task = await insertTaskOnce(db, organizationId, {
        ...taskBase,
        kind,
        dedupe_key: `${kind}:${action.id}`,
        title_en: rendered.subject ?? `${step.name.en}: ${customer.name}`,
        title_fr: `${step.name.fr} : ${customer.name}`,
        detail: rendered.text,
      });
      if (task) result.tasksCreated += 1;
    } else if (status === 'planned' && recipient !== null) {
      await enqueueMessage(db, organizationId, {
        actionId: action.id,
        customerId: customer.id,
        channel: step.channel as 'email' | 'sms' | 'letter' | 'registered_letter',
        recipient,
        sender: outboxSenderOf(step.sender, settings, organization),
        subject: rendered.subject ?? step.name[language === 'fr' ? 'fr' : 'en'],
        text: rendered.text ?? '',
        ...(rendered.html ? { html: rendered.html } : {}),
        invoiceIds,
        notBefore: context.notBefore,
      });
    }
  }
  return result;
}

/**
 * The friendly word before a payment plan's instalment falls due: one email, once per
 * instalment (keyed on the customer and the instalment's date), listing the plan's invoices.
 */
async function recordInstalmentReminder(
  db: Db,
  plan: CustomerCollectionPlan,
  decision: Extract<CustomerCollectionPlan['decision'], { kind: 'instalment_reminder' }>,
  context: RecordContext,
  result: RecordResult,
  actionBase: Omit<NewAction, 'step_id' | 'channel' | 'status' | 'not_before'>,
): Promise<RecordResult> {
  const { organization, settings, write } = context;
  const { customer, asOf } = plan;
  const step = decision.steps[0]!;
  const language = messageLanguageOf(customer);
  const portalLink = messagePortalLink(settings, messageLinkOptions(context));
  const templateContext = buildTemplateContext({
    organization,
    settings,
    customer,
    step,
    asOf,
    invoices: decision.invoices,
    issueDates: new Map(plan.openInvoices.map((invoice) => [invoice.number, invoice.issueDate])),
    balanceMinor: decision.balanceMinor,
    currency: decision.currency,
    lateFeeRules: null,
    instalment: decision.instalment,
    paymentReferences: await paymentReferencesByNumber(db, customer.organization_id, customer.id, decision.invoices.map((invoice) => invoice.number)),
    portalUrl: portalLink.url,
  });
  const rendered = context.renderer.render(step.templates[language], language, templateContext, step.channel, { html: write });
  const recipient = findRecipient(customer, plan.contacts, 'email');
  const status: ActionStatus = recipient === null ? 'failed' : 'planned';
  const note = recipient === null ? `no contact of ${customer.name} has an email address` : null;
  const invoices = decision.invoices.map((invoice) => ({ number: invoice.number, due_date: invoice.dueDate, days_overdue: invoice.daysOverdue, open: toMoneyJson(invoice.openMinor, decision.currency) }));
  const described = describeStep(plan, step, status, decision.reason, { invoices, balance: toMoneyJson(decision.balanceMinor, decision.currency) });
  described.message = { subject: rendered.subject, text: rendered.text };
  described.not_before = status === 'planned' ? context.notBefore : null;
  described.note = note;
  result.actions.push(described);
  if (!write) return result;
  const action = await insertActionOnce(db, organization.id, { ...actionBase, step_id: step.id, channel: 'email', status, not_before: described.not_before, status_note: note });
  if (!action) return result;
  described.created = true;
  await portalLink.keep(db, organization.id, customer.id, [rendered.text, rendered.html]);
  await addTimelineEvent(db, organization.id, { customerId: customer.id, occurredOn: asOf, kind: `action_${status}`, summary: { en: `${step.name.en}: ${decision.reason.en}`, fr: `${step.name.fr} : ${decision.reason.fr}` }, subjectId: action.id });
  if (recipient !== null) {
    await enqueueMessage(db, organization.id, {
      actionId: action.id,
      customerId: customer.id,
      channel: 'email',
      recipient,
      sender: outboxSenderOf(step.sender, settings, organization),
      subject: rendered.subject ?? step.name[language === 'fr' ? 'fr' : 'en'],
      text: rendered.text ?? '',
      ...(rendered.html ? { html: rendered.html } : {}),
      invoiceIds: JSON.parse(actionBase.invoice_ids) as string[],
      notBefore: context.notBefore,
    });
  }
  return result;
}
