/**
 * A CSV file for spreadsheet users: RFC 4180 (comma, CRLF line ends, quotes doubled inside
 * quoted cells), UTF-8 with a byte-order mark so Excel reads accents right, and every cell a
 * spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage return)
 * prefixed with an apostrophe: a customer's text can never become a live formula
 * (CSV injection, OWASP).
 */
export function csvTable(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return `\uFEFF${[header, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('')}`;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** A field as RFC 4180 writes it: quoted, quotes doubled, only when it holds a comma, quote or line end. */
export function quotedCsvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One field: plain numbers as they are, text neutralised then quoted when it must be. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  return quotedCsvField(FORMULA_START.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value);
}
