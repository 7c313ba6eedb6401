import Holidays from 'date-holidays';
import { AppError } from '../../core/app-error.js';
import type { HolidayCalendar } from '../../core/collection/business-days.js';
import type { PlainDate } from '../../core/plain-date.js';

/** The countries Relance serves, whose public holidays it knows. */
export const HOLIDAY_COUNTRIES = ['FR', 'BE', 'DE', 'NL', 'LU'] as const;
export type HolidayCountry = (typeof HOLIDAY_COUNTRIES)[number];

export function isHolidayCountry(code: string): code is HolidayCountry {
  return (HOLIDAY_COUNTRIES as readonly string[]).includes(code);
}

/** A region whose public holidays differ from the rest of its country, as date-holidays names it. */
export interface HolidayRegion {
  readonly code: string;
  readonly name: string;
}

const catalogue = new Holidays();

/** The regions of a country with holidays of their own (Moselle, Bas-Rhin and Haut-Rhin in France, the German Länder…). */
export function holidayRegions(country: string): HolidayRegion[] {
  const states = catalogue.getStates(country.toUpperCase()) ?? {};
  return Object.entries(states)
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => a.code.localeCompare(b.code));
}

/**
 * The region code as date-holidays spells it, or an error that lists the valid ones. An empty
 * value means the whole country's calendar.
 */
export function requireHolidayRegion(country: string, region: string | null | undefined, field = 'holiday_region'): string | null {
  const code = region?.trim().toUpperCase() ?? '';
  if (code === '') return null;
  const regions = holidayRegions(country);
  if (regions.some((r) => r.code === code)) return code;
  const valid = regions.length === 0 ? `${country} has no region with holidays of its own` : `valid regions: ${regions.map((r) => `${r.code} (${r.name})`).join(', ')}`;
  throw new AppError('validation_failed', `${field}: "${region}" is not a holiday region of ${country}; ${valid}`, { field });
}

const calendars = new Map<string, HolidayCalendar>();

/**
 * The public holidays of a country, or of one of its regions. Only days the law makes public
 * holidays count: bank holidays, school holidays and observances (Easter Sunday, Whit Sunday in
 * most of the list, Bevrijdingsdag outside its lustrum years) leave business days alone.
 * A country Relance does not serve falls back to weekends only, with the organization's own
 * closed days on top.
 */
export function publicHolidayCalendar(country: string, region: string | null = null): HolidayCalendar {
  const code = country.toUpperCase();
  const key = `${code}/${region ?? ''}`;
  const known = calendars.get(key);
  if (known) return known;
  const source = isHolidayCountry(code) ? (region ? new Holidays(code, region, { types: ['public'] }) : new Holidays(code, { types: ['public'] })) : null;
  const byYear = new Map<number, ReadonlySet<string>>();
  const yearOf = (year: number): ReadonlySet<string> => {
    let dates = byYear.get(year);
    if (!dates) {
      const found = source ? source.getHolidays(year) : [];
      dates = new Set(found.filter((holiday) => holiday.type === 'public').map((holiday) => holiday.date.slice(0, 10)));
      byYear.set(year, dates);
    }
    return dates;
  };
  const calendar: HolidayCalendar = { isHoliday: (date: PlainDate) => yearOf(Number(date.slice(0, 4))).has(date) };
  calendars.set(key, calendar);
  return calendar;
}
