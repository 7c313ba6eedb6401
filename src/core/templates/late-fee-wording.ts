import type { HalfYear } from '../late-interest.js';
import type { MessageLanguage } from '../scenarios/scenario.js';

const NBSP = '\u00a0';

/** "1er semestre 2026", "first half of 2026", "eerste semester van 2026", "1. Halbjahr 2026". */
export function halfYearLabel(halfYear: HalfYear, language: MessageLanguage): string {
  const first = halfYear.half === 1;
  switch (language) {
    case 'fr':
      return `${first ? '1er' : '2nd'} semestre ${halfYear.year}`;
    case 'en':
      return `${first ? 'first' : 'second'} half of ${halfYear.year}`;
    case 'nl':
      // Belgian usage, like the FPS Finance notices of the rate: "semester".
      return `${first ? 'eerste' : 'tweede'} semester van ${halfYear.year}`;
    case 'de':
      return `${halfYear.half}. Halbjahr ${halfYear.year}`;
  }
}

function joined(items: readonly string[], and: string): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${and} ${items.at(-1)!}`;
}

/**
 * The sentence a message puts beside an interest figure that stops short: which half-years have
 * no rate on file yet. Empty when none is missing, so a template can test it against "".
 */
export function missingRatesPhrase(halfYears: readonly HalfYear[], language: MessageLanguage): string {
  if (halfYears.length === 0) return '';
  const many = halfYears.length > 1;
  switch (language) {
    case 'fr':
      return `taux ${joined(halfYears.map((h) => `du ${halfYearLabel(h, language)}`), 'et')} non renseigné${many ? 's' : ''}`;
    case 'en':
      return `${many ? 'rates' : 'rate'} for ${joined(halfYears.map((h) => `the ${halfYearLabel(h, language)}`), 'and')} not on file`;
    case 'nl':
      return `${many ? 'interestvoeten' : 'interestvoet'} voor ${joined(halfYears.map((h) => `het ${halfYearLabel(h, language)}`), 'en')} nog niet bekend`;
    case 'de':
      return `${many ? 'Zinssätze' : 'Zinssatz'} für ${joined(halfYears.map((h) => `das ${halfYearLabel(h, language)}`), 'und')} nicht hinterlegt`;
  }
}

/** A rate as stored ("12.15") the way the language prints a percentage: "12,15 %", "12.15%", "12,15%", "12,15 %". */
export function formatPercentForLanguage(percent: string, language: MessageLanguage): string {
  switch (language) {
    case 'en':
      return `${percent}%`;
    case 'nl':
      return `${percent.replace('.', ',')}%`;
    default:
      return `${percent.replace('.', ',')}${NBSP}%`;
  }
}
