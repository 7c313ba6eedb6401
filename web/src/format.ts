import type { MoneyJson, PlainDate } from './api-types.js';

// Intl.NumberFormat accepts the decimal string itself (ES2023), so an amount is printed exactly
// as the server computed it: no float conversion, no rounding in the browser.
type DecimalString = `${number}`;

const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    moneyFormats.set(key, format);
  }
  return format;
}

/** "1 234,56 €" in fr, "€1,234.56" in en: the amount as the server sent it, in the reader's locale. */
export function formatMoney(money: MoneyJson | null | undefined, locale: string): string {
  if (!money) return '—';
  return moneyFormat(locale, money.currency).format(money.amount as DecimalString);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A plain date through a formatter. The Date object only carries the calendar day to the
 * formatter (in UTC, so no time zone can shift it); no arithmetic is done with it.
 */
function formatPlainDate(date: PlainDate | null | undefined, locale: string, style: 'short' | 'long'): string {
  if (!date) return '—';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  const key = `${style}|${locale}`;
  let format = dateFormats.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions = style === 'long' ? { dateStyle: 'long' } : { day: '2-digit', month: 'short', year: 'numeric' };
    format = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
    dateFormats.set(key, format);
  }
  return format.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
}

/** A plain date in a table or a field, in the reader's locale: "03 Mar 2026". */
export function formatDate(date: PlainDate | null | undefined, locale: string): string {
  return formatPlainDate(date, locale, 'short');
}

/** A plain date inside a sentence, in words: "3 March 2026", « 3 mars 2026 ». */
export function formatDateInWords(date: PlainDate | null | undefined, locale: string): string {
  return formatPlainDate(date, locale, 'long');
}

export function formatNumber(value: number, locale: string, fractionDigits = 0): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: fractionDigits }).format(value);
}

function splitDecimal(text: string): { negative: boolean; whole: string; fraction: string } {
  const negative = text.startsWith('-');
  const unsigned = negative ? text.slice(1) : text;
  const [whole = '0', fraction = ''] = unsigned.split('.');
  return { negative, whole: whole.replace(/^0+(?=\d)/, ''), fraction: fraction.replace(/0+$/, '') };
}

function compareUnsigned(a: { whole: string; fraction: string }, b: { whole: string; fraction: string }): number {
  if (a.whole.length !== b.whole.length) return a.whole.length - b.whole.length;
  if (a.whole !== b.whole) return a.whole < b.whole ? -1 : 1;
  const width = Math.max(a.fraction.length, b.fraction.length);
  const fa = a.fraction.padEnd(width, '0');
  const fb = b.fraction.padEnd(width, '0');
  return fa === fb ? 0 : fa < fb ? -1 : 1;
}

/**
 * Orders two decimal strings ("1234.56", "-12.5") by value, digit by digit, so sorting never
 * goes through floating point.
 */
export function compareDecimal(a: string, b: string): number {
  const da = splitDecimal(a);
  const db = splitDecimal(b);
  const zeroA = da.whole === '0' && da.fraction === '';
  const zeroB = db.whole === '0' && db.fraction === '';
  const signA = zeroA ? 0 : da.negative ? -1 : 1;
  const signB = zeroB ? 0 : db.negative ? -1 : 1;
  if (signA !== signB) return signA - signB;
  const magnitude = compareUnsigned(da, db);
  return signA < 0 ? -magnitude : magnitude;
}

/**
 * "0.995" + "12.5" = "13.495": two decimal strings added digit for digit (as integers of the
 * finer unit), so a total of amounts is exact at any size and for 0-, 2- or 3-decimal currencies.
 */
export function addDecimals(a: string, b: string): string {
  const da = splitDecimal(a);
  const db = splitDecimal(b);
  const width = Math.max(da.fraction.length, db.fraction.length);
  const units = (d: { negative: boolean; whole: string; fraction: string }) => (d.negative ? -1n : 1n) * BigInt(d.whole + d.fraction.padEnd(width, '0'));
  const sum = units(da) + units(db);
  const digits = (sum < 0n ? -sum : sum).toString().padStart(width + 1, '0');
  const whole = digits.slice(0, digits.length - width);
  return `${sum < 0n ? '-' : ''}${whole}${width > 0 ? `.${digits.slice(digits.length - width)}` : ''}`;
}

export function isPositive(money: MoneyJson): boolean {
  return compareDecimal(money.amount, '0') > 0;
}

/** "1 234,50" → "1234.50": what people type, in the decimal form the API reads. */
export function decimalFromTyped(text: string): string {
  return text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
}
