import { describe, expect, it } from 'vitest';
import { bucketFor, computeAging, computeDso } from './aging.js';
import type { PlainDate } from './plain-date.js';

const d = (s: string) => s as PlainDate;

describe('aging', () => {
  it('puts an invoice due today in "not due" and one due yesterday in 1-30', () => {
    expect(bucketFor(d('2025-03-10'), d('2025-03-10'))).toBe('not_due');
    expect(bucketFor(d('2025-03-09'), d('2025-03-10'))).toBe('d1_30');
    expect(bucketFor(d('2025-02-08'), d('2025-03-10'))).toBe('d1_30');
    expect(bucketFor(d('2025-02-07'), d('2025-03-10'))).toBe('d31_60');
    expect(bucketFor(d('2024-12-10'), d('2025-03-10'))).toBe('d61_90');
    expect(bucketFor(d('2024-12-09'), d('2025-03-10'))).toBe('over_90');
  });

  it('lowers the balance by unapplied credit without putting it in a bucket', () => {
    const aging = computeAging(
      'EUR',
      [
        { customerId: 'a', dueDate: d('2025-01-01'), openMinor: 10000, currency: 'EUR' },
        { customerId: 'a', dueDate: d('2025-04-01'), openMinor: 5000, currency: 'EUR' },
        { customerId: 'b', dueDate: d('2025-03-01'), openMinor: 2500, currency: 'EUR' },
      ],
      [{ customerId: 'a', minor: 3000, currency: 'EUR' }],
      d('2025-03-10'),
    );
    const a = aging.byCustomer.get('a')!;
    expect(a.balance).toBe(12000);
    expect(a.buckets).toEqual({ not_due: 5000, d1_30: 0, d31_60: 0, d61_90: 10000, over_90: 0 });
    expect(a.overdue).toBe(10000);
    expect(a.oldestDueDate).toBe('2025-01-01');
    expect(aging.total.balance).toBe(14500);
    expect(aging.total.overdue).toBe(12500);
  });

  it('computes DSO from receivables and the sales of the period', () => {
    expect(computeDso(50000, 150000, 90)).toBe(30);
    expect(computeDso(1000, 0, 90)).toBeNull();
  });
});
