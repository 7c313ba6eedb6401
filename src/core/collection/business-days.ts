import { AppError } from '../app-error.js';
import { addDays, makeDate, parts, toDayNumber, type PlainDate } from '../plain-date.js';
import type { Bilingual } from '../scenarios/scenario.js';

/** Countries whose public holidays are known. */
export const HOLIDAY_COUNTRIES = ['FR', 'BE'] as const;
export type HolidayCountry = (typeof HOLIDAY_COUNTRIES)[number];

export function isHolidayCountry(code: string): code is HolidayCountry {
  return (HOLIDAY_COUNTRIES as readonly string[]).includes(code);
}

export interface PublicHoliday {
  readonly date: PlainDate;
  readonly name: Bilingual;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: PlainDate): number {
  // Day 0, 1970-01-01, was a Thursday (ISO 4).
  return ((((toDayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

/** Easter Sunday in the Gregorian calendar (the anonymous "Meeus/Jones/Butcher" computation). */
export function easterSunday(year: number): PlainDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return makeDate(year, month, day)!;
}

const fixed = (year: number, month: number, day: number, fr: string, en: string): PublicHoliday => ({
  date: makeDate(year, month, day)!,
  name: { fr, en },
});

/**
 * The public holidays on which no reminder goes out: France (Code du travail L3133-1) and
 * Belgium (loi du 4 janvier 1974). Local extras such as Good Friday and 26 December in
 * Alsace-Moselle are an organization's closed days.
 */
export function publicHolidays(year: number, country: HolidayCountry): PublicHoliday[] {
  const easter = easterSunday(year);
  const moving = (days: number, fr: string, en: string): PublicHoliday => ({ date: addDays(easter, days), name: { fr, en } });
  const common = [
    fixed(year, 1, 1, "Jour de l'an", "New Year's Day"),
    moving(1, 'Lundi de Pâques', 'Easter Monday'),
    fixed(year, 5, 1, 'Fête du travail', 'Labour Day'),
    moving(39, 'Ascension', 'Ascension Day'),
    moving(50, 'Lundi de Pentecôte', 'Whit Monday'),
    fixed(year, 8, 15, 'Assomption', 'Assumption Day'),
    fixed(year, 11, 1, 'Toussaint', "All Saints' Day"),
    fixed(year, 11, 11, 'Armistice', 'Armistice Day'),
    fixed(year, 12, 25, 'Noël', 'Christmas Day'),
  ];
  const national =
    country === 'FR'
      ? [fixed(year, 5, 8, 'Victoire 1945', 'Victory in Europe Day'), fixed(year, 7, 14, 'Fête nationale', 'Bastille Day')]
      : [fixed(year, 7, 21, 'Fête nationale', 'Belgian National Day')];
  return [...common, ...national].sort((x, y) => (x.date < y.date ? -1 : 1));
}

export interface BusinessDayOptions {
  /** ISO weekdays the organization works; Monday to Friday when left out. */
  readonly workingWeekdays?: readonly number[];
  /** The organization's own closed days (bridges, a local holiday). */
  readonly closedDays?: readonly PlainDate[];
}

const MONDAY_TO_FRIDAY = [1, 2, 3, 4, 5];

export function isBusinessDay(date: PlainDate, country: HolidayCountry, options: BusinessDayOptions = {}): boolean {
  if (!(options.workingWeekdays ?? MONDAY_TO_FRIDAY).includes(isoWeekday(date))) return false;
  if (options.closedDays?.includes(date)) return false;
  return !publicHolidays(parts(date).year, country).some((holiday) => holiday.date === date);
}

/** A wall-clock moment in the organization's time zone: a date and "HH:MM". */
export interface LocalMoment {
  readonly date: PlainDate;
  readonly time: string;
}

export interface SendingCalendar extends BusinessDayOptions {
  readonly country: HolidayCountry;
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
  if (isBusinessDay(from.date, calendar.country, calendar)) {
    if (now < start) return { date: from.date, time: calendar.hours.start };
    if (now < end) return from;
  }
  let date = from.date;
  for (let i = 0; i < SEARCH_LIMIT_DAYS; i += 1) {
    date = addDays(date, 1);
    if (isBusinessDay(date, calendar.country, calendar)) return { date, time: calendar.hours.start };
  }
  throw new AppError('configuration', `no business day within a year after ${from.date}; check the working days`, { field: 'workingWeekdays' });
}

/**
 * The business day `days` business days after `from` (a Friday plus 2 is the Tuesday, a public
 * holiday in between pushes it one day further). `from` itself need not be a business day.
 */
export function addBusinessDays(from: PlainDate, days: number, country: HolidayCountry, options: BusinessDayOptions = {}): PlainDate {
  if (!Number.isInteger(days) || days < 1) throw new AppError('validation_failed', `a number of business days must be a whole number from 1, got ${days}`, { field: 'days' });
  let date = from;
  let left = days;
  for (let i = 0; i < SEARCH_LIMIT_DAYS * days; i += 1) {
    date = addDays(date, 1);
    if (isBusinessDay(date, country, options)) left -= 1;
    if (left === 0) return date;
  }
  throw new AppError('configuration', `no ${days} business days within a year after ${from}; check the working days`, { field: 'workingWeekdays' });
}
