import { describe, expect, it } from 'vitest';
import type { PlainDate } from '../plain-date.js';
import { formatDateForLanguage, formatMoneyForLanguage, formatShortDateForLanguage, messageLanguageFromCode } from './format-for-language.js';

describe('dates and amounts in the customer’s language', () => {
  it('writes dates the way each language does, with "1er" for the first of the month in French', () => {
    const first = '2025-05-01' as PlainDate;
    expect(formatDateForLanguage(first, 'fr')).toBe('1er mai 2025');
    expect(formatDateForLanguage('2025-08-15' as PlainDate, 'fr')).toBe('15 août 2025');
    expect(formatDateForLanguage(first, 'en')).toBe('1 May 2025');
    expect(formatDateForLanguage('2025-03-31' as PlainDate, 'nl')).toBe('31 maart 2025');
    expect(formatDateForLanguage('2025-03-31' as PlainDate, 'de')).toBe('31. März 2025');
  });

  it('writes amounts from minor units with the separators of each language', () => {
    expect(formatMoneyForLanguage(123_456, 'EUR', 'fr')).toBe('1\u202f234,56\u00a0€');
    expect(formatMoneyForLanguage(123_456, 'EUR', 'en')).toBe('€1,234.56');
    expect(formatMoneyForLanguage(5, 'EUR', 'de')).toBe('0,05\u00a0€');
  });
});

describe('formatShortDateForLanguage', () => {
  it('writes day, month and year with two-digit days and months, dots in German', () => {
    expect(formatShortDateForLanguage('2026-03-02' as PlainDate, 'fr')).toBe('02/03/2026');
    expect(formatShortDateForLanguage('2026-12-31' as PlainDate, 'en')).toBe('31/12/2026');
    expect(formatShortDateForLanguage('2026-03-02' as PlainDate, 'de')).toBe('02.03.2026');
  });
});

describe('messageLanguageFromCode', () => {
  it('reads a stored language code as one the messages are written in, French otherwise', () => {
    expect(messageLanguageFromCode('nl-BE')).toBe('nl');
    expect(messageLanguageFromCode('DE')).toBe('de');
    expect(messageLanguageFromCode('es')).toBe('fr');
    expect(messageLanguageFromCode(null)).toBe('fr');
  });
});
