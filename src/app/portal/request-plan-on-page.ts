import { MAX_INSTALMENTS } from '../../core/collection/instalment-schedule.js';
import { moneyFromJson, type MoneyJson } from '../../core/money.js';
import { addDays, addMonths, parseIsoDate, type PlainDate } from '../../core/plain-date.js';
import { formatDateForLanguage } from '../../core/templates/format-for-language.js';
import type { Db } from '../../adapters/db/database.js';
import type { DebtorRequestRow } from '../../adapters/db/debtor-request-schema.js';
import { getDebtorRequestPolicy, type DebtorRequestPolicy } from '../../adapters/db/stores/debtor-requests.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import { excludeInvoiceFromReminders } from '../../adapters/db/stores/invoice-reminder-exclusions.js';
import { addPaymentPlan } from '../collection/add-payment-plan.js';
import { proposePaymentPlan, type PaymentPlanProposal } from '../collection/propose-payment-plan.js';
import { DebtorRefusal } from './debtor-refusal.js';
import { invoiceNumbersOf, pageContextOf, recordDebtorRequest, type PageAccess } from './record-debtor-request.js';

export interface PagePlanInput {
  instalments: number;
  firstOn: string;
  invoiceIds?: readonly string[];
}

/** Why a plan asked for waits for a person: the parts of the creditor's policy it goes beyond. */
export type PlanBeyondPolicy = 'total_above_maximum' | 'instalment_below_minimum' | 'longer_than_maximum' | 'first_too_far';

/** What a plan request holds: the schedule asked for and, when it waits, why. */
export interface PlanRequestPayload {
  instalments: number;
  first_on: PlainDate;
  invoice_numbers: string[];
  schedule: PaymentPlanProposal['instalments'];
  total: PaymentPlanProposal['total'];
  beyond_policy: PlanBeyondPolicy[];
  /** Invoices left out of reminders while the request waits, put back once it is decided. */
  paused_invoice_ids: string[];
}

const minorOf = (json: MoneyJson): number => moneyFromJson(json, 'amount').minor;

/** A proposal's instalments as `addPaymentPlan` takes them. */
export function planInstalments(proposal: PaymentPlanProposal): { dueDate: string; amountMinor: number; currency: string }[] {
  return proposal.instalments.map((instalment) => ({ dueDate: instalment.due_date, amountMinor: minorOf(instalment.amount), currency: instalment.amount.currency }));
}

export function planBeyondPolicy(proposal: PaymentPlanProposal, firstOn: PlainDate, on: PlainDate, policy: DebtorRequestPolicy): PlanBeyondPolicy[] {
  const beyond: PlanBeyondPolicy[] = [];
  if (minorOf(proposal.total) > policy.planMaxMinor) beyond.push('total_above_maximum');
  if (proposal.instalments.some((instalment) => minorOf(instalment.amount) < policy.planMinInstalmentMinor)) beyond.push('instalment_below_minimum');
  if (proposal.instalments.some((instalment) => instalment.due_date > addMonths(on, policy.planMaxMonths))) beyond.push('longer_than_maximum');
  if (firstOn > addDays(on, policy.promiseMaxDays)) beyond.push('first_too_far');
  return beyond;
}

/**
 * A payment plan asked for on the customer's page, in monthly instalments: within the creditor's
 * policy it is set up at once (its instalments replace the invoices' due dates); beyond it, the
 * request waits for a person, and the invoices it covers are not reminded meanwhile.
 */
export async function requestPlanOnPage(db: Db, access: PageAccess, input: PagePlanInput, now: Date): Promise<DebtorRequestRow> {
  const context = await pageContextOf(db, access, now);
  const { organization, customer, on } = context;
  if (!Number.isInteger(input.instalments) || input.instalments < 2 || input.instalments > MAX_INSTALMENTS) {
    throw new DebtorRefusal('invalid_instalments', `instalments must be a whole number from 2 to ${MAX_INSTALMENTS}`, 'instalments');
  }
  const firstOn = parseIsoDate(input.firstOn);
  if (!firstOn) throw new DebtorRefusal('invalid_date', `first_on must be a date written YYYY-MM-DD, got "${input.firstOn}"`, 'first_on', 'invalid_date');
  if (firstOn < on) throw new DebtorRefusal('date_in_past', 'the first instalment is due today or later', 'first_on');
  const policy = await getDebtorRequestPolicy(db, organization.id);
  return inTransaction(db, async (tx) => {
    const named = await invoiceNumbersOf(tx, context, input.invoiceIds);
    const proposal = await proposePaymentPlan(tx, organization.id, customer, { count: input.instalments, firstDueDate: firstOn, every: 'month', invoiceNumbers: named });
    const beyond = planBeyondPolicy(proposal, firstOn, on, policy);
    const total = `${proposal.total.amount} ${proposal.total.currency}`;
    const first = { en: formatDateForLanguage(firstOn, 'en'), fr: formatDateForLanguage(firstOn, 'fr') };
    const payload: PlanRequestPayload = { instalments: input.instalments, first_on: firstOn, invoice_numbers: proposal.invoice_numbers, schedule: proposal.instalments, total: proposal.total, beyond_policy: beyond, paused_invoice_ids: [] };
    const numbers = proposal.invoice_numbers.join(', ');
    if (beyond.length === 0) {
      const plan = await addPaymentPlan(tx, organization.id, customer, { invoiceNumbers: proposal.invoice_numbers, instalments: planInstalments(proposal) }, on, null);
      return recordDebtorRequest(tx, context, {
        kind: 'plan_request',
        status: 'accepted_automatically',
        payload: { ...payload },
        message: null,
        subjectId: plan.id,
        task: { en: `${customer.name} set up a payment plan on its page: ${input.instalments} instalments of ${numbers}`, fr: `${customer.name} a mis en place un plan de paiement sur sa page : ${input.instalments} échéances pour ${numbers}` },
        timeline: {
          kind: 'debtor_request',
          summary: {
            en: `On its page, the customer set up a payment plan within the policy: ${total} in ${input.instalments} monthly instalments from ${first.en} (${numbers})`,
            fr: `Sur sa page, le client a mis en place un plan de paiement conforme à la politique : ${total} en ${input.instalments} mensualités à partir du ${first.fr} (${numbers})`,
          },
        },
      });
    }
    // The reason shows as typed on the customer page, in the organization's language.
    const waitingReason = organization.locale.startsWith('fr') ? 'échéancier demandé par le client sur son espace, en attente de validation' : 'payment plan asked for on the customer page, waiting for approval';
    const invoices = await tx.kysely.selectFrom('invoices').select(['id', 'number']).where('organization_id', '=', organization.id).where('customer_id', '=', customer.id).where('number', 'in', proposal.invoice_numbers).execute();
    for (const invoice of invoices) {
      const { created } = await excludeInvoiceFromReminders(tx, organization.id, { customerId: customer.id, invoiceId: invoice.id, reason: waitingReason, on, by: null });
      if (created) payload.paused_invoice_ids.push(invoice.id);
    }
    return recordDebtorRequest(tx, context, {
      kind: 'plan_request',
      status: 'open',
      payload: { ...payload },
      message: null,
      task: { en: `Approve or refuse the payment plan ${customer.name} asked for: ${input.instalments} instalments of ${numbers}`, fr: `Accepter ou refuser le plan de paiement demandé par ${customer.name} : ${input.instalments} échéances pour ${numbers}` },
      timeline: {
        kind: 'debtor_request',
        summary: {
          en: `On its page, the customer asked for a payment plan: ${total} in ${input.instalments} monthly instalments from ${first.en} (${numbers}); beyond the policy, it waits for approval and these invoices are not reminded meanwhile`,
          fr: `Sur sa page, le client a demandé un plan de paiement : ${total} en ${input.instalments} mensualités à partir du ${first.fr} (${numbers}) ; hors politique, il attend une validation et ces factures ne sont pas relancées d'ici là`,
        },
      },
    });
  });
}
