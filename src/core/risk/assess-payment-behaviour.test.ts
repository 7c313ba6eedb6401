import { describe, expect, it } from 'vitest';
import { addDays, addMonths, type PlainDate } from '../plain-date.js';
import { assessPaymentBehaviour, type InvoiceHistoryEntry } from './assess-payment-behaviour.js';

const d = (s: string) => s as PlainDate;

/** An invoice issued `monthsAgo` months before 2025-12-31, net 30, paid `daysLate` after its due date (null: unpaid). */
function invoice(monthsAgo: number, daysLate: number | null, amountMinor = 100_000): InvoiceHistoryEntry {
  const issueDate = addMonths(d('2025-12-01'), -monthsAgo);
  const dueDate = addDays(issueDate, 30);
  return { issueDate, dueDate, amountMinor, settledOn: daysLate === null ? null : addDays(dueDate, daysLate) };
}

const AS_OF = d('2025-12-31');
const assess = (invoices: InvoiceHistoryEntry[], creditLimitMinor: number | null = null) =>
  assessPaymentBehaviour({ invoices, asOf: AS_OF, creditLimitMinor });

describe('payment behaviour and risk', () => {
  it('rates a customer who always pays on time as low risk', () => {
    const result = assess([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1].map((m) => invoice(m, m % 2 === 0 ? 0 : -3)));
    expect(result).toMatchObject({ invoicesConsidered: 12, lateCount: 0, averageDaysLate: 0, lateShare: 0, lateness: 'none', riskLevel: 'low' });
    expect(result.reasons.map((reason) => reason.en)).toEqual(['No late payment on 12 invoices']);
  });

  it('calls one late payment among many exceptional and keeps the risk low', () => {
    const history = [11, 10, 9, 8, 7, 6, 5, 4, 3, 2].map((m) => invoice(m, 0));
    const result = assess([...history, invoice(12, 20)]);
    // 20 days late once among 11 invoices: 20 / 11 = 1.8 days on average.
    expect(result).toMatchObject({ lateCount: 1, averageDaysLate: 1.8, lateness: 'exceptional', riskLevel: 'low' });
    expect(result.reasons[0]!.en).toBe('Late on 1 of 11 invoices: an exceptional delay, not a habit');
  });

  it('calls lateness recurring when late invoices are a habit, and rates it medium', () => {
    const result = assess([8, 7, 6, 5, 4, 3, 2, 1].map((m) => invoice(m, m % 2 === 0 ? 10 : 0)));
    expect(result).toMatchObject({ lateCount: 4, lateShare: 0.5, lateness: 'recurring', averageDaysLate: 5, riskLevel: 'medium' });
    expect(result.reasons.map((reason) => reason.en)).toEqual(['Late on 4 of 8 invoices (50 %): lateness is recurring']);
  });

  it('weighs days late by amount: a small invoice paid late weighs little', () => {
    const result = assess([invoice(3, 40, 10_000), invoice(2, 0, 90_000)]);
    // Plain average (40 + 0) / 2 = 20; weighted (100 × 40 + 900 × 0) / 1000 = 4.
    expect(result.averageDaysLate).toBe(20);
    expect(result.amountWeightedDaysLate).toBe(4);
  });

  it('does not count a payment that arrives within the tolerance as late', () => {
    const result = assess([invoice(3, 2), invoice(2, 3), invoice(1, 4)]);
    expect(result.lateCount).toBe(1);
    expect(result.averageDaysLate).toBe(3);
  });

  it('sees a worsening trend over the last six months, and a worsening habit as high risk', () => {
    const result = assess([invoice(12, 0), invoice(11, 0), invoice(10, 0), invoice(4, 12), invoice(3, 12), invoice(2, 12)]);
    expect(result).toMatchObject({ trend: 'worsening', recentAverageDaysLate: 12, earlierAverageDaysLate: 0, lateness: 'recurring', riskLevel: 'high' });
    expect(result.reasons.map((reason) => reason.en)).toContain('Paying later lately: 12 days late on average over the last 6 months against 0 before');
  });

  it('sees an improving trend when recent invoices are paid earlier', () => {
    const result = assess([invoice(12, 20), invoice(11, 20), invoice(10, 20), invoice(4, 0), invoice(3, 0), invoice(2, 0)]);
    expect(result.trend).toBe('improving');
  });

  it('does not claim a trend without enough history on both sides', () => {
    expect(assess([invoice(3, 30), invoice(2, 30)]).trend).toBe('unknown');
  });

  it('counts an unpaid invoice as late by the days it has waited, and a long wait as high risk', () => {
    // Issued 2025-10-01, due 2025-10-31, unpaid on 2025-12-31: 61 days.
    const result = assess([invoice(4, 0), invoice(2, null)]);
    expect(result.oldestOverdueDays).toBe(61);
    expect(result.lateCount).toBe(1);
    expect(result.riskLevel).toBe('high');
    expect(result.reasons[0]!.en).toBe('An invoice is 61 days overdue');
  });

  it('reads the history as it stood on the as-of date', () => {
    const due = d('2025-03-01');
    const paidLater: InvoiceHistoryEntry = { issueDate: d('2025-01-30'), dueDate: due, amountMinor: 50_000, settledOn: d('2025-03-20') };
    const future: InvoiceHistoryEntry = { issueDate: d('2025-04-01'), dueDate: d('2025-05-01'), amountMinor: 70_000, settledOn: null };
    const result = assessPaymentBehaviour({ invoices: [paidLater, future], asOf: d('2025-03-10'), creditLimitMinor: null });
    expect(result).toMatchObject({ invoicesConsidered: 1, oldestOverdueDays: 9, balanceMinor: 50_000 });
  });

  it('measures the credit limit in use, counting invoices not yet due in the balance', () => {
    const notDue = { ...invoice(0, null, 300_000) };
    const nearly = assess([invoice(3, 0), { ...invoice(1, null, 600_000), dueDate: d('2026-01-15') }, notDue], 1_000_000);
    expect(nearly.creditLimitUse).toBe(0.9);
    expect(nearly.riskLevel).toBe('medium');
    expect(nearly.reasons.map((reason) => reason.en)).toEqual(['Credit limit nearly reached (90 % in use)']);
    const over = assess([notDue], 200_000);
    expect(over.creditLimitUse).toBe(1.5);
    expect(over.riskLevel).toBe('high');
  });

  it('has nothing to judge for a new customer and says so', () => {
    const result = assess([]);
    expect(result).toMatchObject({ averageDaysLate: null, lateShare: null, lateness: 'none', riskLevel: 'low', creditLimitUse: null });
    expect(result.reasons[0]!.fr).toBe('Pas encore d’historique de paiement');
  });
});
