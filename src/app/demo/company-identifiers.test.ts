import { describe, expect, it } from 'vitest';
import { belgianEnterpriseNumber, frenchIban, frenchVatId, hasValidLuhnDigit, isValidIban, ribKey, withLuhnDigit } from './company-identifiers.js';
import { DEMO_ORGANIZATION } from './demo-organization.js';

describe('company identifiers', () => {
  it('completes SIREN and SIRET numbers with the Luhn digit registries check', () => {
    // 443061841 and 73282932000074 are registered numbers, so their last digit is right.
    expect(withLuhnDigit('44306184')).toBe('443061841');
    expect(withLuhnDigit('7328293200007')).toBe('73282932000074');
    expect(hasValidLuhnDigit('443061842')).toBe(false);
  });

  it('derives the French VAT key from the SIREN as the tax office does', () => {
    expect(frenchVatId('303265045')).toBe('FR40303265045');
    expect(frenchVatId('404833048')).toBe('FR83404833048');
  });

  it('ends Belgian enterprise numbers with 97 minus the rest modulo 97', () => {
    expect(belgianEnterpriseNumber('04174971')).toBe('0417497106');
  });

  it('writes IBANs that pass the ISO 13616 check, and rejects a mistyped one', () => {
    // Published specimen IBANs, one with a letter in the account number.
    expect(isValidIban('FR76 3000 6000 0112 3456 7890 189')).toBe(true);
    expect(isValidIban('FR14 2004 1010 0505 0001 3M02 606')).toBe(true);
    expect(isValidIban('BE68 5390 0754 7034')).toBe(true);
    expect(isValidIban('FR76 3000 6000 0112 3456 7890 198')).toBe(false);
    expect(ribKey('30006', '00001', '12345678901')).toBe('89');
    expect(frenchIban('30006', '00001', '12345678901')).toBe('FR7630006000011234567890189');
  });

  it('gives the demo creditor a SIRET, VAT id and IBAN that all check out', () => {
    expect(hasValidLuhnDigit(DEMO_ORGANIZATION.registrationId)).toBe(true);
    expect(DEMO_ORGANIZATION.registrationId).toHaveLength(14);
    expect(DEMO_ORGANIZATION.vatId).toBe(frenchVatId(DEMO_ORGANIZATION.registrationId.slice(0, 9)));
    expect(isValidIban(DEMO_ORGANIZATION.bankAccounts[0]!.iban)).toBe(true);
  });
});
