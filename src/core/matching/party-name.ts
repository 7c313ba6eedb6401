/**
 * Comparing the name a bank gives for the payer with the customers' names. Banks print names in
 * capitals, without accents, cut at 35 or 70 characters, with the legal form before or after
 * ("SARL DUPONT ET FILS" for "Dupont & Fils SARL"), and people write "Ets", "Société", titles.
 * So both sides are reduced to their distinctive words, sorted, before they are compared.
 */

import { addTo, hashText, listAt, type OneOrMany } from './keyed-lists.js';

// Legal forms (FR, BE, NL, DE, LU, UK, IT, ES) and filler words that say nothing of who paid.
const NOISE_WORDS = new Set([
  'sarl', 'sas', 'sasu', 'sa', 'eurl', 'snc', 'sci', 'scp', 'scop', 'selarl', 'gie', 'ei', 'eirl', 'scs', 'sca',
  'srl', 'sprl', 'bv', 'bvba', 'nv', 'cv', 'cvba', 'vof', 'comm', 'commv', 'asbl', 'vzw', 'sc', 'scrl',
  'gmbh', 'ag', 'kg', 'ohg', 'ug', 'ev', 'co', 'mbh', 'haftungsbeschrankt',
  'ltd', 'llp', 'plc', 'inc', 'llc', 'corp', 'limited', 'spa', 'sl', 'slu',
  'ste', 'societe', 'ets', 'etablissements', 'cie', 'compagnie', 'groupe', 'group',
  'et', 'and', 'en', 'und', 'de', 'du', 'des', 'la', 'le', 'les', 'l', 'd', 'the', 'van', 'der', 'von',
  'm', 'mr', 'mme', 'mlle', 'me', 'dr', 'monsieur', 'madame', 'mevrouw', 'meneer', 'herr', 'frau',
]);

/**
 * The distinctive words of a party name, lower case, without accents, punctuation, legal forms
 * or titles, sorted and joined by single spaces. Empty when nothing distinctive is left.
 */
export function normalisePartyName(name: string): string {
  return partyNameWords(name).sort().join(' ');
}

const ASCII = /^[\x20-\x7e]*$/;

export function partyNameWords(name: string): string[] {
  // Most names are plain ASCII already: decomposing accents is the costly step, so it is skipped for them.
  const plain = (ASCII.test(name) ? name : name.normalize('NFKD').replace(/[\u0300-\u036f]/g, ''))
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/&/g, ' ')
    // "S.A.R.L." and "S.A." are legal forms once their dots are gone.
    .replace(/\b(?:[a-z]\.){2,}/g, (dotted) => dotted.replace(/\./g, ''));
  const words = plain.split(/[^a-z0-9]+/).filter((word) => word.length > 0 && !NOISE_WORDS.has(word));
  return [...new Set(words)];
}

/** The letter pairs of a normalised name (spaces dropped, so word cuts do not count), as sorted codes. */
function bigramCodes(normalised: string): Uint32Array {
  const text = normalised.replace(/ /g, '');
  const codes = new Uint32Array(Math.max(0, text.length - 1));
  for (let i = 0; i + 1 < text.length; i += 1) codes[i] = text.charCodeAt(i) * 65_536 + text.charCodeAt(i + 1);
  return codes.sort();
}

/** The Sørensen–Dice coefficient of two sorted lists of letter pairs. */
function dice(left: Uint32Array, right: Uint32Array): number {
  const total = left.length + right.length;
  if (total === 0) return 0;
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    if (left[i] === right[j]) {
      shared += 1;
      i += 1;
      j += 1;
    } else if (left[i]! < right[j]!) i += 1;
    else j += 1;
  }
  return (2 * shared) / total;
}

/**
 * How alike two normalised names are, from 0 to 1: the Sørensen–Dice coefficient of their
 * letter pairs. 1 when they are equal.
 */
export function nameSimilarity(a: string, b: string): number {
  if (a === b) return a.length > 0 ? 1 : 0;
  return dice(bigramCodes(a), bigramCodes(b));
}

/** A name close enough to count as the customer's, with how close it is. */
export interface NameCandidate<T> {
  readonly item: T;
  readonly similarity: number;
}

interface IndexedName<T> {
  readonly item: T;
  readonly normalised: string;
  /** Worked out the first time the name is compared: most names never are. */
  codes: Uint32Array | null;
}

/** Names this alike or more are taken as the same party. */
export const NAME_SIMILARITY_FLOOR = 0.8;

// A word shared by more names than this ("services", "france") finds too many to compare; it is
// used only when the name has no rarer word.
const COMMON_WORD = 500;
const MAX_COMPARED = 64;
const NAME_RIVAL_GAP = 0.1;
const MAX_FOUND = 8;

/**
 * Finds the items whose name is close to a payer's name without comparing it with every name:
 * an index of the exact normalised names and of each distinctive word.
 */
export class PartyNameIndex<T> {
  /** By a hash of the normalised name. */
  private readonly byName = new Map<number, OneOrMany<IndexedName<T>>>();
  /** By a hash of the first four letters of each word, and of each pair of neighbouring words. */
  private readonly byWord = new Map<number, OneOrMany<IndexedName<T>>>();

  add(item: T, name: string): void {
    const normalised = normalisePartyName(name);
    if (normalised === '') return;
    const entry: IndexedName<T> = { item, normalised, codes: null };
    addTo(this.byName, hashText(normalised), entry);
    const { pairs, words } = wordKeys(normalised);
    for (const key of [...pairs, ...words]) addTo(this.byWord, hashText(key), entry);
  }

  /**
   * The items whose name has the same distinctive words as the payer's; when there are none,
   * those at least `NAME_SIMILARITY_FLOOR` alike and within 0.1 of the closest, at most eight,
   * closest first (ties in the order added).
   */
  find(payerName: string): Array<NameCandidate<T>> {
    const normalised = normalisePartyName(payerName);
    if (normalised === '') return [];
    // The same distinctive words: no need to look further (a payer's name equal to two
    // customers' finds both, and they stay rivals).
    const same = listAt(this.byName, hashText(normalised)).filter((entry) => entry.normalised === normalised);
    if (same.length > 0) return same.map(({ item }) => ({ item, similarity: 1 }));
    const found = new Map<T, number>();
    const seen = new Set<T>();
    const codes = bigramCodes(normalised);
    const { pairs, words } = wordKeys(normalised);
    let compared = 0;
    // Names sharing a pair of words first; single words only when no pair found anyone.
    for (const keys of [pairs, words]) {
      const postings = keys
        .map((key) => listAt(this.byWord, hashText(key)))
        .filter((list) => list.length > 0)
        .sort((a, b) => a.length - b.length)
        .filter((list, index) => index === 0 || list.length <= COMMON_WORD);
      for (const list of postings) {
        for (const entry of list) {
          const { item } = entry;
          if (compared >= MAX_COMPARED) break;
          if (seen.has(item)) continue;
          seen.add(item);
          compared += 1;
          entry.codes ??= bigramCodes(entry.normalised);
          const similarity = dice(codes, entry.codes);
          if (similarity >= NAME_SIMILARITY_FLOOR) found.set(item, similarity);
        }
      }
      if (found.size > 0) break;
    }
    const ranked = [...found].map(([item, similarity]) => ({ item, similarity })).sort((a, b) => b.similarity - a.similarity);
    // Only the names about as close as the closest: a far second is no rival, and a ledger full
    // of look-alike names must not make every payment weigh hundreds of customers.
    const best = ranked[0]?.similarity ?? 1;
    return ranked.filter((candidate) => candidate.similarity >= best - NAME_RIVAL_GAP).slice(0, MAX_FOUND);
  }
}

// Words are indexed by their first four letters, so a typo at the end ("Dupond") or a name the
// bank cut short ("DUPONT ET FIL") still meets the customer's name; and each pair of
// neighbouring words (in sorted order) is indexed too, so that a name whose every word is common
// ("Boulangerie Martin") is still found among few others.
function wordKeys(normalised: string): { pairs: string[]; words: string[] } {
  const prefixes = [
    ...new Set(
      normalised
        .split(' ')
        .filter((word) => word.length >= 3)
        .map((word) => word.slice(0, 4)),
    ),
  ];
  // Neighbouring words of the sorted name: a word mistyped or cut off leaves the other pairs.
  const pairs: string[] = [];
  for (let i = 0; i + 1 < prefixes.length; i += 1) pairs.push(`${prefixes[i]} ${prefixes[i + 1]}`);
  return { pairs, words: prefixes };
}

