import { AppError, type ErrorCode } from '../../core/app-error.js';

/**
 * Why the debtor page refused what a customer sent, as a code from a closed list the page words
 * in the customer's language (fr, en, nl, de); `field` names the form field to correct.
 */
export const DEBTOR_REFUSALS = [
  'invalid_date',
  'date_in_future',
  'date_in_past',
  'promise_too_far',
  'invalid_amount',
  'nothing_open',
  'unknown_invoice',
  'already_disputed',
  'invalid_reason',
  'missing_text',
  'text_too_long',
  'invalid_email',
  'invalid_instalments',
  'plan_currencies',
  'file_too_large',
  'file_type',
  'invalid_field',
] as const;
export type DebtorRefusalCode = (typeof DEBTOR_REFUSALS)[number];

/** An AppError that also says, by a code of the closed list, why the page refused. */
export class DebtorRefusal extends AppError {
  readonly why: DebtorRefusalCode;
  constructor(why: DebtorRefusalCode, message: string, field: string, code: ErrorCode = 'validation_failed') {
    super(code, message, { field });
    this.why = why;
  }
}

/** The refusal code of any error a page action raised, including those of the collection functions it reuses. */
export function refusalCodeOf(error: AppError): DebtorRefusalCode {
  if (error instanceof DebtorRefusal) return error.why;
  if (error.code === 'invalid_date') return 'invalid_date';
  if (error.code === 'invalid_amount') return 'invalid_amount';
  if (error.code === 'conflict') return 'already_disputed';
  if (error.code === 'not_found' || /nothing is open on invoice/.test(error.message)) return 'unknown_invoice';
  if (/owes nothing|nothing is open for this customer|nothing to promise/i.test(error.message)) return 'nothing_open';
  if (/currency/.test(error.message)) return 'plan_currencies';
  if (/dated today or earlier/.test(error.message)) return 'date_in_future';
  if (/day to come/.test(error.message)) return 'date_in_past';
  if (/instalment/.test(error.message)) return 'invalid_instalments';
  return 'invalid_field';
}
