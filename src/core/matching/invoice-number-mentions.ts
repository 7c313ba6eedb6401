/**
 * Finding an invoice number in the free text of a transfer ("remittance information"), the way
 * payers really write it: "FA-2025-0012", "fa 2025 12", "Facture n° 12", "INV12", "FA20250012".
 *
 * An invoice number is reduced to its digit groups without leading zeros ("FA-2025-0012" →
 * 2025 · 12) and to all its digits run together ("20250012"); letters and punctuation are
 * prefixes and separators that payers drop, change or translate. The text is cut into digit
 * groups the same way. A number is found only as whole groups, so "12" is never found inside
 * "123", "2012" or "2025-0012", and a date such as 12/06/2025 never yields a "12".
 */

import { FNV_OFFSET, FNV_PRIME } from './keyed-lists.js';

/** The keys an invoice number is looked up by. `null` when the number holds no digit. */
export interface InvoiceNumberKeys {
  /** Digit groups without leading zeros, joined by dots: "FA-2025-0012" → "2025.12". */
  readonly groups: string;
  /** Every digit together without leading zeros: "FA-2025-0012" → "20250012". */
  readonly compact: string;
  /** How many significant digits the number holds: few digits are easily found by chance. */
  readonly significantDigits: number;
}

const DIGIT_GROUP = /\d+/g;

function stripZeros(digits: string): string {
  const stripped = digits.replace(/^0+/, '');
  return stripped === '' ? '0' : stripped;
}

export function invoiceNumberKeys(number: string): InvoiceNumberKeys | null {
  // One pass over the characters: this runs for every open invoice of the organization.
  let groups = '';
  let digits = '';
  let inGroup = false;
  let leading = true;
  for (let i = 0; i < number.length; i += 1) {
    const code = number.charCodeAt(i);
    if (code < 48 || code > 57) {
      if (inGroup && leading) groups += '0';
      inGroup = false;
      continue;
    }
    digits += number[i];
    if (!inGroup) {
      if (groups !== '') groups += '.';
      inGroup = true;
      leading = true;
    }
    if (leading && code === 48) continue;
    leading = false;
    groups += number[i];
  }
  if (digits === '') return null;
  if (inGroup && leading) groups += '0';
  const compact = stripZeros(digits);
  return { groups, compact, significantDigits: compact === '0' ? 0 : compact.length };
}

const DOT = 46;
const ZERO = 48;

/**
 * `hashText` of both keys of `invoiceNumberKeys(number)`, worked out in one pass without
 * writing the keys: an organization's every open invoice goes through here.
 */
export function numberKeyHashes(number: string): { groups: number; compact: number; significantDigits: number } | null {
  let groups = FNV_OFFSET;
  let compact = FNV_OFFSET;
  let significant = 0;
  let inGroup = false;
  let groupWritten = false;
  let anyGroup = false;
  for (let i = 0; i <= number.length; i += 1) {
    const code = i < number.length ? number.charCodeAt(i) : -1;
    const digit = code >= ZERO && code <= ZERO + 9;
    if (!digit) {
      if (inGroup && !groupWritten) groups = Math.imul(groups ^ ZERO, FNV_PRIME);
      inGroup = false;
      continue;
    }
    if (!inGroup) {
      if (anyGroup) groups = Math.imul(groups ^ DOT, FNV_PRIME);
      inGroup = true;
      anyGroup = true;
      groupWritten = false;
    }
    if (groupWritten || code !== ZERO) {
      groups = Math.imul(groups ^ code, FNV_PRIME);
      groupWritten = true;
    }
    if (significant > 0 || code !== ZERO) {
      compact = Math.imul(compact ^ code, FNV_PRIME);
      significant += 1;
    }
  }
  if (!anyGroup) return null;
  if (significant === 0) compact = Math.imul(compact ^ ZERO, FNV_PRIME);
  return { groups: groups >>> 2, compact: compact >>> 2, significantDigits: significant };
}

/** One digit group of a text, and how it is joined to the group before it. */
interface TextGroup {
  readonly digits: string;
  readonly start: number;
  readonly end: number;
  /** How the gap before this group ties it to the previous group. */
  readonly tie: 'bound' | 'loose' | 'broken';
}

// Between two groups of one written number there is nothing, or punctuation, or letters glued
// to both ("2025-0012", "12/06", "12X3"): the groups are bound and belong together. Only spaces
// (with at most a dash or a slash) between them leave them loose: "fa 2025 12" may be one number
// or a list. A word in between ("12 et 13", "12, 13") breaks the run.
function tieOf(gap: string): TextGroup['tie'] {
  if (!/\s/.test(gap)) return 'bound';
  if (/^\s*[-/]?\s*$/.test(gap)) return 'loose';
  return 'broken';
}

function textGroups(text: string): TextGroup[] {
  const groups: TextGroup[] = [];
  let previousEnd = -1;
  for (const match of text.matchAll(DIGIT_GROUP)) {
    const start = match.index;
    const tie = previousEnd < 0 ? 'broken' : tieOf(text.slice(previousEnd, start));
    groups.push({ digits: match[0], start, end: start + match[0].length, tie });
    previousEnd = start + match[0].length;
  }
  return groups;
}

/** The longest run of groups a mention may span: "FA-2025-03-000012" has four. */
const MAX_GROUPS = 4;

// Account numbers and references in a remittance text are not invoice numbers; their digit
// groups would otherwise be read as numbers ("BE68 5390 0754 7070" holds a "5390").
// An account number is removed only when its IBAN check holds, so an invoice number shaped like
// one ("FA2025000012") stays.
const NOT_INVOICE_NUMBERS = [
  /(?:\+{3}|\*{3})\s*\d{3}\s*\/\s*\d{4}\s*\/\s*\d{5}\s*(?:\+{3}|\*{3})/g,
  /\bRF\d{2}(?:\s?[0-9A-Z]{1,4}){1,6}\b/gi,
];
const IBAN_LIKE = /\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?\b/gi;

function isIban(text: string): boolean {
  const compact = text.replace(/\s+/g, '').toUpperCase();
  if (compact.length < 15 || compact.length > 34) return false;
  let remainder = 0;
  for (const char of compact.slice(4) + compact.slice(0, 4)) {
    const code = char.charCodeAt(0);
    const value = code >= 65 ? code - 55 : code - 48;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

function withoutAccountsAndReferences(text: string): string {
  const rest = NOT_INVOICE_NUMBERS.reduce((so, pattern) => so.replace(pattern, ' '), text);
  return rest.replace(IBAN_LIKE, (found) => (isIban(found) ? ' ' : found));
}

/** A place in a text where a key was found, from group `from` to group `to` (both included). */
export interface NumberMention<T> {
  readonly found: T;
  readonly from: number;
  readonly to: number;
}

/**
 * Every mention in `text` of a number `lookup` knows, longest first kept: when "2025-0012" is
 * found, the "12" inside it is not reported as well. `lookup` receives a key made like
 * `invoiceNumberKeys` makes them (groups or compact form) and returns what it indexes under it.
 */
export function findNumberMentions<T>(text: string, lookup: (key: string) => readonly T[] | undefined): T[] {
  const groups = textGroups(withoutAccountsAndReferences(text));
  const mentions: Array<NumberMention<readonly T[]>> = [];
  for (let from = 0; from < groups.length; from += 1) {
    // A mention may not start or end in the middle of a written number.
    if (groups[from]!.tie === 'bound') continue;
    let groupsKey = '';
    let digits = '';
    for (let to = from; to < groups.length && to - from < MAX_GROUPS; to += 1) {
      const group = groups[to]!;
      if (to > from && group.tie === 'broken') break;
      groupsKey = to === from ? stripZeros(group.digits) : `${groupsKey}.${stripZeros(group.digits)}`;
      digits += group.digits;
      const next = groups[to + 1];
      if (next && next.tie === 'bound') continue;
      const compact = stripZeros(digits);
      const found = [...(lookup(groupsKey) ?? []), ...(compact !== groupsKey ? (lookup(compact) ?? []) : [])];
      if (found.length > 0) mentions.push({ found, from, to });
    }
  }
  // Keep a mention only when no longer mention covers it.
  const kept = mentions.filter(
    (mention) => !mentions.some((other) => other !== mention && other.from <= mention.from && other.to >= mention.to && other.to - other.from > mention.to - mention.from),
  );
  const result: T[] = [];
  for (const mention of kept) for (const found of mention.found) if (!result.includes(found)) result.push(found);
  return result;
}
