import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { LANGUAGES, MESSAGES, type Language, type MessageKey } from './messages.js';

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** The keys that come in a `.one` and a `.other` form. */
export type PluralBase = { [K in MessageKey]: K extends `${infer Base}.other` ? (`${Base}.one` extends MessageKey ? Base : never) : never }[MessageKey];

export interface I18n {
  language: Language;
  /** BCP 47 locale for numbers, amounts and dates, e.g. "fr-BE". */
  locale: string;
  t: Translate;
  /**
   * A label that agrees with a count: `key.one` or `key.other` by the language's plural rule
   * ("1 day" / "2 days", « 1 jour » / « 2 jours », and « 0 jour » in French). `{count}` in the
   * label is the count written for the locale.
   */
  tn: (key: PluralBase, count: number, values?: Record<string, string | number>) => string;
  setLanguage(language: Language): void;
}

const I18nContext = createContext<I18n | null>(null);

export function languageOf(locale: string | null | undefined): Language | null {
  const prefix = (locale ?? '').slice(0, 2).toLowerCase();
  return (LANGUAGES as readonly string[]).includes(prefix) ? (prefix as Language) : null;
}

function storageKey(userId: string | null): string {
  return userId ? `relance.language.${userId}` : 'relance.language';
}

function storedLanguage(userId: string | null): Language | null {
  try {
    return languageOf(window.localStorage.getItem(storageKey(userId)));
  } catch {
    return null;
  }
}

function storeLanguage(userId: string | null, language: Language): void {
  try {
    window.localStorage.setItem(storageKey(userId), language);
    if (userId) window.localStorage.setItem(storageKey(null), language);
  } catch {
    // Private browsing may refuse storage; the choice then lasts until the page is reloaded.
  }
}

export interface I18nProviderProps {
  /** The signed-in user's id and locale, and the organization's, once known. */
  userId: string | null;
  userLocale: string | null;
  organizationLocale: string | null;
  organizationCountry: string | null;
  children: ReactNode;
}

/**
 * The language is the signed-in user's (from /api/me) unless they picked another one in the
 * header on this browser; before sign-in, the browser's own language.
 */
export function I18nProvider({ userId, userLocale, organizationLocale, organizationCountry, children }: I18nProviderProps) {
  const fallback = (): Language =>
    storedLanguage(userId) ?? languageOf(userLocale) ?? languageOf(navigator.language) ?? 'en';
  const [language, setLanguageState] = useState<Language>(fallback);

  useEffect(() => {
    setLanguageState(fallback());
    // Re-read only when the person changes; `fallback` closes over the same values.
  }, [userId, userLocale]);

  const setLanguage = useCallback(
    (next: Language) => {
      storeLanguage(userId, next);
      setLanguageState(next);
    },
    [userId],
  );

  // Amounts and dates follow the chosen language with the most precise region known: the
  // user's own locale, else the organization's, else French in the organization's country.
  // English without a region becomes "English (Europe)": "30 Jun 2025", not the US "Jun 30,
  // 2025"; "en-FR" is avoided because browsers mix its separators (46,1 beside €1,234.50).
  const locale = useMemo(() => {
    if (languageOf(userLocale) === language && userLocale && userLocale.length > 2) return userLocale;
    if (languageOf(organizationLocale) === language && organizationLocale && organizationLocale.length > 2) return organizationLocale;
    if (language === 'en') return 'en-150';
    if (organizationCountry && /^[A-Za-z]{2}$/.test(organizationCountry)) return `${language}-${organizationCountry.toUpperCase()}`;
    return language;
  }, [language, userLocale, organizationLocale, organizationCountry]);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const value = useMemo<I18n>(() => {
    const messages = MESSAGES[language];
    const t: Translate = (key, values) => {
      const text = messages[key];
      if (!values) return text;
      return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
    };
    const plurals = new Intl.PluralRules(locale);
    const numbers = new Intl.NumberFormat(locale);
    const tn = (key: PluralBase, count: number, values?: Record<string, string | number>) =>
      t(`${key}.${plurals.select(count) === 'one' ? 'one' : 'other'}` as MessageKey, { count: numbers.format(count), ...values });
    return { language, locale, t, tn, setLanguage };
  }, [language, locale, setLanguage]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n is used outside <I18nProvider>');
  return value;
}

/** A label that may not be in the dictionary (a contact role, a statement line kind). */
export function translateOptional(t: Translate, key: string, fallback: string): string {
  return key in MESSAGES.en ? t(key as MessageKey) : fallback;
}
