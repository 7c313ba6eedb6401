import { daysBetween, type PlainDate } from './plain-date.js';

/** What an invoice's list, filter and detail call it: something left to pay, late, or settled. */
export type InvoiceStatus = 'open' | 'paid' | 'overdue';

/** Whole days an invoice has been late on `asOf`: none on and before the due date. */
export function daysOverdue(dueDate: PlainDate, asOf: PlainDate): number {
  return Math.max(0, daysBetween(dueDate, asOf));
}

/** Paid once nothing is left open, whatever the dates; overdue from the day after the due date. */
export function invoiceStatus(openMinor: number, dueDate: PlainDate, asOf: PlainDate): InvoiceStatus {
  if (openMinor <= 0) return 'paid';
  return daysOverdue(dueDate, asOf) > 0 ? 'overdue' : 'open';
}
