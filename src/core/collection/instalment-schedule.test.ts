import { describe, expect, it } from 'vitest';
import type { PlainDate } from '../plain-date.js';
import { splitIntoInstalments } from './instalment-schedule.js';

describe('splitIntoInstalments', () => {
  it('splits 1,000.00 into three monthly instalments that add up to the cent', () => {
    expect(splitIntoInstalments(1000_00, 3, '2026-01-31' as PlainDate, 'month')).toEqual([
      { dueDate: '2026-01-31', amountMinor: 333_34 },
      { dueDate: '2026-02-28', amountMinor: 333_33 },
      { dueDate: '2026-03-31', amountMinor: 333_33 },
    ]);
  });

  it('spaces instalments a week or two weeks apart', () => {
    expect(splitIntoInstalments(90_00, 2, '2026-03-02' as PlainDate, 'two_weeks').map((i) => i.dueDate)).toEqual(['2026-03-02', '2026-03-16']);
    expect(splitIntoInstalments(90_00, 2, '2026-03-02' as PlainDate, 'week').map((i) => i.dueDate)).toEqual(['2026-03-02', '2026-03-09']);
  });

  it('refuses more instalments than cents owed, and counts outside 1 to 60', () => {
    expect(() => splitIntoInstalments(2, 3, '2026-03-02' as PlainDate, 'month')).toThrow(/too small/);
    expect(() => splitIntoInstalments(100_00, 0, '2026-03-02' as PlainDate, 'month')).toThrow(/from 1 to 60/);
  });
});
