import { describe, expect, it } from 'vitest';
import { addBusinessDays, isBusinessDay } from '../../core/collection/business-days.js';
import type { PlainDate } from '../../core/plain-date.js';
import { holidayRegions, publicHolidayCalendar, requireHolidayRegion } from './public-holidays.js';

const d = (s: string) => s as PlainDate;

describe('public holidays of the countries Relance serves', () => {
  it('sends nothing in France on 8 May (Victoire 1945), which falls on a Friday in 2026', () => {
    expect(isBusinessDay(d('2026-05-08'), publicHolidayCalendar('FR'))).toBe(false);
    expect(isBusinessDay(d('2026-05-07'), publicHolidayCalendar('FR'))).toBe(true);
  });

  it('keeps 26 December a business day in France, but not in Alsace-Moselle', () => {
    expect(isBusinessDay(d('2026-12-26'), publicHolidayCalendar('FR'), { workingWeekdays: [1, 2, 3, 4, 5, 6] })).toBe(true);
    for (const region of ['57', '67', '68']) {
      expect(isBusinessDay(d('2026-12-26'), publicHolidayCalendar('FR', region), { workingWeekdays: [1, 2, 3, 4, 5, 6] })).toBe(false);
    }
    // Good Friday too: 3 April 2026.
    expect(isBusinessDay(d('2026-04-03'), publicHolidayCalendar('FR', '57'))).toBe(false);
    expect(isBusinessDay(d('2026-04-03'), publicHolidayCalendar('FR'))).toBe(true);
  });

  it('knows each country’s national day: Belgium 21 July, Germany 3 October, the Netherlands 27 April, Luxembourg 9 May', () => {
    expect(isBusinessDay(d('2026-07-21'), publicHolidayCalendar('BE'))).toBe(false);
    expect(isBusinessDay(d('2026-07-21'), publicHolidayCalendar('FR'))).toBe(true);
    expect(isBusinessDay(d('2025-10-03'), publicHolidayCalendar('DE'))).toBe(false);
    expect(isBusinessDay(d('2025-10-03'), publicHolidayCalendar('NL'))).toBe(true);
    expect(isBusinessDay(d('2026-04-27'), publicHolidayCalendar('NL'))).toBe(false);
    expect(isBusinessDay(d('2026-04-27'), publicHolidayCalendar('BE'))).toBe(true);
    expect(isBusinessDay(d('2025-05-09'), publicHolidayCalendar('LU'))).toBe(false);
    expect(isBusinessDay(d('2025-05-09'), publicHolidayCalendar('FR'))).toBe(true);
  });

  it('counts public holidays only: Easter Monday is off in Germany, Shrove Tuesday (an observance) is not', () => {
    expect(isBusinessDay(d('2026-04-06'), publicHolidayCalendar('DE'))).toBe(false);
    expect(isBusinessDay(d('2026-02-17'), publicHolidayCalendar('DE'))).toBe(true);
  });

  it('counts business days over a regional holiday', () => {
    // Friday 3 October 2025 is off all over Germany; Monday 6 October is the next business day.
    expect(addBusinessDays(d('2025-10-02'), 1, publicHolidayCalendar('DE'))).toBe('2025-10-06');
    // Reformation Day, 31 October, is off in Saxony only.
    expect(addBusinessDays(d('2025-10-30'), 1, publicHolidayCalendar('DE', 'SN'))).toBe('2025-11-03');
    expect(addBusinessDays(d('2025-10-30'), 1, publicHolidayCalendar('DE', 'NW'))).toBe('2025-10-31');
  });

  it('accepts the regions the holiday library knows and refuses others, listing the valid ones', () => {
    expect(holidayRegions('FR').map((r) => r.code)).toEqual(expect.arrayContaining(['57', '67', '68']));
    expect(requireHolidayRegion('FR', ' 57 ')).toBe('57');
    expect(requireHolidayRegion('DE', 'by')).toBe('BY');
    expect(requireHolidayRegion('FR', '')).toBeNull();
    expect(() => requireHolidayRegion('FR', 'GES')).toThrow(/not a holiday region of FR; valid regions: .*57 \(Département Moselle\)/);
    expect(() => requireHolidayRegion('LU', 'X')).toThrow('LU has no region with holidays of its own');
  });
});
