import { AppError } from './app-error.js';

/** ISO 4217 code, upper case. */
export type Currency = string;

/** An amount in integer minor units (cents for EUR) with its currency. Never a float. */
export interface Money {
  readonly minor: number;
  readonly currency: Currency;
}

// Most currencies have two decimals; the exceptions matter for parsing and printing.
const MINOR_DIGITS: Record<string, number> = {
  JPY: 0, KRW: 0, CLP: 0, ISK: 0, XOF: 0, XAF: 0, XPF: 0, VND: 0,
  BHD: 3, KWD: 3, OMR: 3, TND: 3, JOD: 3, LYD: 3, IQD: 3,
};

export function minorDigits(currency: Currency): number {
  return MINOR_DIGITS[currency] ?? 2;
}

export function isCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code);
}

export function money(minor: number, currency: Currency): Money {
  if (!Number.isSafeInteger(minor)) {
    throw new AppError('invalid_amount', `minor units must be a safe integer, got ${minor}`);
  }
  return { minor, currency };
}

/**
 * Parses a decimal written by a person or an accounting export: "1234.56", "1 234,56",
 * "-12,5", "1.234,56" (dot as thousands separator), "1,234.56". Returns null when the text is
 * not an amount or has more decimals than the currency allows.
 */
export function parseDecimalToMinor(text: string, currency: Currency): number | null {
  let s = text.trim().replace(/[\s\u00a0\u202f']/g, '');
  if (s === '') return null;
  let negative = false;
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    s = s.slice(1, -1);
  }
  if (s.startsWith('-')) {
    negative = !negative;
    s = s.slice(1);
  } else if (s.startsWith('+')) {
    s = s.slice(1);
  }
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  let decimalSep: string | null = null;
  if (lastComma >= 0 && lastDot >= 0) decimalSep = lastComma > lastDot ? ',' : '.';
  else if (lastComma >= 0) decimalSep = s.indexOf(',') === lastComma ? ',' : null;
  else if (lastDot >= 0) decimalSep = s.indexOf('.') === lastDot ? '.' : null;
  const thousandsSep = decimalSep === ',' ? '.' : decimalSep === '.' ? ',' : lastComma >= 0 ? ',' : '.';
  let intPart = s;
  let fracPart = '';
  if (decimalSep !== null) {
    const at = s.lastIndexOf(decimalSep);
    intPart = s.slice(0, at);
    fracPart = s.slice(at + 1);
  }
  if (intPart.includes(thousandsSep)) {
    if (!/^\d{1,3}(\D\d{3})*$/.test(intPart)) return null;
    intPart = intPart.split(thousandsSep).join('');
  }
  if (!/^\d*$/.test(intPart) || !/^\d*$/.test(fracPart) || intPart + fracPart === '') return null;
  const digits = minorDigits(currency);
  const trimmedFrac = fracPart.replace(/0+$/, '');
  if (trimmedFrac.length > digits) return null;
  const minor = Number(intPart || '0') * 10 ** digits + Number(trimmedFrac.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) return null;
  return negative ? -minor : minor;
}

/** "1234.56" — the form amounts take in JSON and CSV exports. */
export function formatMinor(minor: number, currency: Currency): string {
  const digits = minorDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (digits === 0) return `${sign}${abs}`;
  const unit = 10 ** digits;
  const whole = Math.floor(abs / unit);
  const frac = String(abs % unit).padStart(digits, '0');
  return `${sign}${whole}.${frac}`;
}

/** The JSON shape of an amount: `{"amount": "1234.56", "currency": "EUR"}`. */
export interface MoneyJson {
  amount: string;
  currency: Currency;
}

export function toMoneyJson(minor: number, currency: Currency): MoneyJson {
  return { amount: formatMinor(minor, currency), currency };
}

export function moneyFromJson(json: MoneyJson, field: string): Money {
  if (!isCurrency(json.currency)) {
    throw new AppError('validation_failed', `${field}.currency is not an ISO 4217 code`, { field: `${field}.currency` });
  }
  const minor = parseDecimalToMinor(json.amount, json.currency);
  if (minor === null || !/^-?\d+(\.\d+)?$/.test(json.amount)) {
    throw new AppError('validation_failed', `${field}.amount is not a decimal string such as "1234.56"`, {
      field: `${field}.amount`,
    });
  }
  return money(minor, json.currency);
}

/** Locale-aware display of an amount for people (web pages, letters). */
// Building a number format costs far more than using one, and a collection run formats
// every amount of tens of thousands of messages: one format per locale and currency.
const moneyFormats = new Map<string, Intl.NumberFormat>();

export function formatMoneyForPeople(minor: number, currency: Currency, locale: string): string {
  const digits = minorDigits(currency);
  const key = `${locale}|${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits });
    moneyFormats.set(key, format);
  }
  // Intl takes a float; dividing a safe integer by a power of ten is exact enough for display
  // of amounts below 2^53 / 10^digits, and the stored value is never derived from this string.
  return format.format(minor / 10 ** digits);
}
