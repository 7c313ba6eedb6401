import { describe, expect, it } from 'vitest';
import { STATUTORY_RATES } from './law/statutory-rates.js';
import { mergeAddedRates, nextHalfYearAfter, validateAddedRate } from './law/merge-added-rates.js';
import { defaultLateFeePolicy, defaultLawForCountry, lateFeesForInvoices, stepStatesLateFees, type LateFeeInvoice } from './late-fees-policy.js';
import type { PlainDate } from './plain-date.js';
import { HIGH_RISK_SCENARIO, STANDARD_SCENARIO } from './scenarios/built-in.js';

const d = (s: string) => s as PlainDate;
const invoice = (number: string, dueDate: string, openMinor: number, currency = 'EUR'): LateFeeInvoice => ({
  invoiceId: `id-${number}`,
  number,
  dueDate: d(dueDate),
  currency,
  openMinor,
});
const fr = defaultLateFeePolicy('FR');

describe('late fees on a customer\'s invoices', () => {
  it('charges interest on each late invoice and one indemnity per late invoice, and leaves out what is not late', () => {
    const result = lateFeesForInvoices(
      fr,
      STATUTORY_RATES.fr,
      [
        invoice('F-1', '2025-03-31', 1_000_000),
        invoice('F-2', '2025-04-20', 50_000),
        invoice('F-3', '2025-05-15', 20_000), // not due yet on 2025-04-30
        invoice('F-4', '2025-04-30', 30_000), // due today: not late
      ],
      d('2025-04-30'),
    );
    expect(result.invoices.map((i) => [i.number, i.daysLate, i.interestMinor, i.indemnityMinor])).toEqual([
      // 10000 × 13.15 % × 30 / 365 = 108.082… → 108.08
      ['F-1', 30, 10_808, 4_000],
      // 500 × 13.15 % × 10 / 365 = 657.5 / 365 = 1.8013… → 1.80
      ['F-2', 10, 180, 4_000],
    ]);
    expect(result.totals).toEqual([
      { currency: 'EUR', openMinor: 1_050_000, interestMinor: 10_988, interestOnFileMinor: 10_988, indemnityMinor: 8_000, feesMinor: 18_988, feesOnFileMinor: 18_988 },
    ]);
    expect(result.unknownFrom).toBeNull();
  });

  it('states only the indemnity when interest is waived, and nothing when both are', () => {
    const invoices = [invoice('F-1', '2025-03-31', 1_000_000)];
    const noInterest = lateFeesForInvoices({ ...fr, claimInterest: false }, STATUTORY_RATES.fr, invoices, d('2025-04-30'));
    expect(noInterest.totals).toEqual([{ currency: 'EUR', openMinor: 1_000_000, interestMinor: 0, interestOnFileMinor: 0, indemnityMinor: 4_000, feesMinor: 4_000, feesOnFileMinor: 4_000 }]);
    const nothing = lateFeesForInvoices({ ...fr, claimInterest: false, claimIndemnity: false }, STATUTORY_RATES.fr, invoices, d('2025-04-30'));
    expect(nothing.totals[0]!.feesMinor).toBe(0);
  });

  it('does not claim the euro indemnity on an invoice in another currency', () => {
    const result = lateFeesForInvoices(fr, STATUTORY_RATES.fr, [invoice('F-9', '2025-03-31', 1_000_000, 'CHF')], d('2025-04-30'));
    expect(result.totals).toEqual([
      { currency: 'CHF', openMinor: 1_000_000, interestMinor: 10_808, interestOnFileMinor: 10_808, indemnityMinor: 0, feesMinor: 10_808, feesOnFileMinor: 10_808 },
    ]);
  });

  it('says the interest is unknown past the last known half-year instead of guessing, and knows it once a rate is added', () => {
    const invoices = [invoice('F-1', '2026-06-20', 100_000)];
    const before = lateFeesForInvoices(fr, STATUTORY_RATES.fr, invoices, d('2026-08-10'));
    expect(before.unknownFrom).toBe('2026-07-01');
    expect(before.totals[0]!.interestMinor).toBeNull();
    expect(before.totals[0]!.feesMinor).toBeNull();
    expect(before.totals[0]!.indemnityMinor).toBe(4_000);
    // What can be claimed today: the days of June at 12.15 %, 1000 × 1.215 / 365 = 3.328… → 3.33, and the indemnity.
    expect(before.totals[0]!.interestOnFileMinor).toBe(333);
    expect(before.totals[0]!.feesOnFileMinor).toBe(4_333);
    expect(before.missingHalfYears).toEqual([{ year: 2026, half: 2 }]);

    const rates = mergeAddedRates(STATUTORY_RATES.fr, [{ from: d('2026-07-01'), percent: '11', source: 'test notice', replacesBuiltIn: false }]);
    const after = lateFeesForInvoices(fr, rates, invoices, d('2026-08-10'));
    // 1000 × (12.15 % × 10 days of June + 11 % × 41 days of July and August) / 365
    //   = 1000 × (1.215 + 4.51) / 365 = 15.684… → 15.68
    expect(after.totals[0]!.interestMinor).toBe(1_568);
    expect(after.unknownFrom).toBeNull();
    expect(after.missingHalfYears).toEqual([]);
  });

  it('names each half-year without a rate once, across invoices, and not the half-years between gaps', () => {
    const rates = { ...STATUTORY_RATES.fr, rates: STATUTORY_RATES.fr.rates.filter((rate) => rate.from !== '2025-07-01') };
    const result = lateFeesForInvoices(
      fr,
      rates,
      [invoice('F-1', '2025-06-20', 100_000), invoice('F-2', '2025-08-01', 100_000), invoice('F-3', '2026-06-01', 100_000)],
      d('2027-02-10'),
    );
    expect(result.missingHalfYears).toEqual([
      { year: 2025, half: 2 },
      { year: 2026, half: 2 },
      { year: 2027, half: 1 },
    ]);
    expect(result.totals[0]!.interestMinor).toBeNull();
  });
});

describe('added rates', () => {
  it('keeps the built-in rate of a half-year unless the added one replaces it', () => {
    const kept = mergeAddedRates(STATUTORY_RATES.be, [{ from: d('2025-07-01'), percent: '9', source: 'contract', replacesBuiltIn: false }]);
    expect(kept.rates.find((r) => r.from === '2025-07-01')!.percent).toBe('10.5');
    const replaced = mergeAddedRates(STATUTORY_RATES.be, [{ from: d('2025-07-01'), percent: '9', source: 'contract', replacesBuiltIn: true }]);
    expect(replaced.rates.find((r) => r.from === '2025-07-01')).toEqual({ from: '2025-07-01', percent: '9', source: 'contract' });
    expect(replaced.rates).toHaveLength(STATUTORY_RATES.be.rates.length);
  });

  it('names the half-year a newer rate would start', () => {
    expect(nextHalfYearAfter(STATUTORY_RATES.fr)).toBe('2026-07-01');
    expect(nextHalfYearAfter(mergeAddedRates(STATUTORY_RATES.fr, [{ from: d('2026-07-01'), percent: '12', source: 's', replacesBuiltIn: false }]))).toBe('2027-01-01');
  });

  it('accepts only 1 January or 1 July, a plain percentage and a source', () => {
    const fields = { from: 'from', percent: 'percent', source: 'source' };
    expect(validateAddedRate({ from: '2026-07-01', percent: ' 12.15 ', source: 'JO' }, fields)).toEqual({ from: '2026-07-01', percent: '12.15', source: 'JO' });
    expect(() => validateAddedRate({ from: '2026-08-01', percent: '12', source: 'JO' }, fields)).toThrow(/1 January or 1 July/);
    expect(() => validateAddedRate({ from: '2026-07-01', percent: '12,15', source: 'JO' }, fields)).toThrow(/percentage/);
    expect(() => validateAddedRate({ from: '2026-07-01', percent: '12', source: ' ' }, fields)).toThrow(/where the rate comes from/);
  });
});

describe('late-fee policy', () => {
  it("takes the law from the creditor's country, the EU directive elsewhere", () => {
    expect(['FR', 'BE', 'DE', 'LU', 'NL'].map(defaultLawForCountry)).toEqual(['fr', 'be', 'de', 'eu', 'eu']);
  });

  it('states the fees from the firm reminder of the standard scenario on, and not in the courteous steps', () => {
    const states = STANDARD_SCENARIO.steps.map((s) => [s.id, stepStatesLateFees(fr, STANDARD_SCENARIO, s.id)]);
    expect(states).toEqual([
      ['friendly-pre-due', false],
      ['courteous-reminder', false],
      ['phone-call', false],
      ['firm-reminder', true],
      ['firm-reminder-letter', true],
      ['formal-notice', true],
      ['handoff', true],
    ]);
  });

  it('moves the first step that states the fees when the policy names a later one, and states none when nothing is claimed', () => {
    const later = { ...fr, stateFromStep: 'formal-notice' };
    expect(stepStatesLateFees(later, STANDARD_SCENARIO, 'firm-reminder')).toBe(false);
    expect(stepStatesLateFees(later, STANDARD_SCENARIO, 'formal-notice')).toBe(true);
    const waived = { ...fr, claimInterest: false, claimIndemnity: false };
    expect(stepStatesLateFees(waived, STANDARD_SCENARIO, 'handoff')).toBe(false);
  });

  it("falls back to the step's own flag in a scenario without the policy's step", () => {
    const policy = { ...fr, stateFromStep: 'no-such-step' };
    for (const step of HIGH_RISK_SCENARIO.steps) expect(stepStatesLateFees(policy, HIGH_RISK_SCENARIO, step.id)).toBe(step.statesLateFees);
  });
});
