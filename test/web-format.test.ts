import { describe, expect, it } from 'vitest';
import { addDecimals, compareDecimal, formatDate, formatMoney, isPositive } from '../web/src/format.js';

describe('web amount and date display', () => {
  it('orders decimal strings by value, including negatives and different lengths', () => {
    const amounts = ['10.5', '-3.00', '0.00', '9.99', '100.00', '-12.10', '10.05', '0'];
    expect([...amounts].sort(compareDecimal)).toEqual(['-12.10', '-3.00', '0.00', '0', '9.99', '10.05', '10.5', '100.00']);
  });

  it('orders amounts that a float cannot tell apart', () => {
    expect(Number('900719925474099.93')).toBe(Number('900719925474099.92'));
    expect(compareDecimal('900719925474099.93', '900719925474099.92')).toBe(1);
  });

  it('adds amounts digit for digit: large totals, 0- and 3-decimal currencies, credits', () => {
    expect(addDecimals('90071992547409.90', '0.01')).toBe('90071992547409.91');
    expect(addDecimals('45035996273704.96', '45035996273704.95')).toBe('90071992547409.91');
    expect(addDecimals('0', '1.234')).toBe('1.234');
    expect(addDecimals('1.234', '0.001')).toBe('1.235');
    expect(addDecimals('1200', '300')).toBe('1500');
    expect(addDecimals('-0.50', '0.20')).toBe('-0.3');
  });

  it('tells a positive amount from zero and credit', () => {
    expect(isPositive({ amount: '0.01', currency: 'EUR' })).toBe(true);
    expect(isPositive({ amount: '0.00', currency: 'EUR' })).toBe(false);
    expect(isPositive({ amount: '-5.00', currency: 'EUR' })).toBe(false);
  });

  it('prints the exact server amount in the reader’s locale', () => {
    const amount = { amount: '900719925474099.93', currency: 'EUR' };
    expect(formatMoney(amount, 'en').replace(/\D/g, '')).toBe('90071992547409993');
    expect(formatMoney({ amount: '1234.5', currency: 'EUR' }, 'fr-FR')).toMatch(/^1\s234,50\s€$/);
    expect(formatMoney({ amount: '1234.5', currency: 'EUR' }, 'en')).toBe('€1,234.50');
    expect(formatMoney(null, 'en')).toBe('—');
  });

  it('shows a plain date as that calendar day, whatever the time zone of the machine', () => {
    expect(formatDate('2025-01-01', 'en-GB')).toBe('01 Jan 2025');
    expect(formatDate('2024-12-31', 'fr-FR')).toMatch(/^31 déc\.? 2024$/);
  });
});
