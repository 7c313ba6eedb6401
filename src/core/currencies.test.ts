import { describe, expect, it } from 'vitest';
import { CURRENCY_CODES, currencyDecimals, isKnownCurrency } from './currencies.js';

describe('currencies', () => {
  it('lists the currencies people are invoiced in, and no metal, fund or test code', () => {
    for (const code of ['EUR', 'USD', 'GBP', 'CHF', 'JPY', 'XOF', 'XAF', 'XPF', 'XCD']) expect(isKnownCurrency(code)).toBe(true);
    for (const code of ['ABC', 'XAU', 'XAG', 'XPT', 'XPD', 'XXX', 'XTS', 'XDR', 'XSU', 'XUA', 'CLF', 'HRK']) expect(isKnownCurrency(code)).toBe(false);
  });

  it('gives each currency the decimals ISO 4217 gives it', () => {
    expect(currencyDecimals('EUR')).toBe(2);
    expect([...['JPY', 'KRW', 'XOF', 'XPF', 'PYG', 'UGX', 'VUV']].map(currencyDecimals)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(['BHD', 'IQD', 'KWD', 'TND'].map(currencyDecimals)).toEqual([3, 3, 3, 3]);
    expect(currencyDecimals('XAU')).toBeUndefined();
  });

  it('holds every code once, three capital letters each, in order', () => {
    expect(CURRENCY_CODES.every((code) => /^[A-Z]{3}$/.test(code))).toBe(true);
    expect(new Set(CURRENCY_CODES).size).toBe(CURRENCY_CODES.length);
    expect([...CURRENCY_CODES].sort()).toEqual(CURRENCY_CODES);
  });
});
