import { AppError } from './app-error.js';
import { currencyDecimals, isKnownCurrency } from './currencies.js';

/** ISO 4217 code, upper case. */
export type Currency = string;

/** An amount in integer minor units (cents for EUR) with its currency. Never a float. */
export interface Money {
  readonly minor: number;
  readonly currency: Currency;
}

// Unlisted codes only reach here from data stored before the list existed: two decimals, the
// common case, keeps them printable.
export function minorDigits(currency: Currency): number {
  return currencyDecimals(currency) ?? 2;
}

/** A code Relance accepts for an amount: see `currencies.ts` for what is left out and why. */
export function isCurrency(code: string): boolean {
  return isKnownCurrency(code);
}

export function money(minor: number, currency: Currency): Money {
  if (!Number.isSafeInteger(minor)) {
    throw new AppError('invalid_amount', `minor units must be a safe integer, got ${minor}`);
  }
  return { minor, currency };
}

/**
 * The largest amount one invoice, payment, credit note or allocation may hold: 10^14 − 1 minor
 * units, whatever the currency (999,999,999,999.99 EUR, 99,999,999,999,999 JPY,
 * 99,999,999,999.999 KWD). Far above any real invoice, and small enough that 90 documents at
 * the maximum still add up exactly in a JavaScript number.
 */
export const MAX_AMOUNT_MINOR = 99_999_999_999_999;

/**
 * The most the invoices, payments and credit notes of one organization may add up to, in
 * minor units of all their currencies together: 2^53 − 1. Under it every balance, report and
 * statement computed from those amounts is exact; a write that would cross it is refused.
 */
export const MAX_LEDGER_TOTAL_MINOR = Number.MAX_SAFE_INTEGER;

/** "999999999999.99 EUR": the largest amount, written for a sentence. */
export function maxAmountText(currency: Currency): string {
  return `${formatMinor(MAX_AMOUNT_MINOR, currency)} ${currency}`;
}

/**
 * Reads a decimal written by a person or an accounting export: "1234.56", "1 234,56",
 * "-12,5", "1.234,56" (dot as thousands separator), "1,234.56". Returns null when the text is
 * not an amount, has more decimals than the currency allows, or is beyond a safe integer.
 */
export function parseDecimalToMinor(text: string, currency: Currency): number | null {
  const minor = readMinor(text, currency);
  return minor !== null && minor >= -MAX_SAFE && minor <= MAX_SAFE ? Number(minor) : null;
}

/** A document's amount as read, or why the text is not one Relance records. */
export type AmountReading = { minor: number } | { problem: 'not_an_amount' | 'too_large' };

/** `parseDecimalToMinor` for the amount of an invoice, payment, credit note or allocation: bounded by `MAX_AMOUNT_MINOR`. */
export function parseAmount(text: string, currency: Currency): AmountReading {
  const minor = readMinor(text, currency);
  if (minor === null) return { problem: 'not_an_amount' };
  if (minor > MAX_AMOUNT || minor < -MAX_AMOUNT) return { problem: 'too_large' };
  return { minor: Number(minor) };
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MAX_AMOUNT = BigInt(MAX_AMOUNT_MINOR);

function readMinor(text: string, currency: Currency): bigint | null {
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
  // A BigInt, so that an amount too long for a float is compared with the bounds, not rounded first.
  const minor = BigInt(intPart || '0') * 10n ** BigInt(digits) + BigInt(trimmedFrac.padEnd(digits, '0') || '0');
  return negative ? -minor : minor;
}

/** "1234.56" — the form amounts take in JSON and CSV exports. Exact for every safe integer. */
export function formatMinor(minor: number, currency: Currency): string {
  const digits = minorDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (digits === 0) return `${sign}${abs}`;
  const unit = 10 ** digits;
  const frac = abs % unit;
  // Dividing first would round 9007199254740.999 up to the next unit; a multiple of the unit divides exactly.
  const whole = (abs - frac) / unit;
  return `${sign}${whole}.${String(frac).padStart(digits, '0')}`;
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
    throw new AppError('validation_failed', `${field}.currency "${json.currency}" is not a known ISO 4217 currency code such as EUR`, {
      field: `${field}.currency`,
    });
  }
  const reading = /^-?\d+(\.\d+)?$/.test(json.amount) ? parseAmount(json.amount, json.currency) : ({ problem: 'not_an_amount' } as const);
  if ('problem' in reading) {
    const message =
      reading.problem === 'too_large'
        ? `${field}.amount ${json.amount} is more than the largest amount Relance records, ${maxAmountText(json.currency)}`
        : `${field}.amount is not a decimal string such as "1234.56"`;
    throw new AppError('validation_failed', message, { field: `${field}.amount` });
  }
  return money(reading.minor, json.currency);
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
  // Intl reads a decimal string exactly, where minor / 10 ** digits would round large amounts.
  return format.format(formatMinor(minor, currency) as Intl.StringNumericLiteral);
}
