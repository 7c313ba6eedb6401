import { parts, type PlainDate } from './plain-date.js';

/**
 * How long the text of a ledger field may be, and whether it must hold on one line. Imports and
 * the API read the same table, so a name the API would refuse cannot come in through a file.
 */
export const TEXT_LIMITS = {
  customerReference: 100,
  customerName: 300,
  documentNumber: 100,
  paymentReference: 200,
  registrationId: 50,
  vatId: 50,
  segment: 100,
  paymentTerms: 50,
  contactName: 200,
  email: 320,
  phone: 50,
  address: 1000,
} as const;

/**
 * NUL, carriage return and line feed: a name, number or reference holding one breaks lists,
 * CSV exports and letters, and NUL is refused by PostgreSQL itself.
 */
export const ONE_LINE_PATTERN = '^[^\\u0000\\r\\n]*$';
const BREAKS_ONE_LINE = /[\u0000\r\n]/;

/** Whether `text` holds on one line: no NUL, CR or LF. */
export function isOneLine(text: string): boolean {
  return !BREAKS_ONE_LINE.test(text);
}

/** Whether `text` holds no NUL, which no text column can store. */
export function hasNoNul(text: string): boolean {
  return !text.includes('\u0000');
}

/** Dates a ledger may hold: older or later ones are typing mistakes (`9999-12-31`, `0025-01-31`). */
export const LEDGER_YEARS = { first: 1900, last: 2199 } as const;

export function isLedgerDate(date: PlainDate): boolean {
  const { year } = parts(date);
  return year >= LEDGER_YEARS.first && year <= LEDGER_YEARS.last;
}

export const LEDGER_DATE_RANGE = `dates go from ${LEDGER_YEARS.first} to ${LEDGER_YEARS.last}`;
