/**
 * Deciding, for each credit of a bank statement, what it pays: which customer, which invoices and
 * how much of each, the rest left on the customer's account. Pure: the statement lines, the
 * organization's open invoices and its customers come in; a decision per line goes out, and the
 * caller records it.
 *
 * Clues are tried most certain first (see docs/matching.md):
 *   1. the structured reference (Belgian +++…+++ or ISO 11649 RF), only when its check digits hold;
 *   2. an invoice number in the payment's message;
 *   3. the payer's account, known for a customer, with an invoice's exact amount;
 *   4. the payer's name, close to a customer's, with an invoice's exact amount;
 *   5. several open invoices of a customer known by account or name adding up to the amount.
 * Each candidate gets a confidence from 0 to 100. A line is matched when its best candidate
 * reaches the threshold and no candidate for another customer comes close; otherwise a person
 * sees the ranked candidates (suggested), or nothing points anywhere (unmatched).
 *
 * Lines are worked clue by clue: every line that a reference settles takes its invoice before any
 * line is matched by name, and within a clue lines go by booking date, then id. What each line
 * takes is deducted from the invoice's open amount, so two lines never pay the same euro twice.
 */
import { findPaymentReferences, readPaymentReference } from '../payments/payment-reference.js';
import type { Currency } from '../money.js';
import type { PlainDate } from '../plain-date.js';
import { findNumberMentions, invoiceNumberKeys, numberKeyHashes } from './invoice-number-mentions.js';
import { addTo, hashText, listAt, pushTo, type OneOrMany } from './keyed-lists.js';
import { AMBIGUOUS_NOTE, describeMatch, type MatchClue, type MatchFit, type MatchReason } from './match-reasons.js';
import { PartyNameIndex } from './party-name.js';
import { findSubsetSum, SUBSET_SEARCH_INVOICES } from './subset-sum.js';

/** A credit on one of the organization's bank accounts, as the statement gives it. */
export interface StatementCredit {
  readonly id: string;
  /** Positive, in minor units. */
  readonly amountMinor: number;
  readonly currency: Currency;
  readonly bookingDate: PlainDate;
  readonly payerName: string | null;
  readonly payerIban: string | null;
  /** The structured creditor reference the bank reports (CdtrRefInf), as written. */
  readonly structuredReference: string | null;
  readonly endToEndId: string | null;
  /** The free text of the transfer (Ustrd). */
  readonly remittance: string | null;
}

/** An invoice with something left to pay. */
export interface MatchableInvoice {
  readonly id: string;
  readonly customerId: string;
  readonly number: string;
  /** What is left to pay, in minor units. */
  readonly openMinor: number;
  readonly currency: Currency;
  readonly dueDate: PlainDate;
  /** The invoice's payment reference in electronic form, as stored ("010806817183", "RF18539007547034"), if it has one. */
  readonly paymentReference: string | null;
}

export interface MatchableCustomer {
  readonly id: string;
  readonly name: string;
  /** Accounts the customer has paid from before (IBANs, any spacing or case). */
  readonly payerIbans: readonly string[];
}

export interface PaymentAllocation {
  readonly invoiceId: string;
  readonly amountMinor: number;
}

/** One way to settle a line: the allocations plus what stays on the customer's account add up to the line's amount. */
export interface MatchProposal {
  readonly customerId: string;
  readonly allocations: readonly PaymentAllocation[];
  readonly onAccountMinor: number;
  /** 0 to 100. */
  readonly confidence: number;
  readonly reason: MatchReason;
}

export type LineMatch =
  | ({ readonly lineId: string; readonly status: 'matched' } & MatchProposal)
  | {
      readonly lineId: string;
      readonly status: 'suggested';
      /** Best first. */
      readonly suggestions: readonly MatchProposal[];
      /** Why none was applied, when it is not just a low confidence. */
      readonly note: { readonly en: string; readonly fr: string } | null;
    }
  | { readonly lineId: string; readonly status: 'unmatched' };

export interface MatchInput {
  readonly lines: readonly StatementCredit[];
  readonly invoices: readonly MatchableInvoice[];
  readonly customers: readonly MatchableCustomer[];
}

export interface MatchOptions {
  /** A candidate at or above this confidence is applied without a person. */
  readonly threshold?: number;
}

export const DEFAULT_MATCH_THRESHOLD = 90;

/** A candidate for another customer this close to the best one makes the line a person's call. */
const AMBIGUITY_MARGIN = 10;
const MAX_SUGGESTIONS = 5;
/** Invoice numbers with fewer significant digits than this turn up in text by chance. */
const DISTINCTIVE_DIGITS = 3;
/** The clue levels worked in turn; the last adds the fall-backs no line is matched on. */
const LEVELS = 5;
const FALLBACK_LEVEL = 6;
/**
 * Less confidence when several customers bear the payer's name: a homonym who owes the amount
 * is not the payer because the payer owes nothing more (its invoice may be paid already).
 */
const SHARED_NAME_PENALTY = 6;
/** A customer with more open invoices than this has them indexed by amount, once. */
const AMOUNT_INDEX_FROM = 64;
/** A cheap first look: most messages hold no reference, and need not be searched for one. */
const MAY_HOLD_REFERENCE = /\+{3}|\*{3}|rf\d\d|\d{3}\/\d{4}|\d{12}/i;

// Confidence of each clue by how the amount fits: [exact or adding up, partial, over-payment].
const CONFIDENCE = {
  reference: [100, 98, 97],
  reference_in_text: [97, 95, 94],
  invoice_number: [95, 91, 91],
  invoice_number_short: [90, 75, 75],
  payer_iban_exact: 92,
  payer_iban_subset: 90,
  payer_iban_oldest_first: 70,
  /** A reference or number whose invoice another line of the batch already paid: a double payment. */
  settled_invoice: 80,
} as const;

interface BookInvoice {
  readonly invoice: MatchableInvoice;
  readonly numberDigits: number;
  remaining: number;
}

/** A proposal while the lines are worked: its sentence is written only if it is given out. */
interface Candidate extends Omit<MatchProposal, 'reason'> {
  readonly level: number;
  /** The invoices of `allocations`, in the same order. */
  readonly paid: readonly BookInvoice[];
  readonly reason: () => MatchReason;
}

/** A customer the payer's account or name points at. */
interface Payer {
  readonly customer: MatchableCustomer;
  readonly clue: 'payer_iban' | 'payer_name';
  /** How close the payer's name is to the customer's, 1 for a known account. */
  readonly similarity: number;
  /** Whether other customers bear the same name, or one as close: the name alone then tells less. */
  readonly shared: boolean;
}

/** The confidence a name gives: `base` plus `scale` times its similarity, less when the name is shared. */
function byName(payer: Payer, base: number, scale: number): number {
  return Math.round(base + scale * payer.similarity) - (payer.shared ? SHARED_NAME_PENALTY : 0);
}

/** What a line's text, account and name point at, read once per line. */
interface LineClues {
  references: Array<{ invoices: readonly BookInvoice[]; clue: 'reference' | 'reference_in_text' }> | undefined;
  numbers: readonly BookInvoice[] | undefined;
  payers: readonly Payer[] | undefined;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byAge(a: BookInvoice, b: BookInvoice): number {
  return compareText(a.invoice.dueDate, b.invoice.dueDate) || compareText(a.invoice.number, b.invoice.number) || compareText(a.invoice.id, b.invoice.id);
}

/** Files an invoice in a list kept oldest first. */
function insertByAge(index: Map<number, BookInvoice[]>, amount: number, entry: BookInvoice): void {
  const list = index.get(amount);
  if (!list) {
    index.set(amount, [entry]);
    return;
  }
  const at = list.findIndex((other) => byAge(entry, other) < 0);
  list.splice(at < 0 ? list.length : at, 0, entry);
}

function compactIban(iban: string): string {
  return iban.replace(/\s+/g, '').toUpperCase();
}

// Clues are kept for every line still waiting; most find nothing, and share one empty list.
const NONE: readonly never[] = Object.freeze([]);

function orNone<T>(list: T[]): T[] {
  return list.length === 0 ? (NONE as unknown as T[]) : list;
}

/** The open invoices and customers, indexed every way a clue looks them up, with what is still open. */
class OpenBook {
  readonly customers = new Map<string, MatchableCustomer>();
  readonly byReference = new Map<string, OneOrMany<BookInvoice>>();
  /** By a 30-bit hash of each number key: a quarter of a million invoices keep no key text. */
  readonly byNumberKey = new Map<number, OneOrMany<BookInvoice>>();
  readonly byCustomer = new Map<string, BookInvoice[]>();
  readonly byIban = new Map<string, MatchableCustomer[]>();
  readonly names = new PartyNameIndex<MatchableCustomer>();

  constructor(input: MatchInput) {
    for (const customer of input.customers) {
      this.customers.set(customer.id, customer);
      this.names.add(customer, customer.name);
      for (const iban of new Set(customer.payerIbans.map(compactIban))) pushTo(this.byIban, iban, customer);
    }
    for (const invoice of input.invoices) {
      if (!(invoice.openMinor > 0) || !this.customers.has(invoice.customerId)) continue;
      const keys = numberKeyHashes(invoice.number);
      const entry: BookInvoice = { invoice, numberDigits: keys?.significantDigits ?? 0, remaining: invoice.openMinor };
      pushTo(this.byCustomer, invoice.customerId, entry);
      // Stored in electronic form, and looked up only by references whose check holds: the
      // stored one needs neither reading nor checking here.
      if (invoice.paymentReference) addTo(this.byReference, invoice.paymentReference, entry);
      if (keys) {
        addTo(this.byNumberKey, keys.groups, entry);
        if (keys.compact !== keys.groups) addTo(this.byNumberKey, keys.compact, entry);
      }
    }
    for (const list of this.byCustomer.values()) list.sort(byAge);
  }

  /** The invoices whose number has this key (groups or compact form). */
  invoicesNumbered(key: string): BookInvoice[] {
    // A hash shared by two keys is told apart by the invoice's own number.
    return listAt(this.byNumberKey, hashText(key)).filter((entry) => {
      const keys = invoiceNumberKeys(entry.invoice.number);
      return keys !== null && (keys.groups === key || keys.compact === key);
    });
  }

  /**
   * The customer's oldest invoices still open in this currency, at most `count` of them, and no
   * more than it takes to reach `amount`: a customer with thousands of open invoices costs a
   * credit no more than one with a few.
   */
  oldestOpen(customerId: string, currency: Currency, count: number, amount = Infinity): BookInvoice[] {
    const taken: BookInvoice[] = [];
    let sum = 0;
    for (const entry of this.byCustomer.get(customerId) ?? []) {
      if (taken.length >= count || sum >= amount) break;
      if (entry.remaining <= 0 || entry.invoice.currency !== currency) continue;
      taken.push(entry);
      sum += entry.remaining;
    }
    return taken;
  }

  /** The customer's open invoices in this currency whose open amount is exactly `amount`, oldest first. */
  openForAmount(customerId: string, currency: Currency, amount: number): BookInvoice[] {
    const all = this.byCustomer.get(customerId) ?? [];
    // A long list is indexed by amount once; an invoice partly paid since is filed again under
    // what it leaves open (`payFrom`), and the check below passes over the stale place.
    const candidates = all.length <= AMOUNT_INDEX_FROM ? all : (this.amountIndexOf(customerId, all).get(amount) ?? []);
    return candidates.filter((entry) => entry.remaining === amount && entry.invoice.currency === currency);
  }

  /** Takes `amount` off an invoice's open amount. */
  payFrom(entry: BookInvoice, amount: number): void {
    entry.remaining -= amount;
    const index = this.byAmount.get(entry.invoice.customerId);
    if (index && entry.remaining > 0) insertByAge(index, entry.remaining, entry);
  }

  private readonly byAmount = new Map<string, Map<number, BookInvoice[]>>();

  private amountIndexOf(customerId: string, all: readonly BookInvoice[]): Map<number, BookInvoice[]> {
    let index = this.byAmount.get(customerId);
    if (!index) {
      index = new Map();
      for (const entry of all) pushTo(index, entry.remaining, entry);
      this.byAmount.set(customerId, index);
    }
    return index;
  }
}

/** Pays `invoices`, given oldest first, in that order up to `amount`; what is left goes on account. */
function payOldestFirst(invoices: readonly BookInvoice[], amount: number): { allocations: PaymentAllocation[]; onAccountMinor: number; paid: BookInvoice[] } {
  const allocations: PaymentAllocation[] = [];
  const paid: BookInvoice[] = [];
  let left = amount;
  for (const entry of invoices) {
    if (left <= 0) break;
    const take = Math.min(left, entry.remaining);
    if (take <= 0) continue;
    allocations.push({ invoiceId: entry.invoice.id, amountMinor: take });
    paid.push(entry);
    left -= take;
  }
  return { allocations, onAccountMinor: left, paid };
}

function fitOf(invoices: readonly BookInvoice[], amount: number): MatchFit {
  const open = invoices.reduce((sum, entry) => sum + entry.remaining, 0);
  if (open === amount) return invoices.length === 1 ? 'exact' : 'adds_up';
  return amount < open ? 'partial' : 'over';
}

class Matcher {
  private readonly clues = new Map<StatementCredit, LineClues>();

  constructor(
    private readonly book: OpenBook,
    private readonly threshold: number,
  ) {}

  /** Candidates from the clue levels `from` to `to`, best first. */
  candidates(line: StatementCredit, from: number, to: number): Candidate[] {
    const found: Candidate[] = [];
    if (!(line.amountMinor > 0)) return found;
    const strategies = [this.byReference, this.byNumber, this.byIbanAndAmount, this.byNameAndAmount, this.bySubsets, this.byCustomerAlone];
    for (let level = from; level <= to; level += 1) strategies[level - 1]!.call(this, line, found);
    return rank(found);
  }

  /** The candidate to apply, or null when the best is not sure enough or another customer comes close. */
  decide(candidates: readonly Candidate[]): Candidate | null {
    const best = candidates[0];
    if (!best || best.confidence < this.threshold) return null;
    return this.isAmbiguous(candidates) ? null : best;
  }

  /** Whether the best candidate is a serious one and another customer's comes close to it. */
  isAmbiguous(candidates: readonly Candidate[]): boolean {
    const best = candidates[0];
    if (!best || best.confidence < this.threshold - AMBIGUITY_MARGIN) return false;
    return candidates.some((other) => other.customerId !== best.customerId && other.confidence >= best.confidence - AMBIGUITY_MARGIN);
  }

  /** A line decided needs its clues no more. */
  forget(line: StatementCredit): void {
    this.clues.delete(line);
  }

  apply(candidate: Candidate): void {
    candidate.paid.forEach((entry, at) => this.book.payFrom(entry, candidate.allocations[at]!.amountMinor));
  }

  private cluesOf(line: StatementCredit): LineClues {
    let clues = this.clues.get(line);
    if (!clues) {
      clues = { references: undefined, numbers: undefined, payers: undefined };
      this.clues.set(line, clues);
    }
    return clues;
  }

  private propose(
    found: Candidate[],
    level: number,
    customerId: string,
    clue: MatchClue,
    fit: MatchFit,
    confidence: number,
    paid: { allocations: PaymentAllocation[]; onAccountMinor: number; paid: BookInvoice[] },
    line: StatementCredit,
    named: readonly BookInvoice[] = paid.paid,
  ): void {
    const customer = this.book.customers.get(customerId)!;
    const reason = (): MatchReason =>
      describeMatch(clue, fit, { invoices: named, customerName: customer.name, payerName: line.payerName });
    found.push({ level, customerId, allocations: paid.allocations, paid: paid.paid, onAccountMinor: paid.onAccountMinor, confidence, reason });
  }

  /** Proposes paying `invoices` of one customer, named by a reference or a number. */
  private proposeNamed(found: Candidate[], level: number, line: StatementCredit, clue: MatchClue, named: readonly BookInvoice[], scale: readonly number[]): void {
    const customerId = named[0]!.invoice.customerId;
    const open = named.filter((entry) => entry.remaining > 0).sort(byAge);
    if (open.length === 0) {
      const onAccount = { allocations: [], onAccountMinor: line.amountMinor, paid: [] };
      this.propose(found, level, customerId, clue, 'on_account', CONFIDENCE.settled_invoice, onAccount, line, named);
      return;
    }
    const fit = fitOf(open, line.amountMinor);
    const confidence = fit === 'exact' || fit === 'adds_up' ? scale[0]! : fit === 'partial' ? scale[1]! : scale[2]!;
    this.propose(found, level, customerId, clue, fit, confidence, payOldestFirst(open, line.amountMinor), line);
  }

  private byReference(line: StatementCredit, found: Candidate[]): void {
    const clues = this.cluesOf(line);
    if (!clues.references) {
      const references: NonNullable<LineClues['references']> = [];
      const seen = new Set<string>();
      const field = line.structuredReference === null ? null : readPaymentReference(line.structuredReference);
      const sources: Array<[string, 'reference' | 'reference_in_text']> = [];
      if (field) sources.push([field.reference, 'reference']);
      const text = line.remittance ?? '';
      if (MAY_HOLD_REFERENCE.test(text)) for (const reference of findPaymentReferences(text)) sources.push([reference, 'reference_in_text']);
      for (const [reference, clue] of sources) {
        if (seen.has(reference)) continue;
        seen.add(reference);
        const invoices = listAt(this.book.byReference, reference).filter((entry) => entry.invoice.currency === line.currency);
        if (invoices.length > 0) references.push({ invoices, clue });
      }
      clues.references = orNone(references);
    }
    for (const { invoices, clue } of clues.references) {
      const scale = clue === 'reference' ? CONFIDENCE.reference : CONFIDENCE.reference_in_text;
      for (const group of byCustomerGroups(invoices)) this.proposeNamed(found, 1, line, clue, group, scale);
    }
  }

  private byNumber(line: StatementCredit, found: Candidate[]): void {
    const clues = this.cluesOf(line);
    if (!clues.numbers) {
      const endToEnd = line.endToEndId && !/^not ?provided$/i.test(line.endToEndId.trim()) ? line.endToEndId : '';
      const text = `${line.remittance ?? ''}\n${endToEnd}`;
      clues.numbers = orNone(findNumberMentions(text, (key) => this.book.invoicesNumbered(key)).filter((entry) => entry.invoice.currency === line.currency));
    }
    for (const group of byCustomerGroups(clues.numbers)) {
      const short = group.every((entry) => entry.numberDigits < DISTINCTIVE_DIGITS);
      this.proposeNamed(found, 2, line, 'invoice_number', group, short ? CONFIDENCE.invoice_number_short : CONFIDENCE.invoice_number);
    }
  }

  /** The customers the payer's account or name point at: known accounts first, then names closest first. */
  private payers(line: StatementCredit): readonly Payer[] {
    const clues = this.cluesOf(line);
    if (!clues.payers) {
      const byIban = line.payerIban ? (this.book.byIban.get(compactIban(line.payerIban)) ?? []) : [];
      const named = line.payerName ? this.book.names.find(line.payerName) : [];
      clues.payers = orNone([
        ...byIban.map((customer) => ({ customer, clue: 'payer_iban' as const, similarity: 1, shared: false })),
        ...named.map(({ item, similarity }) => ({ customer: item, clue: 'payer_name' as const, similarity, shared: named.length > 1 })),
      ]);
    }
    return clues.payers;
  }

  private exactAmount(line: StatementCredit, found: Candidate[], clue: Payer['clue'], level: number): void {
    for (const payer of this.payers(line)) {
      if (payer.clue !== clue) continue;
      const exact = this.book.openForAmount(payer.customer.id, line.currency, line.amountMinor);
      if (exact.length === 0) continue;
      // Several invoices of the same amount: the oldest is paid first, a little less surely.
      const base = clue === 'payer_iban' ? CONFIDENCE.payer_iban_exact : byName(payer, 50, 40);
      this.propose(found, level, payer.customer.id, clue, 'exact', base - (exact.length > 1 ? 2 : 0), payOldestFirst(exact.slice(0, 1), line.amountMinor), line);
    }
  }

  private byIbanAndAmount(line: StatementCredit, found: Candidate[]): void {
    this.exactAmount(line, found, 'payer_iban', 3);
  }

  private byNameAndAmount(line: StatementCredit, found: Candidate[]): void {
    this.exactAmount(line, found, 'payer_name', 4);
  }

  private bySubsets(line: StatementCredit, found: Candidate[]): void {
    for (const payer of this.payers(line)) {
      const open = this.book.oldestOpen(payer.customer.id, line.currency, SUBSET_SEARCH_INVOICES);
      const subset = findSubsetSum(
        open.map((entry) => entry.remaining),
        line.amountMinor,
      );
      if (!subset) continue;
      const base = payer.clue === 'payer_iban' ? CONFIDENCE.payer_iban_subset : byName(payer, 45, 40);
      const invoices = subset.indexes.map((index) => open[index]!);
      this.propose(found, 5, payer.customer.id, payer.clue, 'adds_up', base - (subset.unique ? 0 : 10), payOldestFirst(invoices, line.amountMinor), line);
    }
  }

  /** A customer known by account or name, whatever the amount: the oldest invoices first, the rest on account. */
  private byCustomerAlone(line: StatementCredit, found: Candidate[]): void {
    for (const payer of this.payers(line)) {
      const open = this.book.oldestOpen(payer.customer.id, line.currency, Number.POSITIVE_INFINITY, line.amountMinor);
      const paid = payOldestFirst(open, line.amountMinor);
      const fit: MatchFit = open.length === 0 ? 'on_account' : 'oldest_first';
      const confidence = payer.clue === 'payer_iban' ? CONFIDENCE.payer_iban_oldest_first : byName(payer, 30, 40);
      this.propose(found, FALLBACK_LEVEL, payer.customer.id, payer.clue, fit, confidence, paid, line);
    }
  }
}

function byCustomerGroups(invoices: readonly BookInvoice[]): BookInvoice[][] {
  const groups = new Map<string, BookInvoice[]>();
  for (const entry of invoices) pushTo(groups, entry.invoice.customerId, entry);
  return [...groups.values()];
}

/** Best first; the same customer and allocations proposed twice are kept once, at their best. */
function rank(found: Candidate[]): Candidate[] {
  if (found.length <= 1) return found;
  const sorted = found
    .map((candidate, order) => ({ candidate, order }))
    .sort(
      (a, b) =>
        b.candidate.confidence - a.candidate.confidence ||
        a.candidate.level - b.candidate.level ||
        compareText(a.candidate.customerId, b.candidate.customerId) ||
        a.order - b.order,
    )
    .map(({ candidate }) => candidate);
  const seen = new Set<string>();
  return sorted.filter((candidate) => {
    const key = `${candidate.customerId}\u0000${candidate.allocations.map((a) => `${a.invoiceId}:${a.amountMinor}`).join(',')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function proposalOf({ level: _level, paid: _paid, reason, ...proposal }: Candidate): MatchProposal {
  return { ...proposal, reason: reason() };
}

/**
 * What each credit pays, one decision per line in the order the lines were given. The same input
 * always gives the same decisions, whatever order the invoices and customers come in.
 */
export function matchPayments(input: MatchInput, options: MatchOptions = {}): LineMatch[] {
  const threshold = options.threshold ?? DEFAULT_MATCH_THRESHOLD;
  const book = new OpenBook(input);
  const matcher = new Matcher(book, threshold);
  const order = input.lines
    .map((line, index) => ({ line, index }))
    .sort((a, b) => compareText(a.line.bookingDate, b.line.bookingDate) || compareText(a.line.id, b.line.id) || a.index - b.index);
  const decisions = new Array<LineMatch | undefined>(input.lines.length);

  // What the more certain clues proposed for each line still waiting, kept as rivals for the next.
  const earlier = new Map<number, Candidate[]>();
  for (let level = 1; level <= LEVELS; level += 1) {
    for (const { line, index } of order) {
      if (decisions[index]) continue;
      const fresh = matcher.candidates(line, level, level);
      if (fresh.length === 0) continue;
      const all = rank([...(earlier.get(index) ?? []), ...fresh]);
      const chosen = matcher.decide(all);
      if (chosen && chosen.level === level) {
        matcher.apply(chosen);
        matcher.forget(line);
        decisions[index] = { lineId: line.id, status: 'matched', ...proposalOf(chosen) };
        earlier.delete(index);
      } else earlier.set(index, all);
    }
  }

  // What is left: one more look with every clue and the amounts now open, then a person's call.
  for (const { line, index } of order) {
    if (decisions[index]) continue;
    const candidates = matcher.candidates(line, 1, FALLBACK_LEVEL);
    const chosen = matcher.decide(candidates);
    if (chosen) {
      matcher.apply(chosen);
      decisions[index] = { lineId: line.id, status: 'matched', ...proposalOf(chosen) };
    } else if (candidates.length > 0) {
      const ambiguous = matcher.isAmbiguous(candidates);
      const suggestions = candidates.slice(0, MAX_SUGGESTIONS).map((candidate) => {
        const proposal = proposalOf(candidate);
        return ambiguous ? { ...proposal, confidence: Math.min(proposal.confidence, threshold - 1) } : proposal;
      });
      decisions[index] = { lineId: line.id, status: 'suggested', suggestions, note: ambiguous ? AMBIGUOUS_NOTE : null };
    } else {
      decisions[index] = { lineId: line.id, status: 'unmatched' };
    }
  }
  return decisions.map((decision) => decision!);
}
