import { AppError } from './app-error.js';

/**
 * A calendar date, "YYYY-MM-DD", with no time and no time zone. Arithmetic goes through a day
 * number (days since 1970-01-01 in the proleptic Gregorian calendar), never through `Date`,
 * so a due date cannot shift by a day when the server's zone changes.
 */
export type PlainDate = string & { readonly __brand: 'PlainDate' };

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

export function makeDate(year: number, month: number, day: number): PlainDate | null {
  if (!Number.isInteger(year) || year < 1 || year > 9999) return null;
  if (!Number.isInteger(month) || month < 1 || month > 12) return null;
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` as PlainDate;
}

export function parseIsoDate(text: string): PlainDate | null {
  const m = ISO.exec(text.trim());
  if (!m) return null;
  return makeDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function parseDate(text: string, field = 'date'): PlainDate {
  const date = parseIsoDate(text);
  if (date === null) throw new AppError('invalid_date', `${field} must be a date written YYYY-MM-DD`, { field });
  return date;
}

/**
 * Reads the date forms accounting exports use: ISO "2025-03-31", French "31/03/2025" (also
 * with "-" or "."), and FEC's "20250331". Slash dates are day first: these files come from
 * European software.
 */
export function parseLooseDate(text: string): PlainDate | null {
  const s = text.trim();
  const iso = parseIsoDate(s);
  if (iso) return iso;
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) return makeDate(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return makeDate(Number(m[1]), Number(m[2]), Number(m[3]));
  return null;
}

export function parts(date: PlainDate): { year: number; month: number; day: number } {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

/** Days since 1970-01-01 (Howard Hinnant's days_from_civil). */
export function toDayNumber(date: PlainDate): number {
  const { year, month, day } = parts(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromDayNumber(n: number): PlainDate {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return makeDate(year, month, day)!;
}

export function addDays(date: PlainDate, days: number): PlainDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: PlainDate, to: PlainDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

export function endOfMonth(date: PlainDate): PlainDate {
  const { year, month } = parts(date);
  return makeDate(year, month, daysInMonth(year, month))!;
}

export function addMonths(date: PlainDate, months: number): PlainDate {
  const { year, month, day } = parts(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return makeDate(y, m, Math.min(day, daysInMonth(y, m)))!;
}

export function compareDates(a: PlainDate, b: PlainDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function minDate(a: PlainDate, b: PlainDate): PlainDate {
  return a <= b ? a : b;
}

export function maxDate(a: PlainDate, b: PlainDate): PlainDate {
  return a >= b ? a : b;
}

/** The date an instant falls on in a time zone ("Europe/Paris"): the only place a clock reading becomes a date. */
// Making a formatter costs far more than using one, and every request asks the day. A day
// starts on a whole minute in every time zone in use (offsets are whole quarter-hours), so the
// day found for a minute holds for all of it.
const dayFormats = new Map<string, { format: Intl.DateTimeFormat; minute: number; day: PlainDate | null }>();

export function todayIn(timeZone: string, now: Date): PlainDate {
  let kept = dayFormats.get(timeZone);
  if (!kept) {
    kept = { format: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }), minute: Number.NaN, day: null };
    dayFormats.set(timeZone, kept);
  }
  const minute = Math.floor(now.getTime() / 60_000);
  if (minute !== kept.minute || kept.day === null) {
    kept.day = parseIsoDate(kept.format.format(now))!;
    kept.minute = minute;
  }
  return kept.day;
}

/**
 * The day a figure is computed for: named outright, or read off the caller's clock. There is no
 * third way, so no figure quietly takes the day of the machine it runs on (tests fix the clock).
 */
export type AsOf = { asOf: PlainDate; now?: Date } | { asOf?: PlainDate; now: Date };

/** The day `when` names, or the clock's day in the given time zone. */
export function asOfIn(timeZone: string, when: AsOf): PlainDate {
  return when.asOf ?? todayIn(timeZone, (when as { now: Date }).now);
}
