import { lateFeesForInvoices, stepStatesLateFees, type LateFeePolicy } from '../../core/late-fees-policy.js';
import { halfYearId, halfYearOf, type RateTable } from '../../core/late-interest.js';
import type { Scenario } from '../../core/scenarios/scenario.js';
import type { Db } from '../../adapters/db/database.js';
import { getLateFeePolicy } from '../../adapters/db/stores/late-fee-policies.js';
import { getRateTable } from '../get-late-payment-rates.js';
import type { ListedInvoice, PastContact } from '../../core/collection/plan-step.js';
import type { ResumedAfter } from '../../core/collection/pauses.js';
import type { Currency } from '../../core/money.js';
import { addDays, type PlainDate } from '../../core/plain-date.js';
import type { MessageLanguage, ScenarioStep, SenderIdentity } from '../../core/scenarios/scenario.js';
import { messageLanguageFromCode } from '../../core/templates/format-for-language.js';
import { formatPercentForLanguage, halfYearLabel, missingRatesPhrase } from '../../core/templates/late-fee-wording.js';
import { contactLine, dueDistance, type TemplateContext, type TemplateCredit, type TemplateLateFees } from '../../core/templates/template-context.js';
import { printedBankDetails } from '../bank-details.js';
import { paymentQrSource } from '../payment-qr.js';
import { displayPaymentReference } from '../../core/payments/payment-reference.js';
import type { CollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import type { CustomerRow, OrganizationRow } from '../../adapters/db/schema.js';
import type { OutboxSender } from '../outbox/enqueue-message.js';

// Eight days is the delay French and Belgian practice gives a debtor to pay after a reminder.
const PAY_WITHIN_DAYS = 8;
// A registered letter's deadline runs from its receipt, not from the day it is written: fifteen
// days from receipt, and the date it states leaves room for the post to deliver it.
const REGISTERED_LETTER_PAY_WITHIN_DAYS = 15;
const REGISTERED_LETTER_DELIVERY_DAYS = 4;

/** How many days a step's message gives to pay, and the date it asks the payment by. */
export function paymentDeadline(channel: ScenarioStep['channel'], asOf: PlainDate): { payWithinDays: number; payBy: PlainDate } {
  if (channel === 'registered_letter') {
    return { payWithinDays: REGISTERED_LETTER_PAY_WITHIN_DAYS, payBy: addDays(asOf, REGISTERED_LETTER_PAY_WITHIN_DAYS + REGISTERED_LETTER_DELIVERY_DAYS) };
  }
  return { payWithinDays: PAY_WITHIN_DAYS, payBy: addDays(asOf, PAY_WITHIN_DAYS) };
}

const SENDER_TITLES: Record<MessageLanguage, string> = {
  fr: 'Service comptabilité clients',
  en: 'Accounts receivable',
  nl: 'Debiteurenbeheer',
  de: 'Debitorenbuchhaltung',
};

/**
 * Who signs a step's message, by the step's sender identity: the accounts team as a
 * department; a named collector as that person, of the accounts team (the team itself while
 * no one is named); an agency by its own name and contact, acting for the creditor (the team
 * while no agency is set). Email and phone are left empty when not set, and so is the title
 * of a sender that is a department or an agency.
 */
export function senderOf(identity: SenderIdentity, settings: CollectionSettings, language: MessageLanguage): TemplateContext['sender'] {
  const team = SENDER_TITLES[language];
  const email = settings.senderEmail ?? '';
  const phone = settings.senderPhone ?? '';
  const signer = (name: string, title: string, email: string, phone: string) => ({ name, title, email, phone, contact: contactLine(email, phone) });
  if (identity === 'agency' && settings.agencyName) return signer(settings.agencyName, '', settings.agencyEmail ?? '', settings.agencyPhone ?? '');
  if (identity === 'named_collector' && settings.senderName) return signer(settings.senderName, team, email, phone);
  return signer(team, '', email, phone);
}

/**
 * The From of a step's message: the named collector by name on the steps they sign, else the
 * organization (an agency's steps still leave from the creditor's address, acting for it).
 */
export function outboxSenderOf(identity: SenderIdentity, settings: CollectionSettings, organization: OrganizationRow): OutboxSender {
  const name = identity === 'named_collector' && settings.senderName ? settings.senderName : organization.name;
  return { name, ...(settings.senderEmail ? { email: settings.senderEmail } : {}), ...(settings.replyTo ? { replyTo: settings.replyTo } : {}) };
}

export function messageLanguageOf(customer: CustomerRow): MessageLanguage {
  return messageLanguageFromCode(customer.language);
}

/** What decides whether and which late fees a message states: the organization's policy and rates. */
export interface LateFeeRules {
  policy: LateFeePolicy;
  rates: RateTable;
  scenario: Scenario;
}

export async function loadLateFeeRules(db: Db, organization: OrganizationRow, scenario: Scenario): Promise<LateFeeRules> {
  const { policy } = await getLateFeePolicy(db, organization);
  return { policy, rates: await getRateTable(db, organization.id, policy.law), scenario };
}

/**
 * The late fees on the listed invoices, from the same function as GET /api/customers/:id/late-fees,
 * so a message never states another figure than the API; null when the step states no fees.
 * When a late day falls in a half-year with no rate on file, the interest is the one of the
 * days that have a rate (the API's `interest_on_file`) and the message names the missing rate:
 * it never states a guess, and the indemnity, which needs no rate, is stated all the same.
 */
function lateFeesOf(
  rules: LateFeeRules | null,
  step: ScenarioStep,
  invoices: readonly ListedInvoice[],
  balanceMinor: number,
  currency: Currency,
  asOf: PlainDate,
  language: MessageLanguage,
): TemplateLateFees | null {
  if (!rules || !stepStatesLateFees(rules.policy, rules.scenario, step.id)) return null;
  const fees = lateFeesForInvoices(
    rules.policy,
    rules.rates,
    invoices.map((invoice) => ({ invoiceId: invoice.number, number: invoice.number, dueDate: invoice.dueDate, currency, openMinor: invoice.openMinor })),
    asOf,
  );
  const total = fees.totals.find((t) => t.currency === currency);
  if (!total) return null;
  const rates = new Map<string, { period: string; percent: string }>();
  for (const period of fees.invoices.flatMap((invoice) => invoice.periods)) {
    const halfYear = halfYearOf(period.from);
    rates.set(halfYearId(halfYear), { period: halfYearLabel(halfYear, language), percent: formatPercentForLanguage(period.percent, language) });
  }
  const money = (minor: number) => ({ minor, currency });
  return {
    law: fees.law,
    interest: money(total.interestOnFileMinor),
    interest_complete: fees.missingHalfYears.length === 0,
    missing_period: missingRatesPhrase(fees.missingHalfYears, language),
    rates: [...rates.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, rate]) => rate),
    indemnity: money(total.indemnityMinor),
    indemnity_per_invoice: money(rules.policy.claimIndemnity && currency === 'EUR' ? rules.rates.indemnityMinor : 0),
    total: money(total.feesOnFileMinor),
    amount_due: money(balanceMinor + total.feesOnFileMinor),
  };
}

export interface MessageFacts {
  organization: OrganizationRow;
  settings: CollectionSettings;
  customer: CustomerRow;
  step: ScenarioStep;
  asOf: PlainDate;
  invoices: readonly ListedInvoice[];
  issueDates: ReadonlyMap<string, PlainDate>;
  balanceMinor: number;
  currency: Currency;
  /** Null for messages that never state fees (a thank-you). */
  lateFeeRules: LateFeeRules | null;
  /** The promise or payment plan not kept, when that is why this message goes out. */
  resumedAfter?: ResumedAfter | null;
  /** Invoices not due yet that the message names too. */
  comingDue?: readonly ListedInvoice[];
  /** What the balance deducts from the listed invoices, line by line. */
  credits?: readonly TemplateCredit[];
  /** The case's earlier contacts that went out, oldest first. */
  pastContacts?: readonly PastContact[];
  formalNoticeOn?: PlainDate | null;
  /** For an instalment reminder: the instalment coming due. */
  instalment?: { number: number; count: number; dueDate: PlainDate; amountMinor: number } | null;
  /** The payment references (electronic form) of the invoices the message names, by number. */
  paymentReferences?: ReadonlyMap<string, string>;
  /** The customer's link to its debtor page (app/portal/message-portal-link.ts); none when left out. */
  portalUrl?: string;
}

/** The variables of a step's template, every figure taken from the decision the run wrote. */
export function buildTemplateContext(facts: MessageFacts): TemplateContext {
  const { organization, settings, customer, step, asOf, currency } = facts;
  const referenceOf = (number: string) => facts.paymentReferences?.get(number) ?? null;
  const printedReference = (number: string) => {
    const reference = referenceOf(number);
    return reference ? displayPaymentReference(reference) : '';
  };
  const listed = facts.invoices.map((invoice) => ({ number: invoice.number, paymentReference: referenceOf(invoice.number) }));
  const language = messageLanguageOf(customer);
  const bank = printedBankDetails(organization);
  const senderEmail = settings.senderEmail ?? '';
  const senderPhone = settings.senderPhone ?? '';
  const deadline = paymentDeadline(step.channel, asOf);
  return {
    language,
    today: asOf,
    pay_by: deadline.payBy,
    pay_within_days: deadline.payWithinDays,
    customer: { name: customer.name, number: customer.external_ref },
    organization: { name: organization.legal_name, address: organization.address ?? '', email: senderEmail, phone: senderPhone },
    sender: senderOf(step.sender, settings, language),
    invoices: facts.invoices.map((invoice) => ({
      number: invoice.number,
      issue_date: facts.issueDates.get(invoice.number) ?? invoice.dueDate,
      due_date: invoice.dueDate,
      ...dueDistance(invoice.daysOverdue),
      open: { minor: invoice.openMinor, currency },
      payment_reference: printedReference(invoice.number),
    })),
    coming_due: (facts.comingDue ?? []).map((invoice) => ({
      number: invoice.number,
      issue_date: facts.issueDates.get(invoice.number) ?? invoice.dueDate,
      due_date: invoice.dueDate,
      ...dueDistance(invoice.daysOverdue),
      open: { minor: invoice.openMinor, currency },
      payment_reference: printedReference(invoice.number),
    })),
    invoices_total: { minor: facts.invoices.reduce((sum, invoice) => sum + invoice.openMinor, 0), currency },
    credits: facts.credits ?? [],
    balance: { minor: facts.balanceMinor, currency },
    past_contacts: (facts.pastContacts ?? []).map((contact) => ({ date: contact.on, kind: contact.kind })),
    formal_notice_date: facts.formalNoticeOn ?? null,
    instalment: facts.instalment
      ? { number: facts.instalment.number, count: facts.instalment.count, due_date: facts.instalment.dueDate, amount: { minor: facts.instalment.amountMinor, currency } }
      : null,
    late_fees: lateFeesOf(facts.lateFeeRules, step, facts.invoices, facts.balanceMinor, currency, asOf, language),
    // One invoice: its own reference, which the matching reads first; several: the customer's number.
    payment: bank
      ? {
          ...bank,
          reference: listed.length === 1 && listed[0]!.paymentReference ? displayPaymentReference(listed[0]!.paymentReference) : customer.external_ref,
          // An instalment reminder asks for the instalment, not the balance the action records: no code rather than a wrong amount.
          qr_code: facts.instalment ? '' : paymentQrSource(organization, { currency, balanceMinor: facts.balanceMinor, invoices: listed }),
        }
      : null,
    portal_url: facts.portalUrl ?? '',
    resumed_after: facts.resumedAfter ?? null,
  };
}
