import { AppError } from '../app-error.js';
import type { PlainDate } from '../plain-date.js';
import { addBusinessDays, type BusinessDayOptions, type HolidayCalendar } from './business-days.js';

/** What a person records after making a call task's call. */
export const CALL_OUTCOMES = ['reached', 'promise', 'dispute', 'no_answer'] as const;
export type CallOutcomeKind = (typeof CALL_OUTCOMES)[number];

// Three unanswered calls over about a week is the point where phoning again costs more than
// the written steps that follow; the scenario then goes on without the call.
export const MAX_CALL_ATTEMPTS = 3;

// Two business days leave the customer time to call back before being called again.
export const DEFAULT_CALL_RETRY_BUSINESS_DAYS = 2;

export interface CallCalendar extends BusinessDayOptions {
  readonly holidays: HolidayCalendar;
}

/** After an unanswered call: call again on a later business day, or give up and say so. */
export type UnansweredFollowUp = { readonly kind: 'retry'; readonly attempt: number; readonly dueOn: PlainDate } | { readonly kind: 'unreachable'; readonly attempts: number };

/**
 * What follows attempt `attempt` going unanswered on `on`: the next attempt, `retryInBusinessDays`
 * business days later, until `MAX_CALL_ATTEMPTS` calls have gone unanswered.
 */
export function followUpUnanswered(attempt: number, on: PlainDate, calendar: CallCalendar, retryInBusinessDays = DEFAULT_CALL_RETRY_BUSINESS_DAYS): UnansweredFollowUp {
  if (!Number.isInteger(attempt) || attempt < 1) throw new AppError('internal', `a call attempt is counted from 1, got ${attempt}`);
  if (!Number.isInteger(retryInBusinessDays) || retryInBusinessDays < 1 || retryInBusinessDays > 20) {
    throw new AppError('validation_failed', `retry_in_days must be a whole number of business days from 1 to 20, got ${retryInBusinessDays}`, { field: 'retry_in_days' });
  }
  if (attempt >= MAX_CALL_ATTEMPTS) return { kind: 'unreachable', attempts: attempt };
  return { kind: 'retry', attempt: attempt + 1, dueOn: addBusinessDays(on, retryInBusinessDays, calendar.holidays, calendar) };
}
