import { AppError } from '../../core/app-error.js';
import { agencyStepDue } from '../../core/mandates/agency-scenario.js';
import { mandateIsLive } from '../../core/mandates/mandate-terms.js';
import { addDays, daysBetween, todayIn, type PlainDate } from '../../core/plain-date.js';
import { formatDateForLanguage } from '../../core/templates/format-for-language.js';
import type { ChannelTransports } from '../../adapters/channels/channel-transport.js';
import type { Db } from '../../adapters/db/database.js';
import type { OrganizationRow } from '../../adapters/db/schema.js';
import { readCollectionFacts, type CustomerCollectionFacts } from '../../adapters/db/stores/collection-facts.js';
import { getCollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { openAmountOf } from '../../adapters/db/stores/open-amount.js';
import { listAgencyMandates } from '../../adapters/db/stores/mandates.js';
import { printedBankDetails } from '../bank-details.js';
import { paymentDeadline } from '../collection/build-template-context.js';
import { isInsideSendingWindow } from '../collection/sending-window.js';
import { requireAgencyCase, type AgencyCase } from '../mandates/agency-case-access.js';
import { emptySendSummary, sendDueMessages, type SendSummary } from '../outbox/send-due-messages.js';
import { AGENCY_STEPS, agencyTemplateFiles, renderAgencyLetter, type AgencyLetterContext, type AgencyStep, type AgencyTemplateId } from './agency-run-templates.js';
import { AGENCY_STEP_WORDS, getAgencyScenario } from './agency-scenario.js';
import { checkMandateMessageLive } from './check-mandate-message.js';
import { mandateStepActionId } from './mandate-message-action.js';
import { caseMessageAddressing, queueCaseMessage, type CaseMessageAddressing } from './send-case-message.js';

/** What the run did, or would do in a dry run, on one case. */
export interface AgencyRunLine {
  mandate_id: string;
  creditor: { id: string; name: string };
  customer: { id: string; name: string; external_ref: string };
  /** The step concerned (the one queued, skipped or waited for); null once every step went. */
  step: AgencyStep['key'] | null;
  status: 'queued' | 'would_queue' | 'skipped' | 'waiting' | 'done';
  /** Why, in words. */
  reason: { en: string; fr: string };
  subject: string | null;
  outbox_message_id: string | null;
}

export interface AgencyRunReport {
  as_of: PlainDate;
  dry_run: boolean;
  /** Live cases looked at. */
  cases: number;
  queued: number;
  lines: AgencyRunLine[];
  /** What the sending pass did with the letters just queued (inside each creditor's business hours). */
  sending: SendSummary | null;
}

export interface AgencyRunOptions {
  dryRun?: boolean;
  /** Queue only; the creditor's next sending pass sends them. */
  noSend?: boolean;
  transports?: ChannelTransports;
  portalBase?: string | undefined;
}

const on = (date: PlainDate, language: 'en' | 'fr') => formatDateForLanguage(date, language);

const STEP_WORDS = AGENCY_STEP_WORDS;

/** The handed invoices still open, not disputed nor left out of reminders: what a letter may ask for. */
function askedInvoices(agencyCase: AgencyCase, facts: CustomerCollectionFacts, asOf: PlainDate) {
  const handed = new Set(JSON.parse(agencyCase.mandate.invoice_ids) as string[]);
  const open = facts.invoices.filter((invoice) => handed.has(invoice.invoiceId) && openAmountOf(invoice) > 0);
  const asked = open.filter((invoice) => !facts.openDisputeInvoiceNumbers.includes(invoice.number) && !facts.excludedInvoiceNumbers.includes(invoice.number));
  return {
    open,
    asked: asked.map((invoice) => ({
      invoiceId: invoice.invoiceId,
      number: invoice.number,
      due_date: invoice.dueDate,
      days_overdue: Math.max(0, daysBetween(invoice.dueDate, asOf)),
      open: { minor: openAmountOf(invoice), currency: invoice.currency },
    })),
  };
}

/** Why the case is left alone today, or null when a letter may go. */
function pauseOf(facts: CustomerCollectionFacts, open: number, asked: number, asOf: PlainDate): { en: string; fr: string } | null {
  if (open === 0) return { en: 'the handed invoices are paid', fr: 'les factures confiées sont payées' };
  if (asked === 0) return { en: 'every handed invoice still open is disputed or left out of reminders', fr: 'chaque facture confiée encore ouverte est en litige ou exclue des relances' };
  if (facts.hold) return { en: `the creditor put the customer on hold until ${on(facts.hold.until as PlainDate, 'en')}`, fr: `le créancier a mis le client en pause jusqu’au ${on(facts.hold.until as PlainDate, 'fr')}` };
  const promise = facts.promise;
  // A promise silences the case until its date plus its grace days.
  if (promise && asOf <= addDays(promise.promised_on as PlainDate, promise.grace_days)) {
    return { en: `the customer promised to pay by ${on(promise.promised_on as PlainDate, 'en')}`, fr: `le client a promis de payer au plus tard le ${on(promise.promised_on as PlainDate, 'fr')}` };
  }
  if (facts.paymentPlan) return { en: 'the customer pays by a payment plan', fr: 'le client paie selon un échéancier' };
  return null;
}

/** The day each step of the case's agency scenario was queued (a cancelled letter counts: a step is never written twice). */
async function takenSteps(db: Db, agencyCase: AgencyCase): Promise<Map<string, PlainDate>> {
  const ids = AGENCY_STEPS.map((step) => mandateStepActionId(agencyCase.mandate.id, step.key));
  const rows = await db.kysely
    .selectFrom('outbox_messages')
    .select(['action_id', 'not_before', 'sent_at'])
    .where('organization_id', '=', agencyCase.creditor.id)
    .where('customer_id', '=', agencyCase.customer.id)
    .where('action_id', 'in', ids)
    .execute();
  const taken = new Map<string, PlainDate>();
  for (const step of AGENCY_STEPS) {
    const row = rows.find((candidate) => candidate.action_id === mandateStepActionId(agencyCase.mandate.id, step.key));
    // The day in the creditor's zone, as the customer saw it: a letter sent at 00:30 in Paris is not the day before.
    if (row) taken.set(step.key, todayIn(agencyCase.creditor.time_zone, new Date(row.sent_at ?? row.not_before)));
  }
  return taken;
}

/** One letter of the agency's scenario for a case, as it would go on `asOf`: the same text the run queues. */
export async function draftAgencyLetter(
  db: Db,
  agencyCase: AgencyCase,
  templateId: AgencyTemplateId,
  asOf: PlainDate,
  prepared?: { addressing: CaseMessageAddressing; facts: CustomerCollectionFacts; files: Record<string, string>; previousOn: PlainDate | null },
): Promise<{ subject: string; text: string; invoiceIds: string[] }> {
  const { mandate, creditor, customer } = agencyCase;
  const addressing = prepared?.addressing ?? (await caseMessageAddressing(db, agencyCase));
  const facts = prepared?.facts ?? (await readCollectionFacts(db, creditor.id, [customer.id], asOf)).get(customer.id)!;
  const files = prepared?.files ?? (await agencyTemplateFiles(db, mandate.agency_organization_id!));
  const previousOn = prepared ? prepared.previousOn : [...(await takenSteps(db, agencyCase)).values()].sort().at(-1) ?? null;
  const { asked } = askedInvoices(agencyCase, facts, asOf);
  const currency = asked[0]?.open.currency ?? mandate.currency;
  const bank = printedBankDetails(creditor);
  const context: AgencyLetterContext = {
    language: addressing.language,
    today: asOf,
    pay_by: paymentDeadline('email', asOf).payBy,
    own_name: addressing.actingAs === 'agency',
    customer: { name: customer.name, number: customer.external_ref },
    creditor: { name: creditor.legal_name || creditor.name },
    sender: { name: addressing.sender.name, email: addressing.sender.email ?? '' },
    mandate: { starts_on: mandate.starts_on as PlainDate },
    previous_letter_on: previousOn ?? (mandate.starts_on as PlainDate),
    invoices: asked.map(({ invoiceId: _id, ...invoice }) => invoice),
    balance: { minor: asked.reduce((sum, invoice) => sum + invoice.open.minor, 0), currency },
    payment: bank ? { ...bank, reference: customer.external_ref } : null,
  };
  const rendered = renderAgencyLetter(files, templateId, context);
  return { subject: rendered.subject ?? '', text: rendered.text ?? '', invoiceIds: asked.map((invoice) => invoice.invoiceId) };
}

/**
 * The agency's own collection run: for every case it holds live on `asOf`, the step of its
 * scenario that is due (the letters it sends, on the days after the hand-off it set; by default
 * first letter on the day of hand-off, reminder ten days on, last notice twenty days on), written with its templates (its own texts over the
 * built-in ones) and queued in the creditor's outbox through `sendCaseMessage`'s path. One
 * letter per case and step however often it runs; nothing for a paid, disputed, held or
 * promised case. A dry run says what would go and writes nothing.
 */
export async function runAgencyCollection(db: Db, agency: OrganizationRow, asOf: PlainDate, now: Date, options: AgencyRunOptions = {}): Promise<AgencyRunReport> {
  if (agency.kind !== 'agency') throw new AppError('validation_failed', `${agency.name} is not a collection agency`, { field: 'org' });
  const dryRun = options.dryRun === true;
  const settings = await getCollectionSettings(db, agency.id);
  const files = await agencyTemplateFiles(db, agency.id);
  const scenario = (await getAgencyScenario(db, agency.id)).steps.map((step) => ({ ...step, templateId: step.template }));
  const mandates = (await listAgencyMandates(db, agency.id, { status: 'active' })).filter((mandate) => mandateIsLive(mandate, asOf));
  const report: AgencyRunReport = { as_of: asOf, dry_run: dryRun, cases: mandates.length, queued: 0, lines: [], sending: null };
  const queuedByCreditor = new Map<string, { creditor: OrganizationRow; ids: string[] }>();

  for (const mandate of mandates.sort((a, b) => a.starts_on.localeCompare(b.starts_on) || a.id.localeCompare(b.id))) {
    let agencyCase: AgencyCase | undefined;
    try {
      const current = await requireAgencyCase(db, agency.id, mandate.id, asOf);
      agencyCase = current;
      const line = (status: AgencyRunLine['status'], step: { key: AgencyStep['key'] } | null, reason: { en: string; fr: string }, extra: { subject?: string; id?: string } = {}) =>
        report.lines.push({
          mandate_id: mandate.id,
          creditor: { id: current.creditor.id, name: current.creditor.name },
          customer: { id: current.customer.id, name: current.customer.name, external_ref: current.customer.external_ref },
          step: step?.key ?? null,
          status,
          reason,
          subject: extra.subject ?? null,
          outbox_message_id: extra.id ?? null,
        });
      const taken = await takenSteps(db, current);
      // A letter switched off is skipped, unless it already went: it still counts as the previous one.
      const steps = scenario.filter((step) => step.enabled || taken.has(step.key));
      const choice = agencyStepDue(steps, mandate.starts_on as PlainDate, asOf, taken, settings.minimumGapDays);
      if (choice.kind === 'done') {
        line('done', null, { en: 'every letter of the scenario went', fr: 'toutes les lettres du scénario sont parties' });
        continue;
      }
      if (choice.kind === 'waiting') {
        line('waiting', choice.step, { en: `next letter due on ${on(choice.from, 'en')}`, fr: `prochaine lettre le ${on(choice.from, 'fr')}` });
        continue;
      }
      const facts = (await readCollectionFacts(db, current.creditor.id, [current.customer.id], asOf)).get(current.customer.id)!;
      const { open, asked } = askedInvoices(current, facts, asOf);
      const pause = pauseOf(facts, open.length, asked.length, asOf);
      if (pause) {
        line('skipped', choice.step, pause);
        continue;
      }
      const addressing = await caseMessageAddressing(db, current);
      if (addressing.problem) {
        line('skipped', choice.step, addressing.problem);
        continue;
      }
      const letter = await draftAgencyLetter(db, current, choice.step.templateId, asOf, { addressing, facts, files, previousOn: choice.previousOn });
      if (dryRun) {
        const words = STEP_WORDS[choice.step.key];
        line('would_queue', choice.step, { en: `${words.en} due`, fr: `${words.fr} à envoyer` }, { subject: letter.subject });
        continue;
      }
      const { message, created } = await queueCaseMessage(db, current, { subject: letter.subject, text: letter.text, stepId: choice.step.key, invoiceIds: letter.invoiceIds }, now, { portalBase: options.portalBase });
      if (!created) continue;
      report.queued += 1;
      const words = STEP_WORDS[choice.step.key];
      line('queued', choice.step, { en: `${words.en} queued`, fr: `${words.fr} en file d’attente` }, { subject: letter.subject, id: message.id });
      const entry = queuedByCreditor.get(current.creditor.id) ?? { creditor: current.creditor, ids: [] };
      entry.ids.push(message.id);
      queuedByCreditor.set(current.creditor.id, entry);
    } catch (error) {
      // One case that cannot be written (its customer gone, a letter that does not render) never stops the others.
      if (!(error instanceof AppError)) throw error;
      report.lines.push({
        mandate_id: mandate.id,
        creditor: { id: mandate.organization_id, name: agencyCase?.creditor.name ?? '' },
        customer: { id: mandate.customer_id, name: agencyCase?.customer.name ?? '', external_ref: agencyCase?.customer.external_ref ?? '' },
        step: null,
        status: 'skipped',
        reason: { en: `the letter could not be written: ${error.message}`, fr: `la lettre n’a pas pu être écrite : ${error.message}` },
        subject: null,
        outbox_message_id: null,
      });
    }
  }

  if (!dryRun && !options.noSend && queuedByCreditor.size > 0) report.sending = await sendQueuedLetters(db, [...queuedByCreditor.values()], now, options.transports);
  return report;
}

/** Sends the letters just queued, each inside its creditor's business days and hours; outside them they wait for the creditor's next pass. */
async function sendQueuedLetters(db: Db, batches: readonly { creditor: OrganizationRow; ids: string[] }[], now: Date, transports: ChannelTransports | undefined): Promise<SendSummary> {
  const total = emptySendSummary();
  for (const { creditor, ids } of batches) {
    if (!isInsideSendingWindow(creditor, await getCollectionSettings(db, creditor.id), now)) continue;
    const summary = await sendDueMessages(db, {
      now,
      workerId: `agency-run-${creditor.id}`,
      organizationId: creditor.id,
      ids,
      ...(transports ? { transports } : {}),
      beforeSend: (message) => checkMandateMessageLive(db, message, now),
    });
    for (const key of Object.keys(total) as (keyof SendSummary)[]) total[key] += summary[key];
  }
  return total;
}
