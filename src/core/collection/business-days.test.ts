import { describe, expect, it } from 'vitest';
import type { PlainDate } from '../plain-date.js';
import { addBusinessDays, isBusinessDay, isoWeekday, nextSendingSlot, type HolidayCalendar, type SendingCalendar } from './business-days.js';

const d = (s: string) => s as PlainDate;
// The 2025 holidays these cases cross; the full calendars come from an adapter.
const holidaysOn = (...dates: string[]): HolidayCalendar => ({ isHoliday: (date) => dates.includes(date) });
const FR = holidaysOn('2025-06-09', '2025-07-14');
const BE = holidaysOn('2025-06-09', '2025-07-21');
const PARIS: SendingCalendar = { holidays: FR, hours: { start: '09:00', end: '18:00' } };
const BRUSSELS: SendingCalendar = { holidays: BE, hours: { start: '08:30', end: '17:00' } };

describe('business days (invariant 4: messages go out on business days only)', () => {
  it('knows the weekday of a date', () => {
    expect(isoWeekday(d('1970-01-01'))).toBe(4);
    expect(isoWeekday(d('2025-06-09'))).toBe(1);
    expect(isoWeekday(d('2025-06-08'))).toBe(7);
  });

  it('does not send on a weekend', () => {
    expect(isBusinessDay(d('2025-06-07'), FR)).toBe(false);
    expect(isBusinessDay(d('2025-06-08'), BE)).toBe(false);
    expect(isBusinessDay(d('2025-06-10'), FR)).toBe(true);
  });

  it('does not send on a public holiday of the organization’s calendar only', () => {
    expect(isBusinessDay(d('2025-07-14'), FR)).toBe(false);
    expect(isBusinessDay(d('2025-07-14'), BE)).toBe(true);
    expect(isBusinessDay(d('2025-07-21'), BE)).toBe(false);
    expect(isBusinessDay(d('2025-07-21'), FR)).toBe(true);
  });

  it("honours the organization's own closed days and working week", () => {
    expect(isBusinessDay(d('2025-05-30'), FR, { closedDays: [d('2025-05-30')] })).toBe(false);
    expect(isBusinessDay(d('2025-06-07'), FR, { workingWeekdays: [1, 2, 3, 4, 5, 6] })).toBe(true);
  });
});

describe('next sending slot (invariant 4: inside business hours)', () => {
  it('sends right away inside business hours of a business day', () => {
    expect(nextSendingSlot({ date: d('2025-06-10'), time: '10:15' }, PARIS)).toEqual({ date: '2025-06-10', time: '10:15' });
  });

  it('waits for the opening hour when the run happens early in the morning', () => {
    expect(nextSendingSlot({ date: d('2025-06-10'), time: '06:00' }, PARIS)).toEqual({ date: '2025-06-10', time: '09:00' });
  });

  it('moves to the next business morning after closing time, the end hour being closed', () => {
    expect(nextSendingSlot({ date: d('2025-06-10'), time: '18:00' }, PARIS)).toEqual({ date: '2025-06-11', time: '09:00' });
  });

  it('skips a weekend followed by a public holiday', () => {
    // Friday evening before Whit Monday 2025: Saturday, Sunday and Monday 9 June are closed.
    expect(nextSendingSlot({ date: d('2025-06-06'), time: '19:30' }, PARIS)).toEqual({ date: '2025-06-10', time: '09:00' });
    expect(nextSendingSlot({ date: d('2025-07-20'), time: '12:00' }, BRUSSELS)).toEqual({ date: '2025-07-22', time: '08:30' });
  });

  it('refuses business hours that end before they start', () => {
    expect(() => nextSendingSlot({ date: d('2025-06-10'), time: '10:00' }, { holidays: FR, hours: { start: '18:00', end: '09:00' } })).toThrow(
      'business hours must start before they end',
    );
  });

  it('counts business days forward over a weekend and a public holiday', () => {
    // Friday 13 June 2025 + 2 → Tuesday 17; Friday 6 June + 1 → Tuesday 10, Whit Monday being off in France.
    expect(addBusinessDays(d('2025-06-13'), 2, FR)).toBe('2025-06-17');
    expect(addBusinessDays(d('2025-06-06'), 1, FR)).toBe('2025-06-10');
    expect(addBusinessDays(d('2025-06-14'), 1, FR)).toBe('2025-06-16');
    // 21 July is a holiday in Belgium only.
    expect(addBusinessDays(d('2025-07-18'), 1, BE)).toBe('2025-07-22');
    expect(addBusinessDays(d('2025-07-18'), 1, FR)).toBe('2025-07-21');
    expect(addBusinessDays(d('2025-06-13'), 1, FR, { workingWeekdays: [1, 2, 3, 4, 5, 6] })).toBe('2025-06-14');
    expect(() => addBusinessDays(d('2025-06-13'), 0, FR)).toThrow('whole number from 1');
  });
});
