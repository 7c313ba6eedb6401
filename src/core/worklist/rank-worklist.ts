import { formatMoneyForPeople, type Currency } from '../money.js';
import type { PlainDate } from '../plain-date.js';
import type { Bilingual, RiskLevel } from '../scenarios/scenario.js';

/** What a line of the worklist asks a person to do. */
export const WORK_KINDS = ['approval', 'call', 'broken_promise', 'missed_instalment', 'dispute', 'delivery', 'small_claim', 'handoff', 'owner_notice', 'debtor_request', 'reply'] as const;
export type WorkKind = (typeof WORK_KINDS)[number];

/** The part of a customer's payment behaviour the ranking reads (see assessPaymentBehaviour). */
export interface LatenessHistory {
  readonly riskLevel: RiskLevel;
  /** Invoices judged (settled, or open past their due date). */
  readonly invoicesConsidered: number;
  /** Of those, the ones paid (or still open) later than the tolerance. */
  readonly lateCount: number;
}

/** One piece of work before ranking. */
export interface WorkCandidate {
  readonly key: string;
  readonly kind: WorkKind;
  readonly customerRef: string;
  readonly amountMinor: number;
  readonly currency: Currency;
  /** Days the oldest overdue invoice is late; 0 when nothing is overdue. */
  readonly daysLate: number;
  /** The day the work is due. */
  readonly dueOn: PlainDate;
  readonly history: LatenessHistory;
}

export interface RankedWork<T extends WorkCandidate> {
  readonly work: T;
  /** Chance of paying late, 0 to 1, rounded to two decimals. */
  readonly likelihood: number;
  /** Amount at stake × likelihood, in minor units of the work's currency. */
  readonly expectedMinor: number;
  /** How the figure was reached, in words. */
  readonly explanation: Bilingual;
}

/**
 * What the risk level alone says about the chance of paying late, used while the customer's
 * own history is thin. Chosen to sit inside the bands of assessPaymentBehaviour: a low risk
 * has no recurring lateness, a high one recurring lateness of a month or more.
 */
export const LATENESS_PRIOR: Readonly<Record<RiskLevel, number>> = { low: 0.2, medium: 0.5, high: 0.8 };

/**
 * How many invoices the prior weighs, as if the customer had that many invoices at the prior's
 * rate before its own: one late invoice in one does not make a certainty, and ten in eleven
 * outweigh the prior.
 */
export const PRIOR_WEIGHT = 3;

/**
 * The chance of paying late: the customer's share of late invoices, drawn towards the prior of
 * its risk level while the history is short —
 * (late + PRIOR_WEIGHT × prior) / (considered + PRIOR_WEIGHT).
 */
export function latenessLikelihood(history: LatenessHistory): number {
  const prior = LATENESS_PRIOR[history.riskLevel];
  const raw = (history.lateCount + PRIOR_WEIGHT * prior) / (history.invoicesConsidered + PRIOR_WEIGHT);
  return Math.round(raw * 100) / 100;
}

const LOCALES = { en: 'en-GB', fr: 'fr-FR' } as const;

function explain(work: WorkCandidate, likelihood: number, expectedMinor: number): Bilingual {
  const percent = Math.round(likelihood * 100);
  const { invoicesConsidered: considered, lateCount: late } = work.history;
  const text = (language: 'en' | 'fr') => {
    const amount = formatMoneyForPeople(work.amountMinor, work.currency, LOCALES[language]);
    const expected = formatMoneyForPeople(expectedMinor, work.currency, LOCALES[language]);
    if (language === 'en') {
      const basis = considered === 0 ? `no payment history yet, ${work.history.riskLevel} risk` : `${late} of ${considered} invoice${considered === 1 ? '' : 's'} late`;
      return `${amount} at stake × ${percent} % chance of paying late (${basis}) = ${expected} expected`;
    }
    const level = { low: 'faible', medium: 'moyen', high: 'élevé' }[work.history.riskLevel];
    const basis = considered === 0 ? `pas encore d’historique, risque ${level}` : `${late} facture${late > 1 ? 's' : ''} en retard sur ${considered}`;
    return `${amount} en jeu × ${percent} % de risque de retard (${basis}) = ${expected} attendus`;
  };
  return { en: text('en'), fr: text('fr') };
}

/**
 * Orders the work by expected cash impact, highest first. Ties go to the longest late, then the
 * earliest due, then the customer reference and the work's key, so the order never depends on
 * how the database happened to return the rows. With a page (offset and limit), only that page
 * is returned, and only its lines are put into words: a long list is ranked on figures alone.
 */
export function rankWorklist<T extends WorkCandidate>(candidates: readonly T[], page?: { offset: number; limit: number }): RankedWork<T>[] {
  const scored = candidates.map((work) => {
    const likelihood = latenessLikelihood(work.history);
    return { work, likelihood, expectedMinor: Math.round(Math.max(0, work.amountMinor) * likelihood) };
  });
  scored.sort(
    (a, b) =>
      b.expectedMinor - a.expectedMinor ||
      b.work.daysLate - a.work.daysLate ||
      (a.work.dueOn < b.work.dueOn ? -1 : a.work.dueOn > b.work.dueOn ? 1 : 0) ||
      (a.work.customerRef < b.work.customerRef ? -1 : a.work.customerRef > b.work.customerRef ? 1 : 0) ||
      (a.work.key < b.work.key ? -1 : a.work.key > b.work.key ? 1 : 0),
  );
  const shown = page === undefined ? scored : scored.slice(page.offset, page.offset + page.limit);
  return shown.map((line) => ({ ...line, explanation: explain(line.work, line.likelihood, line.expectedMinor) }));
}
