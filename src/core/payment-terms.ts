import { AppError } from './app-error.js';
import { addDays, daysBetween, endOfMonth, type PlainDate } from './plain-date.js';

/**
 * The payment terms French and Belgian invoices carry:
 * - `net N`: N days after the invoice date ("30 jours net");
 * - `N eom`: N days, then the end of that month ("45 jours fin de mois");
 * - `eom + N`: end of the invoice month, then N days ("fin de mois le 10": eom + 10);
 * - `on receipt`: due on the invoice date ("à réception").
 */
export type PaymentTerms =
  | { kind: 'net'; days: number }
  | { kind: 'days_end_of_month'; days: number }
  | { kind: 'end_of_month_plus'; days: number }
  | { kind: 'on_receipt' };

const PATTERNS: Array<[RegExp, (n: number) => PaymentTerms]> = [
  [/^(?:net\s*)?(\d{1,3})(?:\s*(?:days?|jours?|j|d))?(?:\s*net)?$/, (days) => ({ kind: 'net', days })],
  [/^(\d{1,3})\s*(?:days?|jours?|j|d)?\s*(?:eom|end of month|fin de mois|fdm)$/, (days) => ({ kind: 'days_end_of_month', days })],
  [/^(?:eom|end of month|fin de mois|fdm)\s*\+\s*(\d{1,3})(?:\s*(?:days?|jours?|j|d))?$/, (days) => ({ kind: 'end_of_month_plus', days })],
];

/** Reads "net 30", "30", "45 eom", "45 jours fin de mois", "eom + 10", "on receipt", "à réception". */
export function parsePaymentTerms(text: string): PaymentTerms | null {
  const s = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (/^(on receipt|upon receipt|due on receipt|à réception|a reception|comptant|immediate|0)$/.test(s)) {
    return { kind: 'on_receipt' };
  }
  for (const [re, make] of PATTERNS) {
    const m = re.exec(s);
    if (m) return make(Number(m[1]));
  }
  return null;
}

export function requirePaymentTerms(text: string, field = 'payment_terms'): PaymentTerms {
  const terms = parsePaymentTerms(text);
  if (!terms) {
    throw new AppError(
      'validation_failed',
      `${field}: "${text}" is not a payment term; write "net 30", "45 eom", "eom + 10" or "on receipt"`,
      { field },
    );
  }
  return terms;
}

export function formatPaymentTerms(terms: PaymentTerms): string {
  switch (terms.kind) {
    case 'net':
      return `net ${terms.days}`;
    case 'days_end_of_month':
      return `${terms.days} eom`;
    case 'end_of_month_plus':
      return `eom + ${terms.days}`;
    case 'on_receipt':
      return 'on receipt';
  }
}

export function computeDueDate(terms: PaymentTerms, issueDate: PlainDate): PlainDate {
  switch (terms.kind) {
    case 'net':
      return addDays(issueDate, terms.days);
    case 'days_end_of_month':
      return endOfMonth(addDays(issueDate, terms.days));
    case 'end_of_month_plus':
      return addDays(endOfMonth(issueDate), terms.days);
    case 'on_receipt':
      return issueDate;
  }
}

export interface TermsWarning {
  code: 'over_legal_cap';
  message: string;
  /** The cap the terms exceed, as days from the invoice date for the invoice at hand. */
  capDays: number;
  termDays: number;
}

/**
 * Checks terms against the creditor country's cap on B2B payment terms.
 * FR (Code de commerce L441-10 I): 60 days from the invoice date, or 45 days end of month.
 * BE (law of 2 August 2002 as amended in 2021): 60 calendar days.
 * DE (BGB 271a): 60 days unless expressly agreed and not grossly unfair — a warning, not a ban.
 * Returns null when within the cap or for a country without one on file.
 */
export function checkLegalCap(country: string, terms: PaymentTerms, issueDate: PlainDate): TermsWarning | null {
  const due = computeDueDate(terms, issueDate);
  const termDays = daysBetween(issueDate, due);
  switch (country.toUpperCase()) {
    case 'FR': {
      const sixtyDays = addDays(issueDate, 60);
      const fortyFiveEom = endOfMonth(addDays(issueDate, 45));
      const latest = sixtyDays > fortyFiveEom ? sixtyDays : fortyFiveEom;
      if (due <= latest) return null;
      return {
        code: 'over_legal_cap',
        capDays: daysBetween(issueDate, latest),
        termDays,
        message: `terms of ${termDays} days exceed the French cap (60 days from the invoice date or 45 days end of month, Code de commerce L441-10)`,
      };
    }
    case 'BE':
      if (termDays <= 60) return null;
      return {
        code: 'over_legal_cap',
        capDays: 60,
        termDays,
        message: `terms of ${termDays} days exceed the Belgian cap of 60 days (law of 2 August 2002)`,
      };
    case 'DE':
      if (termDays <= 60) return null;
      return {
        code: 'over_legal_cap',
        capDays: 60,
        termDays,
        message: `terms of ${termDays} days exceed 60 days: valid in Germany only if expressly agreed and not grossly unfair to the creditor (BGB 271a)`,
      };
    default:
      return null;
  }
}

/** Whether one invoice's delay, from its issue date to its due date, exceeds the country's cap. */
export function checkInvoiceDelayCap(country: string, issueDate: PlainDate, dueDate: PlainDate): TermsWarning | null {
  return checkLegalCap(country, { kind: 'net', days: Math.max(0, daysBetween(issueDate, dueDate)) }, issueDate);
}

/** Whose terms set an invoice's due date. */
export type TermsSource = 'invoice' | 'customer' | 'organization';

export interface DueDateChoice {
  dueDate: PlainDate;
  terms: PaymentTerms;
  from: TermsSource;
}

const TERMS_FIELD: Record<TermsSource, string> = { invoice: 'payment_terms', customer: 'customer.payment_terms', organization: 'organization.default_terms' };

/**
 * An invoice's due date when none is written: from the invoice's own terms, else its
 * customer's, else the organization's default. Terms that cannot be read are an error naming
 * whose they are, never a silent "net 30".
 */
export function dueDateFor(
  issueDate: PlainDate,
  terms: { readonly invoice?: string | null; readonly customer?: string | null; readonly organization: string },
): DueDateChoice {
  const from: TermsSource = terms.invoice ? 'invoice' : terms.customer ? 'customer' : 'organization';
  const parsed = requirePaymentTerms(terms[from]!, TERMS_FIELD[from]);
  return { dueDate: computeDueDate(parsed, issueDate), terms: parsed, from };
}

// Two consecutive years, one of them leap, hold every month length and every weekday an
// invoice date can meet: the worst delay a standing term can give shows up among them.
const STANDING_TERMS_PROBE_START = '2024-01-01' as PlainDate;
const STANDING_TERMS_PROBE_DAYS = 731;
const standingVerdicts = new Map<string, TermsWarning | null>();

/**
 * Whether a customer's standing terms can exceed the country's cap on some invoice. End-of-month
 * terms give a different delay for each invoice date ("31 eom" is 59 days from 31 January but
 * 61 from 31 March), so every issue date over two years is tried and the worst one reported.
 * Saving a customer and importing one both ask this, so they always agree.
 */
export function checkStandingTermsCap(country: string, terms: PaymentTerms): TermsWarning | null {
  const key = `${country.toUpperCase()}|${formatPaymentTerms(terms)}`;
  if (standingVerdicts.has(key)) return standingVerdicts.get(key)!;
  let worst: TermsWarning | null = null;
  for (let i = 0; i < STANDING_TERMS_PROBE_DAYS; i += 1) {
    const warning = checkLegalCap(country, terms, addDays(STANDING_TERMS_PROBE_START, i));
    if (warning && (!worst || warning.termDays > worst.termDays)) worst = warning;
  }
  standingVerdicts.set(key, worst);
  return worst;
}
