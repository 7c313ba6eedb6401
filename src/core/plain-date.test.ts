import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween, endOfMonth, fromDayNumber, parseLooseDate, toDayNumber, todayIn, type PlainDate } from './plain-date.js';

const d = (s: string) => s as PlainDate;

describe('plain dates', () => {
  it('round-trips every day of four centuries through day numbers', () => {
    let date = d('1900-01-01');
    const start = toDayNumber(date);
    for (let i = 0; i < 146097; i += 1) {
      expect(toDayNumber(date)).toBe(start + i);
      date = fromDayNumber(start + i + 1);
    }
    expect(date).toBe('2300-01-01');
  });

  it('agrees with the calendar on leap days and month ends', () => {
    expect(addDays(d('2024-02-28'), 1)).toBe('2024-02-29');
    expect(addDays(d('2023-02-28'), 1)).toBe('2023-03-01');
    expect(daysBetween(d('2024-01-01'), d('2025-01-01'))).toBe(366);
    expect(endOfMonth(d('2100-02-10'))).toBe('2100-02-28');
    expect(addMonths(d('2025-01-31'), 1)).toBe('2025-02-28');
  });

  it('reads the date forms of accounting exports, day first', () => {
    expect(parseLooseDate('31/03/2025')).toBe('2025-03-31');
    expect(parseLooseDate('1.4.2025')).toBe('2025-04-01');
    expect(parseLooseDate('20220831')).toBe('2022-08-31');
    expect(parseLooseDate('2025-02-30')).toBeNull();
    expect(parseLooseDate('13/13/2025')).toBeNull();
  });

  it("takes today's date in the organization's zone, not the server's", () => {
    const lateEvening = new Date('2025-06-30T22:30:00Z');
    expect(todayIn('Europe/Paris', lateEvening)).toBe('2025-07-01');
    expect(todayIn('America/New_York', lateEvening)).toBe('2025-06-30');
  });

  it('turns the day at midnight to the millisecond, however often the day is asked', () => {
    expect(todayIn('Europe/Paris', new Date('2025-06-30T21:59:00.000Z'))).toBe('2025-06-30');
    expect(todayIn('Europe/Paris', new Date('2025-06-30T21:59:59.999Z'))).toBe('2025-06-30');
    expect(todayIn('Europe/Paris', new Date('2025-06-30T22:00:00.000Z'))).toBe('2025-07-01');
    expect(todayIn('Asia/Kathmandu', new Date('2025-06-30T18:14:59.999Z'))).toBe('2025-06-30');
    expect(todayIn('Asia/Kathmandu', new Date('2025-06-30T18:15:00.000Z'))).toBe('2025-07-01');
    expect(todayIn('Europe/Paris', new Date('2025-06-30T21:59:30.000Z'))).toBe('2025-06-30');
  });
});
