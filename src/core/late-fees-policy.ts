import { computeLateInterest, halfYearsOf, LATE_INTEREST_LAWS, type DateRange, type HalfYear, type InterestPeriod, type LateInterestLaw, type RateTable } from './late-interest.js';
import { daysBetween, type PlainDate } from './plain-date.js';
import type { Scenario } from './scenarios/scenario.js';

/**
 * What an organization claims when a customer pays late, and from which reminder its
 * messages say so. Claiming is the creditor's choice: the law gives the right, many SMEs
 * waive it for a good customer, and a message should never state a figure nobody means to ask.
 */
export interface LateFeePolicy {
  claimInterest: boolean;
  claimIndemnity: boolean;
  law: LateInterestLaw;
  /** The scenario step from which messages state the fees (and every later step). */
  stateFromStep: string;
}

/** The firm reminder at D+15 of the standard scenario: the first message that is no longer a courtesy. */
export const DEFAULT_STATE_FROM_STEP = 'firm-reminder';

export function isLateInterestLaw(value: string): value is LateInterestLaw {
  return (LATE_INTEREST_LAWS as readonly string[]).includes(value);
}

/** The creditor's country decides the law of its commercial contracts unless it says otherwise. */
export function defaultLawForCountry(country: string): LateInterestLaw {
  switch (country.toUpperCase()) {
    case 'FR':
      return 'fr';
    case 'BE':
      return 'be';
    case 'DE':
      return 'de';
    default:
      return 'eu';
  }
}

export function defaultLateFeePolicy(country: string): LateFeePolicy {
  return { claimInterest: true, claimIndemnity: true, law: defaultLawForCountry(country), stateFromStep: DEFAULT_STATE_FROM_STEP };
}

/**
 * Whether a step's message states the late fees. In a scenario that has the policy's step,
 * that step and every step at the same offset or later do; in a scenario without it, the
 * step's own `states_late_fees` flag decides. Nothing is stated when nothing is claimed.
 */
export function stepStatesLateFees(policy: LateFeePolicy, scenario: Scenario, stepId: string): boolean {
  if (!policy.claimInterest && !policy.claimIndemnity) return false;
  const step = scenario.steps.find((s) => s.id === stepId);
  if (!step) return false;
  const from = scenario.steps.find((s) => s.id === policy.stateFromStep);
  return from ? step.offsetDays >= from.offsetDays : step.statesLateFees;
}

/** An open invoice as the late-fee computation needs it. */
export interface LateFeeInvoice {
  invoiceId: string;
  number: string;
  dueDate: PlainDate;
  currency: string;
  /** What is still unpaid, in minor units. */
  openMinor: number;
}

export interface InvoiceLateFees {
  invoiceId: string;
  number: string;
  dueDate: PlainDate;
  currency: string;
  openMinor: number;
  daysLate: number;
  /** 0 when interest is waived; null when some late day has no rate on file. */
  interestMinor: number | null;
  /** The interest of the late days with a rate on file (the `periods`); equals `interestMinor` when every day has one. */
  interestOnFileMinor: number;
  indemnityMinor: number;
  periods: InterestPeriod[];
  /** First late day without a rate on file, when interest is claimed. */
  unknownFrom: PlainDate | null;
  /** The late days without a rate on file, when interest is claimed. */
  gaps: DateRange[];
}

export interface LateFeeTotal {
  currency: string;
  /** Open amount of the late invoices. */
  openMinor: number;
  interestMinor: number | null;
  /** The interest of the late days with a rate on file; equals `interestMinor` when every day has one. */
  interestOnFileMinor: number;
  indemnityMinor: number;
  /** Interest plus indemnity; null when the interest is unknown. */
  feesMinor: number | null;
  /** Interest on file plus indemnity: what can be claimed today, whatever rate is missing. */
  feesOnFileMinor: number;
}

export interface LateFeesForInvoices {
  asOf: PlainDate;
  law: LateInterestLaw;
  invoices: InvoiceLateFees[];
  /** One total per currency, in the order the currencies first appear. */
  totals: LateFeeTotal[];
  /** The earliest late day, across invoices, with no rate on file; null when every day has one. */
  unknownFrom: PlainDate | null;
  /** The half-years some late day falls in without a rate on file, in date order; empty when every day has one. */
  missingHalfYears: HalfYear[];
}

/**
 * The late fees on a customer's open invoices as of a date: interest on the open amount from
 * the day after the due date up to and including `asOf` (computeLateInterest), and the fixed
 * recovery indemnity once per late invoice. Messages and the API both take their figures from
 * here, so what a customer reads is what the API reports.
 *
 * Interest runs on today's open amount for the whole late period: after a partial payment this
 * claims less than the law allows, never more. The indemnity is a euro amount, so only invoices
 * in euros carry it; invoices not yet late, or with nothing open, carry nothing and are left out.
 */
export function lateFeesForInvoices(
  policy: LateFeePolicy,
  rates: RateTable,
  invoices: readonly LateFeeInvoice[],
  asOf: PlainDate,
): LateFeesForInvoices {
  const rows: InvoiceLateFees[] = [];
  const totals = new Map<string, LateFeeTotal>();
  let unknownFrom: PlainDate | null = null;
  const gaps: DateRange[] = [];
  for (const invoice of invoices) {
    if (invoice.openMinor <= 0 || daysBetween(invoice.dueDate, asOf) <= 0) continue;
    const computed = computeLateInterest(rates, invoice.openMinor, invoice.dueDate, asOf);
    const interestMinor = policy.claimInterest ? computed.interestMinor : 0;
    const interestOnFileMinor = policy.claimInterest ? computed.coveredInterestMinor : 0;
    const rowGaps = policy.claimInterest ? computed.gaps : [];
    const rowUnknown = policy.claimInterest ? computed.unknownFrom : null;
    const indemnityMinor = policy.claimIndemnity && invoice.currency === 'EUR' ? computed.indemnityMinor : 0;
    rows.push({
      invoiceId: invoice.invoiceId,
      number: invoice.number,
      dueDate: invoice.dueDate,
      currency: invoice.currency,
      openMinor: invoice.openMinor,
      daysLate: computed.daysLate,
      interestMinor,
      interestOnFileMinor,
      indemnityMinor,
      periods: policy.claimInterest ? computed.periods : [],
      unknownFrom: rowUnknown,
      gaps: rowGaps,
    });
    gaps.push(...rowGaps);
    if (rowUnknown !== null && (unknownFrom === null || rowUnknown < unknownFrom)) unknownFrom = rowUnknown;
    const total = totals.get(invoice.currency) ?? {
      currency: invoice.currency,
      openMinor: 0,
      interestMinor: 0,
      interestOnFileMinor: 0,
      indemnityMinor: 0,
      feesMinor: 0,
      feesOnFileMinor: 0,
    };
    total.openMinor += invoice.openMinor;
    total.interestMinor = total.interestMinor === null || interestMinor === null ? null : total.interestMinor + interestMinor;
    total.interestOnFileMinor += interestOnFileMinor;
    total.indemnityMinor += indemnityMinor;
    total.feesMinor = total.interestMinor === null ? null : total.interestMinor + total.indemnityMinor;
    total.feesOnFileMinor = total.interestOnFileMinor + total.indemnityMinor;
    totals.set(invoice.currency, total);
  }
  return { asOf, law: policy.law, invoices: rows, totals: [...totals.values()], unknownFrom, missingHalfYears: halfYearsOf(gaps) };
}
