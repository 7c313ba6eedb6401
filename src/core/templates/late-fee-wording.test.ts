import { describe, expect, it } from 'vitest';
import { formatPercentForLanguage, halfYearLabel, missingRatesPhrase } from './late-fee-wording.js';

describe('late-fee wording', () => {
  it('names a missing half-year rate in the language of the message', () => {
    const second2026 = [{ year: 2026, half: 2 as const }];
    expect(missingRatesPhrase(second2026, 'fr')).toBe('taux du 2nd semestre 2026 non renseigné');
    expect(missingRatesPhrase(second2026, 'en')).toBe('rate for the second half of 2026 not on file');
    expect(missingRatesPhrase(second2026, 'nl')).toBe('interestvoet voor het tweede semester van 2026 nog niet bekend');
    expect(missingRatesPhrase(second2026, 'de')).toBe('Zinssatz für das 2. Halbjahr 2026 nicht hinterlegt');
  });

  it('agrees with several missing half-years, and says nothing when none is missing', () => {
    const two = [
      { year: 2026, half: 2 as const },
      { year: 2027, half: 1 as const },
    ];
    expect(missingRatesPhrase(two, 'fr')).toBe('taux du 2nd semestre 2026 et du 1er semestre 2027 non renseignés');
    expect(missingRatesPhrase(two, 'en')).toBe('rates for the second half of 2026 and the first half of 2027 not on file');
    expect(missingRatesPhrase(two, 'de')).toBe('Zinssätze für das 2. Halbjahr 2026 und das 1. Halbjahr 2027 nicht hinterlegt');
    expect(missingRatesPhrase([], 'fr')).toBe('');
  });

  it('prints a rate the way each language writes a percentage', () => {
    expect(formatPercentForLanguage('12.15', 'fr')).toBe('12,15\u00a0%');
    expect(formatPercentForLanguage('12.15', 'en')).toBe('12.15%');
    expect(formatPercentForLanguage('12.15', 'nl')).toBe('12,15%');
    expect(formatPercentForLanguage('12.15', 'de')).toBe('12,15\u00a0%');
    expect(halfYearLabel({ year: 2026, half: 1 }, 'fr')).toBe('1er semestre 2026');
  });
});
