import { describe, expect, it } from 'vitest';
import { formatMinor, parseDecimalToMinor } from './money.js';

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
});
