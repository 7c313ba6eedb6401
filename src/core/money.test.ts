import { describe, expect, it } from 'vitest';
import { formatMinor, formatMoneyForPeople, MAX_AMOUNT_MINOR, moneyFromJson, parseAmount, parseDecimalToMinor } from './money.js';

describe('money', () => {
  it('reads amounts written the French or the English way', () => {
    expect(parseDecimalToMinor('1234,56', 'EUR')).toBe(123456);
    expect(parseDecimalToMinor('1 234,56', 'EUR')).toBe(123456);
    expect(parseDecimalToMinor('1.234,56', 'EUR')).toBe(123456);
    expect(parseDecimalToMinor('1,234.56', 'EUR')).toBe(123456);
    expect(parseDecimalToMinor('-0,5', 'EUR')).toBe(-50);
    expect(parseDecimalToMinor('13500,00', 'EUR')).toBe(1350000);
    expect(parseDecimalToMinor('1200', 'JPY')).toBe(1200);
  });

  it('refuses text and sub-cent amounts instead of guessing', () => {
    expect(parseDecimalToMinor('12a', 'EUR')).toBeNull();
    expect(parseDecimalToMinor('', 'EUR')).toBeNull();
    expect(parseDecimalToMinor('1.005', 'EUR')).toBeNull();
    expect(parseDecimalToMinor('1,2,3', 'EUR')).toBeNull();
  });

  it('prints minor units as a decimal string', () => {
    expect(formatMinor(123456, 'EUR')).toBe('1234.56');
    expect(formatMinor(-5, 'EUR')).toBe('-0.05');
    expect(formatMinor(7, 'JPY')).toBe('7');
    expect(formatMinor(1234, 'TND')).toBe('1.234');
  });

  it('reads and prints the largest amounts digit for digit', () => {
    expect(parseDecimalToMinor('90 071 992 547 409,91', 'EUR')).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseDecimalToMinor('90071992547409.92', 'EUR')).toBeNull();
    expect(formatMinor(Number.MAX_SAFE_INTEGER, 'EUR')).toBe('90071992547409.91');
    expect(formatMinor(9_007_199_254_739_999, 'KWD')).toBe('9007199254739.999');
    expect(formatMoneyForPeople(Number.MAX_SAFE_INTEGER, 'EUR', 'en')).toBe('€90,071,992,547,409.91');
  });

  it('bounds one amount at 10^14 − 1 minor units in every currency', () => {
    expect(MAX_AMOUNT_MINOR).toBe(10 ** 14 - 1);
    expect(parseAmount('999 999 999 999,99', 'EUR')).toEqual({ minor: MAX_AMOUNT_MINOR });
    expect(parseAmount('1000000000000.00', 'EUR')).toEqual({ problem: 'too_large' });
    expect(parseAmount('40000000000000.01', 'EUR')).toEqual({ problem: 'too_large' });
    expect(parseAmount('99999999999999', 'JPY')).toEqual({ minor: MAX_AMOUNT_MINOR });
    expect(parseAmount('100000000000000', 'JPY')).toEqual({ problem: 'too_large' });
    expect(parseAmount('99999999999.999', 'KWD')).toEqual({ minor: MAX_AMOUNT_MINOR });
    expect(parseAmount('-100000000000.000', 'KWD')).toEqual({ problem: 'too_large' });
    expect(parseAmount('1e3', 'EUR')).toEqual({ problem: 'not_an_amount' });
  });

  it('refuses an amount above the maximum with a sentence naming the field', () => {
    expect(() => moneyFromJson({ amount: '40000000000000.01', currency: 'EUR' }, 'amount')).toThrow(
      'amount.amount 40000000000000.01 is more than the largest amount Relance records, 999999999999.99 EUR',
    );
  });

  it('refuses metals, funds, test codes and made-up codes', () => {
    for (const currency of ['ABC', 'XAU', 'XXX', 'XDR', 'eur']) {
      expect(() => moneyFromJson({ amount: '1.00', currency }, 'amount')).toThrow(`amount.currency "${currency}" is not a known ISO 4217 currency code such as EUR`);
    }
    expect(moneyFromJson({ amount: '1.000', currency: 'TND' }, 'amount')).toEqual({ minor: 1000, currency: 'TND' });
  });
});
