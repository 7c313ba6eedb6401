import { escapeHtml } from '../../core/escape-html.js';

/** Markup already escaped (or written by the page itself), which `html` puts in as it is. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Text as it may stand in an element or a quoted attribute. */
export const escapeText = escapeHtml;

function piece(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(piece).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeText(String(value));
}

/**
 * A tagged template for the debtor page: every value put in is escaped unless it is markup this
 * function made (SafeHtml), so whatever the ledger holds or a debtor typed shows as text. Plain
 * string concatenation, compiled with the module: nothing is parsed per request.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i += 1) out += piece(values[i]) + strings[i + 1]!;
  return new SafeHtml(out);
}
