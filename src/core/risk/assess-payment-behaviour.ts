import { addMonths, daysBetween, type PlainDate } from '../plain-date.js';
import type { Bilingual, RiskLevel } from '../scenarios/scenario.js';

/** One invoice of a customer's history. */
export interface InvoiceHistoryEntry {
  readonly number?: string;
  readonly issueDate: PlainDate;
  readonly dueDate: PlainDate;
  readonly amountMinor: number;
  /** The day the invoice was fully paid or credited; null while something is still open. */
  readonly settledOn: PlainDate | null;
  /** What is still open when not settled; the whole amount when left out. */
  readonly openMinor?: number;
}

export interface PaymentBehaviourInput {
  readonly invoices: readonly InvoiceHistoryEntry[];
  readonly asOf: PlainDate;
  readonly creditLimitMinor: number | null;
  /** The customer's balance when known from the ledger (unapplied credit lowers it); else the open invoices are summed. */
  readonly balanceMinor?: number;
  /** Days after the due date still counted as on time; see DEFAULT_TOLERANCE_DAYS. */
  readonly toleranceDays?: number;
}

export type LatenessPattern = 'none' | 'exceptional' | 'recurring';
export type Trend = 'improving' | 'stable' | 'worsening' | 'unknown';

export interface PaymentBehaviour {
  /** Settled invoices and invoices open past their due date, as of the date. */
  readonly invoicesConsidered: number;
  readonly lateCount: number;
  /** Rounded to one decimal; null without any invoice to judge. */
  readonly averageDaysLate: number | null;
  readonly amountWeightedDaysLate: number | null;
  /** Share of the considered invoices paid (or still open) later than the tolerance, 0 to 1. */
  readonly lateShare: number | null;
  readonly trend: Trend;
  readonly recentAverageDaysLate: number | null;
  readonly earlierAverageDaysLate: number | null;
  readonly lateness: LatenessPattern;
  readonly balanceMinor: number;
  /** Balance divided by the credit limit; null without a limit. */
  readonly creditLimitUse: number | null;
  readonly oldestOverdueDays: number | null;
  readonly riskLevel: RiskLevel;
  /** Why the level is what it is, in plain words, most serious first. */
  readonly reasons: readonly Bilingual[];
}

// A SEPA transfer made on the due date reaches the creditor the next business day, which over
// a weekend is up to three calendar days later; that is not lateness worth a reminder.
export const DEFAULT_TOLERANCE_DAYS = 3;
const RECENT_MONTHS = 6;
const TREND_MIN_INVOICES = 2;
const TREND_THRESHOLD_DAYS = 5;
/** Lateness is recurring from two late invoices making at least this share of the history. */
const RECURRING_SHARE = 0.25;

interface Judged {
  dueDate: PlainDate;
  amountMinor: number;
  daysLate: number;
}

const oneDecimal = (value: number) => Math.round(value * 10) / 10;
const percent = (share: number) => Math.round(share * 100);

function average(items: readonly Judged[]): number | null {
  if (items.length === 0) return null;
  return oneDecimal(items.reduce((sum, item) => sum + item.daysLate, 0) / items.length);
}

/**
 * Reads a customer's payment behaviour from the invoice history, as of a date. The articles
 * behind the product insist on one question before escalating: is this lateness exceptional
 * (one isolated slip) or recurring? The answer, with the figures behind it and the credit
 * limit in use, gives a risk level that assignment rules can route to a scenario.
 */
export function assessPaymentBehaviour(input: PaymentBehaviourInput): PaymentBehaviour {
  const { asOf } = input;
  const tolerance = input.toleranceDays ?? DEFAULT_TOLERANCE_DAYS;
  const known = input.invoices.filter((invoice) => invoice.issueDate <= asOf);
  const judged: Judged[] = [];
  let openSum = 0;
  let oldestOverdueDays: number | null = null;
  for (const invoice of known) {
    const settled = invoice.settledOn !== null && invoice.settledOn <= asOf;
    if (settled) {
      judged.push({ dueDate: invoice.dueDate, amountMinor: invoice.amountMinor, daysLate: Math.max(0, daysBetween(invoice.dueDate, invoice.settledOn!)) });
      continue;
    }
    // Settled after the as-of date counts as open on it: the history is read as it stood then.
    const open = invoice.settledOn !== null ? invoice.amountMinor : invoice.openMinor ?? invoice.amountMinor;
    openSum += open;
    const overdue = daysBetween(invoice.dueDate, asOf);
    if (overdue > 0 && open > 0) {
      // An unpaid invoice is late by the days it has waited so far; leaving it out would make a
      // customer who never pays look punctual.
      judged.push({ dueDate: invoice.dueDate, amountMinor: invoice.amountMinor, daysLate: overdue });
      oldestOverdueDays = Math.max(oldestOverdueDays ?? 0, overdue);
    }
  }

  const late = judged.filter((item) => item.daysLate > tolerance);
  const lateShare = judged.length === 0 ? null : late.length / judged.length;
  const totalAmount = judged.reduce((sum, item) => sum + item.amountMinor, 0);
  const amountWeightedDaysLate =
    judged.length === 0 || totalAmount <= 0 ? null : oneDecimal(judged.reduce((sum, item) => sum + item.amountMinor * item.daysLate, 0) / totalAmount);

  const recentFrom = addMonths(asOf, -RECENT_MONTHS);
  const recent = judged.filter((item) => item.dueDate > recentFrom);
  const earlier = judged.filter((item) => item.dueDate <= recentFrom);
  const recentAverage = average(recent);
  const earlierAverage = average(earlier);
  let trend: Trend = 'unknown';
  if (recent.length >= TREND_MIN_INVOICES && earlier.length >= TREND_MIN_INVOICES) {
    const change = recentAverage! - earlierAverage!;
    trend = change >= TREND_THRESHOLD_DAYS ? 'worsening' : change <= -TREND_THRESHOLD_DAYS ? 'improving' : 'stable';
  }

  const lateness: LatenessPattern =
    late.length === 0 ? 'none' : late.length >= 2 && lateShare! >= RECURRING_SHARE ? 'recurring' : 'exceptional';
  const balanceMinor = input.balanceMinor ?? openSum;
  const creditLimitUse = input.creditLimitMinor !== null && input.creditLimitMinor > 0 ? balanceMinor / input.creditLimitMinor : null;

  const figures = {
    considered: judged.length,
    lateCount: late.length,
    lateShare,
    amountWeightedDaysLate,
    trend,
    recentAverage,
    earlierAverage,
    lateness,
    creditLimitUse,
    oldestOverdueDays,
  };
  const { riskLevel, reasons } = rateRisk(figures);
  return {
    invoicesConsidered: judged.length,
    lateCount: late.length,
    averageDaysLate: average(judged),
    amountWeightedDaysLate,
    lateShare,
    trend,
    recentAverageDaysLate: recentAverage,
    earlierAverageDaysLate: earlierAverage,
    lateness,
    balanceMinor,
    creditLimitUse,
    oldestOverdueDays,
    riskLevel,
    reasons,
  };
}

interface Figures {
  considered: number;
  lateCount: number;
  lateShare: number | null;
  amountWeightedDaysLate: number | null;
  trend: Trend;
  recentAverage: number | null;
  earlierAverage: number | null;
  lateness: LatenessPattern;
  creditLimitUse: number | null;
  oldestOverdueDays: number | null;
}

function rateRisk(f: Figures): { riskLevel: RiskLevel; reasons: Bilingual[] } {
  const high: Bilingual[] = [];
  const medium: Bilingual[] = [];
  const weighted = f.amountWeightedDaysLate ?? 0;
  const lateSentence = (): Bilingual => ({
    en: `Late on ${f.lateCount} of ${f.considered} invoices (${percent(f.lateShare!)} %): lateness is recurring`,
    fr: `Retard sur ${f.lateCount} factures sur ${f.considered} (${percent(f.lateShare!)} %) : les retards sont récurrents`,
  });

  if (f.lateness === 'recurring' && weighted >= 30) {
    high.push({
      en: `Recurring lateness, ${weighted} days late on average weighted by amount`,
      fr: `Retards récurrents, ${weighted} jours en moyenne pondérée par les montants`,
    });
  } else if (f.lateness === 'recurring') {
    medium.push(lateSentence());
  }
  if (f.oldestOverdueDays !== null && f.oldestOverdueDays >= 60) {
    high.push({ en: `An invoice is ${f.oldestOverdueDays} days overdue`, fr: `Une facture est échue depuis ${f.oldestOverdueDays} jours` });
  } else if (f.oldestOverdueDays !== null && f.oldestOverdueDays >= 30) {
    medium.push({ en: `An invoice is ${f.oldestOverdueDays} days overdue`, fr: `Une facture est échue depuis ${f.oldestOverdueDays} jours` });
  }
  if (f.creditLimitUse !== null && f.creditLimitUse > 1) {
    high.push({ en: `Balance is over the credit limit (${percent(f.creditLimitUse)} % in use)`, fr: `L'encours dépasse la limite de crédit (${percent(f.creditLimitUse)} % utilisés)` });
  } else if (f.creditLimitUse !== null && f.creditLimitUse >= 0.8) {
    medium.push({ en: `Credit limit nearly reached (${percent(f.creditLimitUse)} % in use)`, fr: `Limite de crédit presque atteinte (${percent(f.creditLimitUse)} % utilisés)` });
  }
  if (f.trend === 'worsening') {
    const sentence = {
      en: `Paying later lately: ${f.recentAverage} days late on average over the last 6 months against ${f.earlierAverage} before`,
      fr: `Paie plus tard récemment : ${f.recentAverage} jours de retard en moyenne sur les 6 derniers mois contre ${f.earlierAverage} avant`,
    };
    (f.lateness === 'recurring' ? high : medium).push(sentence);
  }
  if (f.lateness !== 'recurring' && weighted >= 15) {
    medium.push({ en: `${weighted} days late on average weighted by amount`, fr: `${weighted} jours de retard en moyenne pondérée par les montants` });
  }

  if (high.length > 0) return { riskLevel: 'high', reasons: [...high, ...medium] };
  if (medium.length > 0) return { riskLevel: 'medium', reasons: medium };
  const reasons: Bilingual[] = [];
  if (f.considered === 0) reasons.push({ en: 'No payment history yet', fr: 'Pas encore d’historique de paiement' });
  else if (f.lateness === 'none') reasons.push({ en: `No late payment on ${f.considered} invoices`, fr: `Aucun retard sur ${f.considered} factures` });
  else reasons.push({ en: `Late on ${f.lateCount} of ${f.considered} invoices: an exceptional delay, not a habit`, fr: `Retard sur ${f.lateCount} facture(s) sur ${f.considered} : un retard exceptionnel, pas une habitude` });
  if (f.trend === 'improving') reasons.push({ en: `Paying earlier over the last 6 months (${f.recentAverage} days late on average against ${f.earlierAverage})`, fr: `Paie plus tôt sur les 6 derniers mois (${f.recentAverage} jours de retard en moyenne contre ${f.earlierAverage})` });
  return { riskLevel: 'low', reasons };
}
