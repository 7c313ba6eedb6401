import { computeLateInterest, type LateInterestLaw } from '../../core/late-interest.js';
import { STATUTORY_RATES } from '../../core/law/statutory-rates.js';
import type { ListedInvoice } from '../../core/collection/plan-step.js';
import type { Currency } from '../../core/money.js';
import { addDays, type PlainDate } from '../../core/plain-date.js';
import { MESSAGE_LANGUAGES, type MessageLanguage, type ScenarioStep } from '../../core/scenarios/scenario.js';
import type { TemplateContext, TemplateLateFees } from '../../core/templates/template-context.js';
import type { BankAccount } from '../../adapters/db/stores/organizations.js';
import type { CollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import type { CustomerRow, OrganizationRow } from '../../adapters/db/schema.js';

// Eight days is the delay French and Belgian practice gives a debtor to pay after a reminder.
const PAY_WITHIN_DAYS = 8;

const SENDER_TITLES: Record<MessageLanguage, string> = {
  fr: 'Service comptabilité clients',
  en: 'Accounts receivable',
  nl: 'Debiteurenbeheer',
  de: 'Debitorenbuchhaltung',
};

export function messageLanguageOf(customer: CustomerRow): MessageLanguage {
  const language = customer.language.slice(0, 2).toLowerCase();
  return (MESSAGE_LANGUAGES as readonly string[]).includes(language) ? (language as MessageLanguage) : 'fr';
}

function lawOf(country: string): LateInterestLaw {
  const code = country.toLowerCase();
  return code === 'fr' || code === 'be' || code === 'de' ? code : 'eu';
}

/**
 * Statutory late interest up to the as-of date and the fixed indemnity per invoice; null when
 * a day falls outside the known rates, so that no message states a figure that is a guess.
 */
function lateFeesOf(organization: OrganizationRow, invoices: readonly ListedInvoice[], balanceMinor: number, currency: Currency, asOf: PlainDate): TemplateLateFees | null {
  if (currency !== 'EUR') return null;
  const table = STATUTORY_RATES[lawOf(organization.country)];
  let interest = 0;
  let indemnity = 0;
  for (const invoice of invoices) {
    if (invoice.daysOverdue <= 0) continue;
    const fees = computeLateInterest(table, invoice.openMinor, invoice.dueDate, asOf);
    if (fees.interestMinor === null) return null;
    interest += fees.interestMinor;
    indemnity += fees.indemnityMinor;
  }
  const eur = (minor: number) => ({ minor, currency });
  return { interest: eur(interest), indemnity: eur(indemnity), total: eur(interest + indemnity), amount_due: eur(balanceMinor + interest + indemnity) };
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
}

/** The variables of a step's template, every figure taken from the decision the run wrote. */
export function buildTemplateContext(facts: MessageFacts): TemplateContext {
  const { organization, settings, customer, step, asOf, currency } = facts;
  const language = messageLanguageOf(customer);
  const bank = (JSON.parse(organization.bank_accounts) as BankAccount[])[0];
  const senderName = settings.senderName ?? organization.name;
  const senderEmail = settings.senderEmail ?? '';
  return {
    language,
    today: asOf,
    pay_by: addDays(asOf, PAY_WITHIN_DAYS),
    customer: { name: customer.name, number: customer.external_ref },
    organization: { name: organization.legal_name, address: organization.address ?? '', email: senderEmail, phone: '' },
    sender: { name: senderName, title: SENDER_TITLES[language], email: senderEmail, phone: '' },
    invoices: facts.invoices.map((invoice) => ({
      number: invoice.number,
      issue_date: facts.issueDates.get(invoice.number) ?? invoice.dueDate,
      due_date: invoice.dueDate,
      days_overdue: invoice.daysOverdue,
      open: { minor: invoice.openMinor, currency },
    })),
    balance: { minor: facts.balanceMinor, currency },
    late_fees: step.statesLateFees ? lateFeesOf(organization, facts.invoices, facts.balanceMinor, currency, asOf) : null,
    payment: { beneficiary: organization.legal_name, iban: bank?.iban ?? '', bic: bank?.bic ?? '', reference: customer.external_ref },
    portal_url: settings.portalBaseUrl ? `${settings.portalBaseUrl.replace(/\/$/, '')}/${customer.id}` : '',
  };
}
