import { checkInvoiceDelayCap, checkStandingTermsCap, type PaymentTerms } from '../core/payment-terms.js';
import type { PlainDate } from '../core/plain-date.js';

/** A warning shown with a saved record: saved anyway, but a person should look at it. */
export interface SaveWarning {
  code: 'over_legal_cap';
  field: string;
  message: string;
}

/** Whether a customer's standing terms can exceed the country's cap on some invoice. */
export function warnOnCustomerTerms(country: string, terms: PaymentTerms, field = 'payment_terms'): SaveWarning[] {
  const worst = checkStandingTermsCap(country, terms);
  return worst ? [{ code: worst.code, field, message: worst.message }] : [];
}

/** Whether one invoice's delay (issue date → due date) exceeds the country's cap. */
export function warnOnInvoiceDelay(country: string, issueDate: PlainDate, dueDate: PlainDate, field = 'due_date'): SaveWarning[] {
  const warning = checkInvoiceDelayCap(country, issueDate, dueDate);
  return warning ? [{ code: warning.code, field, message: warning.message }] : [];
}
