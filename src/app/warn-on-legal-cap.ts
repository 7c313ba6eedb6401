import { checkLegalCap, type PaymentTerms, type TermsWarning } from '../core/payment-terms.js';
import { addDays, daysBetween, type PlainDate } from '../core/plain-date.js';

/** A warning shown with a saved record: saved anyway, but a person should look at it. */
export interface SaveWarning {
  code: 'over_legal_cap';
  field: string;
  message: string;
}

/**
 * Whether a customer's standing terms can exceed the country's cap. End-of-month terms give a
 * different delay for each invoice date, so every issue date of a year is tried and the worst
 * one reported.
 */
export function warnOnCustomerTerms(country: string, terms: PaymentTerms, from: PlainDate, field = 'payment_terms'): SaveWarning[] {
  let worst: TermsWarning | null = null;
  for (let i = 0; i < 366; i += 1) {
    const warning = checkLegalCap(country, terms, addDays(from, i));
    if (warning && (!worst || warning.termDays > worst.termDays)) worst = warning;
  }
  return worst ? [{ code: worst.code, field, message: worst.message }] : [];
}

/** Whether one invoice's delay (issue date → due date) exceeds the country's cap. */
export function warnOnInvoiceDelay(country: string, issueDate: PlainDate, dueDate: PlainDate, field = 'due_date'): SaveWarning[] {
  const warning = checkLegalCap(country, { kind: 'net', days: Math.max(0, daysBetween(issueDate, dueDate)) }, issueDate);
  return warning ? [{ code: warning.code, field, message: warning.message }] : [];
}
