import { describe, expect, it } from 'vitest';
import { findNumberMentions, invoiceNumberKeys, numberKeyHashes } from './invoice-number-mentions.js';
import { hashText } from './keyed-lists.js';

function mentionsIn(text: string, numbers: readonly string[]): string[] {
  const index = new Map<string, string[]>();
  for (const number of numbers) {
    const keys = invoiceNumberKeys(number);
    if (!keys) continue;
    for (const key of new Set([keys.groups, keys.compact])) index.set(key, [...(index.get(key) ?? []), number]);
  }
  return findNumberMentions(text, (key) => index.get(key));
}

describe('invoice numbers in a payment message', () => {
  it.each([
    ['FA-2025-0012', 'FA-2025-0012'],
    ['fa 2025 12', 'FA-2025-0012'],
    ['Paiement FA2025-12 merci', 'FA-2025-0012'],
    ['FA20250012', 'FA-2025-0012'],
    ['Facture n° 12', '12'],
    ['INV12', '12'],
    ['facture 000012', '12'],
  ])('finds "%s" as invoice %s whatever the spaces, dashes, leading zeros and prefix', (text, number) => {
    expect(mentionsIn(text, ['FA-2025-0012', '12', '2024-0012'])).toContain(number);
  });

  it('never finds a shorter number inside a longer one', () => {
    const numbers = ['12', '123', '2025'];
    expect(mentionsIn('invoice 123', numbers)).toEqual(['123']);
    expect(mentionsIn('invoice 1234', numbers)).toEqual([]);
    expect(mentionsIn('order 2012', numbers)).toEqual([]);
    expect(mentionsIn('FA-2025-0123', numbers)).toEqual([]);
    expect(mentionsIn('paid on 12/06/2025', numbers)).toEqual([]);
    expect(mentionsIn('total 1234,12', numbers)).toEqual([]);
  });

  it('prefers the whole number to a part of it: "fa 2025 12" is FA-2025-0012, not invoice 12', () => {
    expect(mentionsIn('fa 2025 12', ['FA-2025-0012', '12'])).toEqual(['FA-2025-0012']);
  });

  it('finds every invoice of a list', () => {
    expect(mentionsIn('Factures FA-101, FA-102 et FA-0103', ['FA-101', 'FA-102', 'FA-103', 'FA-104'])).toEqual(['FA-101', 'FA-102', 'FA-103']);
  });

  it('does not read an account number or a structured reference as an invoice number', () => {
    expect(mentionsIn('from BE68 5390 0754 7034', ['5390', '7034'])).toEqual([]);
    expect(mentionsIn('+++010/8068/17183+++', ['8068', '17183'])).toEqual([]);
    // Shaped like an account number, but its check does not hold: it is the invoice number.
    expect(mentionsIn('FA2025000012', ['FA-2025-000012'])).toEqual(['FA-2025-000012']);
  });

  it('hashes an invoice number\'s keys in one pass exactly as it hashes the keys written out', () => {
    for (const number of ['FA-2025-0012', 'INV12', '0', 'A-000-7', '12-0-7', '007', 'FA 2025 000123', '2025/00/1']) {
      const keys = invoiceNumberKeys(number)!;
      expect(numberKeyHashes(number)).toEqual({ groups: hashText(keys.groups), compact: hashText(keys.compact), significantDigits: keys.significantDigits });
    }
    expect(numberKeyHashes('no digits')).toBeNull();
  });
});
