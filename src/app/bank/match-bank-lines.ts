import type { Db } from '../../adapters/db/database.js';
import type { BankLineRow } from '../../adapters/db/bank-schema.js';

/** What matching decided for one stored bank line. */
export interface BankLineMatch {
  lineId: string;
  /** `matched`: applied to invoices; `suggested`: waits for a person with ranked suggestions; `unmatched`: nothing found. */
  status: 'matched' | 'suggested' | 'unmatched';
  /** Numbers of the invoices the line was applied to. */
  invoices: string[];
}

/**
 * Where matching plugs into the statement import: called inside the import's transaction with
 * the lines just stored (a dry run rolls it back), it applies what it is sure of (through
 * `moveStoredOpenAmounts`, like every allocation), sets each line's status and says what it did.
 * Until the matching engine exists every line stays `unmatched`, waiting for a person.
 */
export async function matchBankLines(_db: Db, _organizationId: string, lines: readonly BankLineRow[]): Promise<BankLineMatch[]> {
  return lines.map((line) => ({ lineId: line.id, status: 'unmatched', invoices: [] }));
}

/**
 * Called inside the import's transaction when a later statement reverses a stored credit (the
 * line is then marked `reversed`): undoes whatever matching applied from it. Nothing is applied
 * from a line yet, so there is nothing to undo.
 */
export async function unapplyBankLine(_db: Db, _organizationId: string, _line: BankLineRow): Promise<void> {}
