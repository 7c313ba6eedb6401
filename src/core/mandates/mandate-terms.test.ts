import { describe, expect, it } from 'vitest';
import type { PlainDate } from '../plain-date.js';
import { mandateFee, mandateIsLive, percentFromBp, recoveryRateBp } from './mandate-terms.js';

const d = (s: string) => s as PlainDate;

describe('mandate terms', () => {
  it('is live from its first day through its last, and never once ended or taken back', () => {
    const m = { status: 'active', starts_on: '2026-03-01', ends_on: '2026-05-31' };
    expect(mandateIsLive(m, d('2026-02-28'))).toBe(false);
    expect(mandateIsLive(m, d('2026-03-01'))).toBe(true);
    expect(mandateIsLive(m, d('2026-05-31'))).toBe(true);
    expect(mandateIsLive(m, d('2026-06-01'))).toBe(false);
    expect(mandateIsLive({ ...m, ends_on: null }, d('2030-01-01'))).toBe(true);
    expect(mandateIsLive({ ...m, status: 'taken_back' }, d('2026-04-01'))).toBe(false);
    expect(mandateIsLive({ ...m, status: 'ended' }, d('2026-04-01'))).toBe(false);
  });

  it('charges its share of what came in, rounded to the cent, plus the fixed fee', () => {
    expect(mandateFee(1_234_56, { fee_percent_bp: 1500, fee_fixed_minor: 0 })).toBe(185_18); // 18518.4
    expect(mandateFee(1_00, { fee_percent_bp: 1250, fee_fixed_minor: 0 })).toBe(13); // 12.5 rounds up
    expect(mandateFee(0, { fee_percent_bp: 1500, fee_fixed_minor: 50_00 })).toBe(50_00);
    expect(mandateFee(2_000_00, { fee_percent_bp: 1000, fee_fixed_minor: 25_00 })).toBe(225_00);
  });

  it('says the rate recovered and the percentage as people write them', () => {
    expect(recoveryRateBp(750_00, 1_000_00)).toBe(7500);
    expect(recoveryRateBp(0, 0)).toBe(0);
    expect(percentFromBp(1500)).toBe('15');
    expect(percentFromBp(1250)).toBe('12.5');
    expect(percentFromBp(1205)).toBe('12.05');
  });
});
