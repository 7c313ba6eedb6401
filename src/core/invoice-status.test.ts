import { describe, expect, it } from 'vitest';
import { daysOverdue, invoiceStatus } from './invoice-status.js';
import type { PlainDate } from './plain-date.js';

const d = (s: string) => s as PlainDate;

describe('invoice status', () => {
  it('is not late on its due date, one day late the day after', () => {
    expect(daysOverdue(d('2025-03-31'), d('2025-03-31'))).toBe(0);
    expect(daysOverdue(d('2025-03-31'), d('2025-04-01'))).toBe(1);
    expect(daysOverdue(d('2025-03-31'), d('2025-01-01'))).toBe(0);
  });

  it('calls an invoice paid once nothing is left, even long after its due date', () => {
    expect(invoiceStatus(0, d('2025-01-31'), d('2025-06-01'))).toBe('paid');
    expect(invoiceStatus(-100, d('2025-01-31'), d('2025-06-01'))).toBe('paid');
    expect(invoiceStatus(100, d('2025-01-31'), d('2025-01-31'))).toBe('open');
    expect(invoiceStatus(100, d('2025-01-31'), d('2025-02-01'))).toBe('overdue');
  });
});
