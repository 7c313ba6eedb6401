import { formatMoneyForPeople, type Currency } from '../money.js';
import { parts, type PlainDate } from '../plain-date.js';
import { MESSAGE_LANGUAGES, type MessageLanguage } from '../scenarios/scenario.js';

/** The number format each message language uses; Belgian conventions for Dutch. */
export const LANGUAGE_LOCALES: Readonly<Record<MessageLanguage, string>> = { fr: 'fr-FR', en: 'en-GB', nl: 'nl-BE', de: 'de-DE' };

const MONTHS: Readonly<Record<MessageLanguage, readonly string[]>> = {
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  nl: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
  de: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'],
};

/**
 * "1er mai 2025", "1 May 2025", "1 mei 2025", "1. Mai 2025". Written from tables rather than
 * through `Date`, so a due date never moves with the server's time zone.
 */
export function formatDateForLanguage(date: PlainDate, language: MessageLanguage): string {
  const { year, month, day } = parts(date);
  const monthName = MONTHS[language][month - 1]!;
  switch (language) {
    case 'fr':
      return `${day === 1 ? '1er' : day} ${monthName} ${year}`;
    case 'de':
      return `${day}. ${monthName} ${year}`;
    default:
      return `${day} ${monthName} ${year}`;
  }
}

export function formatMoneyForLanguage(minor: number, currency: Currency, language: MessageLanguage): string {
  return formatMoneyForPeople(minor, currency, LANGUAGE_LOCALES[language]);
}

/** "01/05/2025", "01.05.2025" in German: the short form for table columns. */
export function formatShortDateForLanguage(date: PlainDate, language: MessageLanguage): string {
  const { year, month, day } = parts(date);
  const separator = language === 'de' ? '.' : '/';
  return [String(day).padStart(2, '0'), String(month).padStart(2, '0'), String(year)].join(separator);
}

/** A stored language code ("fr", "nl-BE", anything) as one the messages are written in; French otherwise. */
export function messageLanguageFromCode(code: string | null | undefined): MessageLanguage {
  const language = (code ?? '').slice(0, 2).toLowerCase();
  return (MESSAGE_LANGUAGES as readonly string[]).includes(language) ? (language as MessageLanguage) : 'fr';
}
