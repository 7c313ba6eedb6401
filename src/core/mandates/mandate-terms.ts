import type { PlainDate } from '../plain-date.js';

/** What a mandate needs to say whether it is live and what it costs. */
export interface MandateTermsView {
  readonly status: string;
  readonly starts_on: string;
  readonly ends_on: string | null;
  readonly fee_percent_bp: number;
  readonly fee_fixed_minor: number;
}

/**
 * A mandate is live from its first day through its last, until it is ended or taken back. The
 * agency's access and the pause of the creditor's own scenario both follow this one rule, so
 * neither outlives the other.
 */
export function mandateIsLive(mandate: Pick<MandateTermsView, 'status' | 'starts_on' | 'ends_on'>, today: PlainDate): boolean {
  if (mandate.status !== 'active') return false;
  if (today < mandate.starts_on) return false;
  return mandate.ends_on === null || today <= mandate.ends_on;
}

/** The partner's fee: its share of what was recovered, rounded half up to the cent, plus the fixed fee. */
export function mandateFee(recoveredMinor: number, terms: Pick<MandateTermsView, 'fee_percent_bp' | 'fee_fixed_minor'>): number {
  const share = Math.floor((recoveredMinor * terms.fee_percent_bp + 5_000) / 10_000);
  return share + terms.fee_fixed_minor;
}

/** Recovered over handed, in basis points (10 000 = everything came in); 0 when nothing was handed. */
export function recoveryRateBp(recoveredMinor: number, handedMinor: number): number {
  if (handedMinor <= 0) return 0;
  return Math.round((recoveredMinor * 10_000) / handedMinor);
}

/** "15 %" style percentage from basis points, with up to two decimals. */
export function percentFromBp(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const rest = Math.abs(bp % 100);
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}`;
}
