import { AppError } from './app-error.js';
import type { PlainDate } from './plain-date.js';

export type StatementLineKind = 'invoice' | 'credit_note' | 'payment';

/** One movement on a customer's account. Debit raises what the customer owes, credit lowers it. */
export interface StatementEntry {
  date: PlainDate;
  kind: StatementLineKind;
  number: string;
  description: string;
  debitMinor: number;
  creditMinor: number;
}

export interface StatementLine extends StatementEntry {
  /** What the customer owes after this line. */
  balanceMinor: number;
}

/** A relevé de compte: what was owed before the period, each movement in it, what is owed at its end. */
export interface Statement {
  from: PlainDate;
  to: PlainDate;
  openingMinor: number;
  lines: StatementLine[];
  totalDebitMinor: number;
  totalCreditMinor: number;
  closingMinor: number;
}

// On one day an invoice comes before the credit note or payment that settles it, so the
// running balance does not dip below zero for a moment that never existed.
const KIND_ORDER: Record<StatementLineKind, number> = { invoice: 0, credit_note: 1, payment: 2 };

/**
 * Builds the statement of [from, to] from every movement of the account (those before
 * `from` make the opening balance; those after `to` are left out).
 */
export function buildStatement(entries: readonly StatementEntry[], from: PlainDate, to: PlainDate): Statement {
  if (from > to) throw new AppError('validation_failed', `from (${from}) is after to (${to})`, { field: 'from' });
  let opening = 0;
  const inPeriod: StatementEntry[] = [];
  for (const entry of entries) {
    if (entry.date < from) opening += entry.debitMinor - entry.creditMinor;
    else if (entry.date <= to) inPeriod.push(entry);
  }
  inPeriod.sort(
    (a, b) =>
      (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) ||
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      a.number.localeCompare(b.number, 'en', { numeric: true }),
  );
  let balance = opening;
  let totalDebit = 0;
  let totalCredit = 0;
  const lines = inPeriod.map((entry) => {
    balance += entry.debitMinor - entry.creditMinor;
    totalDebit += entry.debitMinor;
    totalCredit += entry.creditMinor;
    return { ...entry, balanceMinor: balance };
  });
  return { from, to, openingMinor: opening, lines, totalDebitMinor: totalDebit, totalCreditMinor: totalCredit, closingMinor: balance };
}

/** A signed amount as a statement column pair: positive owes (debit), negative is owed back (credit). */
export function debitCredit(signedMinor: number): { debitMinor: number; creditMinor: number } {
  return signedMinor >= 0 ? { debitMinor: signedMinor, creditMinor: 0 } : { debitMinor: 0, creditMinor: -signedMinor };
}
