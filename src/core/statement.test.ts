import { describe, expect, it } from 'vitest';
import type { PlainDate } from './plain-date.js';
import { buildStatement, debitCredit, type StatementEntry } from './statement.js';

const d = (s: string) => s as PlainDate;
const invoice = (date: string, number: string, minor: number): StatementEntry => ({
  date: d(date), kind: 'invoice', number, description: `Invoice ${number}`, debitMinor: minor, creditMinor: 0,
});
const payment = (date: string, number: string, minor: number): StatementEntry => ({
  date: d(date), kind: 'payment', number, description: `Payment ${number}`, debitMinor: 0, creditMinor: minor,
});
const creditNote = (date: string, number: string, minor: number): StatementEntry => ({
  date: d(date), kind: 'credit_note', number, description: `Credit note ${number}`, debitMinor: 0, creditMinor: minor,
});

describe('buildStatement', () => {
  it('carries what was owed before the period as the opening balance', () => {
    const s = buildStatement([invoice('2025-01-10', 'F1', 1000_00), payment('2025-01-20', 'V1', 400_00), invoice('2025-02-05', 'F2', 250_00)], d('2025-02-01'), d('2025-02-28'));
    expect(s.openingMinor).toBe(600_00);
    expect(s.lines.map((l) => [l.number, l.balanceMinor])).toEqual([['F2', 850_00]]);
    expect(s.closingMinor).toBe(850_00);
  });

  it('lists movements by date with a running balance, invoice first on a shared day', () => {
    const s = buildStatement(
      [payment('2025-03-05', 'V2', 300_00), creditNote('2025-03-05', 'AV1', 50_00), invoice('2025-03-05', 'F3', 300_00), invoice('2025-03-01', 'F2', 100_00)],
      d('2025-03-01'),
      d('2025-03-31'),
    );
    expect(s.lines.map((l) => [l.date, l.kind, l.balanceMinor])).toEqual([
      ['2025-03-01', 'invoice', 100_00],
      ['2025-03-05', 'invoice', 400_00],
      ['2025-03-05', 'credit_note', 350_00],
      ['2025-03-05', 'payment', 50_00],
    ]);
    expect(s.totalDebitMinor).toBe(400_00);
    expect(s.totalCreditMinor).toBe(350_00);
    expect(s.openingMinor + s.totalDebitMinor - s.totalCreditMinor).toBe(s.closingMinor);
  });

  it('leaves out what happens after the end of the period and includes both end days', () => {
    const s = buildStatement([invoice('2025-03-01', 'F1', 100_00), invoice('2025-03-31', 'F2', 10_00), payment('2025-04-01', 'V1', 110_00)], d('2025-03-01'), d('2025-03-31'));
    expect(s.lines.map((l) => l.number)).toEqual(['F1', 'F2']);
    expect(s.closingMinor).toBe(110_00);
  });

  it('shows a customer in credit as a negative balance', () => {
    const s = buildStatement([invoice('2025-01-01', 'F1', 100_00), payment('2025-01-02', 'V1', 150_00)], d('2025-01-01'), d('2025-01-31'));
    expect(s.closingMinor).toBe(-50_00);
  });

  it('orders invoice numbers naturally, so F10 comes after F9', () => {
    const s = buildStatement([invoice('2025-01-01', 'F10', 1), invoice('2025-01-01', 'F9', 1)], d('2025-01-01'), d('2025-01-01'));
    expect(s.lines.map((l) => l.number)).toEqual(['F9', 'F10']);
  });

  it('refuses a period that ends before it starts, naming the field', () => {
    expect(() => buildStatement([], d('2025-02-01'), d('2025-01-01'))).toThrow(expect.objectContaining({ code: 'validation_failed', place: { field: 'from' } }));
  });
});

describe('debitCredit', () => {
  it('puts a negative amount in the credit column', () => {
    expect(debitCredit(-5)).toEqual({ debitMinor: 0, creditMinor: 5 });
    expect(debitCredit(7)).toEqual({ debitMinor: 7, creditMinor: 0 });
  });
});
