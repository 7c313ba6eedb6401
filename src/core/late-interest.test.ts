import { describe, expect, it } from 'vitest';
import { STATUTORY_RATES } from './law/statutory-rates.js';
import { computeLateInterest, halfYearId, halfYearsOf } from './late-interest.js';
import type { PlainDate } from './plain-date.js';

const d = (s: string) => s as PlainDate;

describe('late interest', () => {
  it('counts from the day after the due date up to and including the payment date', () => {
    // 10,000.00 EUR, FR, due 2025-03-31, paid 2025-04-30: 30 days at 13.15 %.
    const r = computeLateInterest(STATUTORY_RATES.fr, 1_000_000, d('2025-03-31'), d('2025-04-30'));
    expect(r.daysLate).toBe(30);
    // 10000 × 13.15 % × 30 / 365 = 108.082… → 108.08
    expect(r.interestMinor).toBe(10808);
    expect(r.indemnityMinor).toBe(4000);
    expect(r.periods).toEqual([{ from: '2025-04-01', to: '2025-04-30', days: 30, percent: '13.15', interestMinor: 10808 }]);
  });

  it('applies each half-year its own rate and rounds the total once, half up', () => {
    // 1,234.56 EUR, BE, due 2025-06-15, paid 2025-07-20: 15 days at 11.5 %, 20 days at 10.5 %.
    const r = computeLateInterest(STATUTORY_RATES.be, 123_456, d('2025-06-15'), d('2025-07-20'));
    expect(r.periods.map((p) => [p.from, p.to, p.days, p.percent])).toEqual([
      ['2025-06-16', '2025-06-30', 15, '11.5'],
      ['2025-07-01', '2025-07-20', 20, '10.5'],
    ]);
    // 1234.56 × (0.115 × 15 + 0.105 × 20) / 365 = 1234.56 × 3.825 / 365 = 12.9375… → 12.94
    expect(r.interestMinor).toBe(1294);
  });

  it('divides by 365 in a leap year too', () => {
    // 2024 is a leap year: 366 days late over the whole of 2024 at DE rates 12.62 % and 12.37 %.
    const r = computeLateInterest(STATUTORY_RATES.de, 100_000, d('2023-12-31'), d('2024-12-31'));
    expect(r.daysLate).toBe(366);
    // 1000 × (0.1262 × 182 + 0.1237 × 184) / 365 = 1000 × (22.9684 + 22.7608) / 365 = 125.2854… → 125.29
    expect(r.interestMinor).toBe(12529);
  });

  it('says when late days fall past the last known rate instead of reusing it', () => {
    const r = computeLateInterest(STATUTORY_RATES.fr, 100_000, d('2026-06-20'), d('2026-08-10'));
    expect(r.interestMinor).toBeNull();
    expect(r.unknownFrom).toBe('2026-07-01');
    expect(r.unknownTo).toBe('2026-08-10');
    expect(r.gaps).toEqual([{ from: '2026-07-01', to: '2026-08-10' }]);
    expect(r.periods).toHaveLength(1);
    // The ten days of June that have a rate: 1000 × 12.15 % × 10 / 365 = 3.328… → 3.33
    expect(r.coveredInterestMinor).toBe(333);
  });

  it('names the half-years of the days without a rate', () => {
    expect(halfYearsOf([{ from: d('2026-07-01'), to: d('2027-01-05') }]).map(halfYearId)).toEqual(['2026-H2', '2027-H1']);
    expect(halfYearsOf([{ from: d('2026-12-31'), to: d('2026-12-31') }]).map(halfYearId)).toEqual(['2026-H2']);
  });

  it('charges nothing for an invoice paid on time', () => {
    const r = computeLateInterest(STATUTORY_RATES.eu, 100_000, d('2025-05-10'), d('2025-05-10'));
    expect([r.daysLate, r.interestMinor, r.indemnityMinor]).toEqual([0, 0, 0]);
  });
});
