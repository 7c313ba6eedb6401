import { mandateFee, mandateIsLive, recoveryRateBp } from '../../core/mandates/mandate-terms.js';
import type { PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { MandateRow } from '../../adapters/db/mandate-schema.js';
import { recoveredOnMandate } from '../../adapters/db/stores/mandates.js';

/** What a handed case amounts to, the same for the creditor, the agency and the reports. */
export interface MandateFigures {
  currency: string;
  /** The balance handed on the day of hand-off. */
  handedMinor: number;
  /** Paid on the handed invoices while the mandate lasted. */
  recoveredMinor: number;
  /** Handed, less recovered, never below zero. */
  outstandingMinor: number;
  /** The partner's fee on what was recovered so far, fixed fee included. */
  feeMinor: number;
  /** Recovered over handed, in basis points. */
  recoveryRateBp: number;
  /** Live today: the partner has access and the creditor's own scenario is paused. */
  live: boolean;
}

export async function mandateFigures(db: Db, mandate: MandateRow, today: PlainDate): Promise<MandateFigures> {
  const recoveredMinor = await recoveredOnMandate(db, mandate, today);
  const handedMinor = mandate.balance_at_handoff_minor;
  return {
    currency: mandate.currency,
    handedMinor,
    recoveredMinor,
    outstandingMinor: Math.max(0, handedMinor - recoveredMinor),
    feeMinor: mandateFee(recoveredMinor, mandate),
    recoveryRateBp: recoveryRateBp(recoveredMinor, handedMinor),
    live: mandateIsLive(mandate, today),
  };
}
