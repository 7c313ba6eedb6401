import { AppError } from '../app-error.js';
import { addDays, toDayNumber, type PlainDate } from '../plain-date.js';

/**
 * Says which dates are public holidays where the organization works (its country and, where
 * holidays differ inside it, its region). The calendars themselves come from a maintained
 * source outside the core, since they change by law and by region more often than code does.
 */
export interface HolidayCalendar {
  isHoliday(date: PlainDate): boolean;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: PlainDate): number {
  // Day 0, 1970-01-01, was a Thursday (ISO 4).
  return ((((toDayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

export interface BusinessDayOptions {
  /** ISO weekdays the organization works; Monday to Friday when left out. */
  readonly workingWeekdays?: readonly number[];
  /** The organization's own closed days (bridges, a local holiday). */
  readonly closedDays?: readonly PlainDate[];
}

const MONDAY_TO_FRIDAY = [1, 2, 3, 4, 5];

export function isBusinessDay(date: PlainDate, holidays: HolidayCalendar, options: BusinessDayOptions = {}): boolean {
  if (!(options.workingWeekdays ?? MONDAY_TO_FRIDAY).includes(isoWeekday(date))) return false;
  if (options.closedDays?.includes(date)) return false;
  return !holidays.isHoliday(date);
}

/** A wall-clock moment in the organization's time zone: a date and "HH:MM". */
export interface LocalMoment {
  readonly date: PlainDate;
  readonly time: string;
}

export interface SendingCalendar extends BusinessDayOptions {
  readonly holidays: HolidayCalendar;
  /** Business hours, "HH:MM" in the organization's time zone; the end is exclusive. */
  readonly hours: { readonly start: string; readonly end: string };
}

function minutesOf(time: string, field: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!m) throw new AppError('configuration', `${field} must be a time written HH:MM, got "${time}"`, { field });
  return Number(m[1]) * 60 + Number(m[2]);
}

// A year without a single business day means the calendar is misconfigured, not that the
// message should wait forever.
const SEARCH_LIMIT_DAYS = 366;

/**
 * The first moment at or after `from` when a message may go out: a business day, inside the
 * business hours. Times are local to the organization; turning the wall clock into a local
 * moment is the caller's job, through the organization's time zone.
 */
export function nextSendingSlot(from: LocalMoment, calendar: SendingCalendar): LocalMoment {
  const start = minutesOf(calendar.hours.start, 'hours.start');
  const end = minutesOf(calendar.hours.end, 'hours.end');
  if (start >= end) throw new AppError('configuration', 'business hours must start before they end', { field: 'hours' });
  const now = minutesOf(from.time, 'time');
  if (isBusinessDay(from.date, calendar.holidays, calendar)) {
    if (now < start) return { date: from.date, time: calendar.hours.start };
    if (now < end) return from;
  }
  let date = from.date;
  for (let i = 0; i < SEARCH_LIMIT_DAYS; i += 1) {
    date = addDays(date, 1);
    if (isBusinessDay(date, calendar.holidays, calendar)) return { date, time: calendar.hours.start };
  }
  throw new AppError('configuration', `no business day within a year after ${from.date}; check the working days`, { field: 'workingWeekdays' });
}

/**
 * The business day `days` business days after `from` (a Friday plus 2 is the Tuesday, a public
 * holiday in between pushes it one day further). `from` itself need not be a business day.
 */
export function addBusinessDays(from: PlainDate, days: number, holidays: HolidayCalendar, options: BusinessDayOptions = {}): PlainDate {
  if (!Number.isInteger(days) || days < 1) throw new AppError('validation_failed', `a number of business days must be a whole number from 1, got ${days}`, { field: 'days' });
  let date = from;
  let left = days;
  for (let i = 0; i < SEARCH_LIMIT_DAYS * days; i += 1) {
    date = addDays(date, 1);
    if (isBusinessDay(date, holidays, options)) left -= 1;
    if (left === 0) return date;
  }
  throw new AppError('configuration', `no ${days} business days within a year after ${from}; check the working days`, { field: 'workingWeekdays' });
}
