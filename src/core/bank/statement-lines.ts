import type { Currency } from '../money.js';
import type { PlainDate } from '../plain-date.js';

/** What a statement was read from: an ISO 20022 intraday report, statement or notification, or a bank's CSV export. */
export type StatementFormat = 'camt.052' | 'camt.053' | 'camt.054' | 'csv';

/** One statement, report or notification as read from a file, before any rule is applied. */
export interface ParsedStatement {
  file: string;
  format: StatementFormat;
  /** The element path of the statement in its file: "Document/BkToCstmrStmt/Stmt[2]". */
  path: string;
  /** Electronic form (capitals, no spaces). */
  accountIban: string;
  entries: ParsedEntry[];
}

/** One booking on the account (Ntry): a single transfer, or a batch of several. */
export interface ParsedEntry {
  path: string;
  amountMinor: number;
  currency: Currency;
  /** The direction of the booking on the account: only credits can be payments. */
  credit: boolean;
  /** RvslInd: this entry takes back an earlier booking of the opposite direction. */
  reversal: boolean;
  /** Sts BOOK; pending and information-only entries are shown but never applied. */
  booked: boolean;
  bookingDate: PlainDate | null;
  valueDate: PlainDate | null;
  /** The bank's reference of the entry (AcctSvcrRef). */
  bankReference: string | null;
  /** Free text of the entry itself (AddtlNtryInf), read when no detail says more. */
  information: string | null;
  /** TxDtls; empty when the bank gave none. */
  details: ParsedDetail[];
}

/** One transaction inside an entry (TxDtls). */
export interface ParsedDetail {
  path: string;
  /** Null when the detail gives no amount in the entry's currency. */
  amountMinor: number | null;
  endToEndId: string | null;
  transactionId: string | null;
  instructionId: string | null;
  bankReference: string | null;
  payerName: string | null;
  /** Electronic form. */
  payerIban: string | null;
  /** Strd/CdtrRefInf/Ref: the structured creditor reference (ISO 11649 RF, Belgian +++…+++). */
  creditorReference: string | null;
  /** Ustrd, joined. */
  remittance: string | null;
  /** RtrInf: money sent back by the bank, not a payment. */
  returned: boolean;
}

/** A credit that counts as a customer payment, with the identity that makes importing it twice a no-op. */
export interface StatementLine {
  identity: string;
  file: string;
  path: string;
  accountIban: string;
  amountMinor: number;
  currency: Currency;
  bookingDate: PlainDate;
  valueDate: PlainDate | null;
  payerName: string | null;
  payerIban: string | null;
  /** The structured creditor reference, else the end-to-end id. */
  reference: string | null;
  remittance: string | null;
  endToEndId: string | null;
  bankReference: string | null;
  /** References a reversal of this credit would repeat. */
  reversalKeys: string[];
}

export type ExclusionReason = 'debit' | 'reversal' | 'return' | 'pending' | 'duplicate';

/** An entry (or one of its details) left out, and why. */
export interface ExcludedLine {
  reason: ExclusionReason;
  file: string;
  path: string;
  accountIban: string;
  amountMinor: number;
  currency: Currency;
  bookingDate: PlainDate | null;
  valueDate: PlainDate | null;
  payerName: string | null;
  reference: string | null;
  remittance: string | null;
  /** For a reversal: the credit it undid, or that none was found. */
  note?: string;
}

/** A reversal of a credit that no line of the same import explains: the credit may be stored from an earlier statement. */
export interface PendingReversal {
  excluded: ExcludedLine;
  accountIban: string;
  amountMinor: number;
  currency: Currency;
  bookingDate: PlainDate | null;
  keys: string[];
}

export interface StatementReading {
  lines: StatementLine[];
  excluded: ExcludedLine[];
  /** Reversals of credits not in these statements: to be looked for among the stored lines. */
  reversals: PendingReversal[];
}

/**
 * "NOTPROVIDED" is what a payer's bank puts when the payer gave no end-to-end id: it identifies
 * nothing, and neither does an empty reference.
 */
function meaningful(reference: string | null): string | null {
  const trimmed = reference?.trim() ?? '';
  return trimmed === '' || trimmed.toUpperCase() === 'NOTPROVIDED' ? null : trimmed;
}

interface Transaction {
  entry: ParsedEntry;
  detail: ParsedDetail | null;
  /** The detail's place in its entry: stable in every statement that carries the entry. */
  index: number;
  amountMinor: number;
}

/**
 * One transaction per detail; an entry without details is one transaction. A batch whose details
 * do not all give their amount in the entry's currency cannot be split: it stays one transaction
 * of the entry's amount, described by its first detail, so that what is recorded is what reached
 * the account.
 */
function transactionsOf(entry: ParsedEntry): Transaction[] {
  const [first] = entry.details;
  const whole = [{ entry, detail: first ?? null, index: 0, amountMinor: entry.amountMinor }];
  if (entry.details.length <= 1 || entry.details.some((detail) => detail.amountMinor === null)) return whole;
  return entry.details.map((detail, index) => ({ entry, detail, index, amountMinor: detail.amountMinor! }));
}

function referenceOf(detail: ParsedDetail | null): string | null {
  return meaningful(detail?.creditorReference ?? null) ?? meaningful(detail?.endToEndId ?? null);
}

/** References a reversal repeats from the credit it takes back: never the end-to-end id "NOTPROVIDED". */
function keysOf(detail: ParsedDetail | null): string[] {
  if (!detail) return [];
  const keys: string[] = [];
  const add = (kind: string, value: string | null) => {
    const text = meaningful(value);
    if (text) keys.push(`${kind}:${text}`);
  };
  add('e2e', detail.endToEndId);
  add('tx', detail.transactionId);
  add('instr', detail.instructionId);
  add('ref', detail.bankReference);
  return keys;
}

function excludedOf(statement: ParsedStatement, transaction: Transaction, reason: ExclusionReason): ExcludedLine {
  const { entry, detail } = transaction;
  return {
    reason,
    file: statement.file,
    path: detail?.path ?? entry.path,
    accountIban: statement.accountIban,
    amountMinor: transaction.amountMinor,
    currency: entry.currency,
    bookingDate: entry.bookingDate,
    valueDate: entry.valueDate,
    payerName: detail?.payerName ?? null,
    reference: referenceOf(detail),
    remittance: detail?.remittance ?? entry.information,
  };
}

/**
 * The identity of a transaction: the account, the booking date, the amount and every reference
 * the bank gives (its own entry and transaction references, the payer's end-to-end, transaction
 * and instruction ids), plus the detail's place in its entry. An end-to-end id alone is never
 * enough: payers reuse them and many send "NOTPROVIDED". Two transactions of one statement that
 * still look the same are told apart by their order of appearance, which a later statement
 * carrying the same day repeats.
 */
function identityOf(statement: ParsedStatement, transaction: Transaction, bookingDate: PlainDate): string {
  const { entry, detail } = transaction;
  return [
    statement.accountIban,
    bookingDate,
    entry.currency,
    String(transaction.amountMinor),
    meaningful(entry.bankReference) ?? '',
    meaningful(detail?.bankReference ?? null) ?? '',
    meaningful(detail?.endToEndId ?? null) ?? '',
    meaningful(detail?.transactionId ?? null) ?? '',
    meaningful(detail?.instructionId ?? null) ?? '',
    String(transaction.index),
  ].join('|');
}

/**
 * Applies the bank-statement rules to what was read:
 * - only booked credits become payments, one per transaction detail;
 * - debits, returns (RtrInf) and pending entries are left out with their reason;
 * - a reversal (RvslInd) is left out, and so is the credit of the same statements it takes back
 *   (same account, currency and amount, a shared reference, booked no later); a reversal whose
 *   credit is not here is handed back to be looked for among the stored lines;
 * - a transaction met twice (overlapping statements in one import) counts once.
 */
export function readStatementLines(statements: readonly ParsedStatement[]): StatementReading {
  const lines: StatementLine[] = [];
  const excluded: ExcludedLine[] = [];
  const reversals: PendingReversal[] = [];
  const seen = new Set<string>();

  for (const statement of statements) {
    const occurrences = new Map<string, number>();
    for (const entry of statement.entries) {
      for (const transaction of transactionsOf(entry)) {
        const { detail } = transaction;
        if (entry.reversal) {
          const left = excludedOf(statement, transaction, 'reversal');
          excluded.push(left);
          // A reversal booked as a debit takes back a credit; one booked as a credit takes back a debit, which was never a payment.
          if (!entry.credit) {
            reversals.push({ excluded: left, accountIban: statement.accountIban, amountMinor: transaction.amountMinor, currency: entry.currency, bookingDate: entry.bookingDate, keys: keysOf(detail) });
          }
          continue;
        }
        if (!entry.credit) {
          excluded.push(excludedOf(statement, transaction, 'debit'));
          continue;
        }
        if (detail?.returned) {
          excluded.push(excludedOf(statement, transaction, 'return'));
          continue;
        }
        const bookingDate = entry.bookingDate ?? entry.valueDate;
        if (!entry.booked || bookingDate === null) {
          excluded.push(excludedOf(statement, transaction, 'pending'));
          continue;
        }
        const base = identityOf(statement, transaction, bookingDate);
        const occurrence = (occurrences.get(base) ?? 0) + 1;
        occurrences.set(base, occurrence);
        const identity = `${base}|${occurrence}`;
        if (seen.has(identity)) {
          excluded.push(excludedOf(statement, transaction, 'duplicate'));
          continue;
        }
        seen.add(identity);
        lines.push({
          identity,
          file: statement.file,
          path: detail?.path ?? entry.path,
          accountIban: statement.accountIban,
          amountMinor: transaction.amountMinor,
          currency: entry.currency,
          bookingDate,
          valueDate: entry.valueDate,
          payerName: detail?.payerName ?? null,
          payerIban: detail?.payerIban ?? null,
          reference: referenceOf(detail),
          remittance: detail?.remittance ?? entry.information,
          endToEndId: meaningful(detail?.endToEndId ?? null),
          bankReference: meaningful(detail?.bankReference ?? null) ?? meaningful(entry.bankReference),
          reversalKeys: keysOf(detail),
        });
      }
    }
  }

  const unexplained: PendingReversal[] = [];
  for (const reversal of reversals) {
    const undone = findReversedLine(reversal, lines);
    if (!undone) {
      unexplained.push(reversal);
      continue;
    }
    lines.splice(lines.indexOf(undone), 1);
    excluded.push({ ...lineAsExcluded(undone, 'reversal'), note: `taken back by the reversal at ${reversal.excluded.path}` });
    reversal.excluded.note = `takes back the credit at ${undone.path}`;
  }
  return { lines, excluded, reversals: unexplained };
}

/** The credit a reversal takes back: same account, currency and amount, a reference in common, booked on or before it; the latest such. */
export function findReversedLine<T extends Pick<StatementLine, 'accountIban' | 'amountMinor' | 'currency' | 'bookingDate' | 'reversalKeys'>>(
  reversal: PendingReversal,
  candidates: readonly T[],
): T | null {
  if (reversal.keys.length === 0) return null;
  let found: T | null = null;
  for (const line of candidates) {
    if (line.accountIban !== reversal.accountIban || line.currency !== reversal.currency || line.amountMinor !== reversal.amountMinor) continue;
    if (reversal.bookingDate !== null && line.bookingDate > reversal.bookingDate) continue;
    if (!line.reversalKeys.some((key) => reversal.keys.includes(key))) continue;
    if (!found || line.bookingDate >= found.bookingDate) found = line;
  }
  return found;
}

/** A line as the list of left-out entries shows it. */
export function lineAsExcluded(line: StatementLine, reason: ExclusionReason): ExcludedLine {
  return {
    reason,
    file: line.file,
    path: line.path,
    accountIban: line.accountIban,
    amountMinor: line.amountMinor,
    currency: line.currency,
    bookingDate: line.bookingDate,
    valueDate: line.valueDate,
    payerName: line.payerName,
    reference: line.reference,
    remittance: line.remittance,
  };
}
