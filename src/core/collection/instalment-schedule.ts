import { AppError } from '../app-error.js';
import { addDays, addMonths, type PlainDate } from '../plain-date.js';

/** How far apart a payment plan's instalments fall. */
export const INSTALMENT_INTERVALS = ['week', 'two_weeks', 'month'] as const;
export type InstalmentInterval = (typeof INSTALMENT_INTERVALS)[number];

export interface ScheduledInstalment {
  dueDate: PlainDate;
  amountMinor: number;
}

/** At most this many instalments: what the payment plan route accepts. */
export const MAX_INSTALMENTS = 60;

/**
 * Splits what is owed into equal instalments, the first on the date given and the next ones a
 * week, two weeks or a month apart (a month from the 31st falls on the month's last day). The
 * cents that do not divide evenly go to the first instalments, one each, so the instalments add
 * up to the total exactly, as a payment plan must.
 */
export function splitIntoInstalments(totalMinor: number, count: number, firstDueDate: PlainDate, every: InstalmentInterval): ScheduledInstalment[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_INSTALMENTS) {
    throw new AppError('validation_failed', `a payment plan has from 1 to ${MAX_INSTALMENTS} instalments`, { field: 'instalments' });
  }
  if (!Number.isSafeInteger(totalMinor) || totalMinor < count) throw new AppError('validation_failed', 'the amount owed is too small to split into that many instalments', { field: 'instalments' });
  const base = Math.floor(totalMinor / count);
  const extra = totalMinor - base * count;
  const dueDate = (index: number): PlainDate => (every === 'month' ? addMonths(firstDueDate, index) : addDays(firstDueDate, index * (every === 'week' ? 7 : 14)));
  return Array.from({ length: count }, (_, index) => ({ dueDate: dueDate(index), amountMinor: base + (index < extra ? 1 : 0) }));
}
