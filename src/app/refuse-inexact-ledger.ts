import { AppError, type ErrorPlace } from '../core/app-error.js';
import { MAX_LEDGER_TOTAL_MINOR, formatMinor, type MoneyJson } from '../core/money.js';
import type { Db } from '../adapters/db/database.js';
import { inTransaction } from '../adapters/db/stores/in-transaction.js';
import { lockedLedgerTotal } from '../adapters/db/stores/ledger-total.js';

/**
 * Refuses a write, from inside its transaction, when it brings the organization's amounts past
 * `MAX_LEDGER_TOTAL_MINOR`: below it, any balance or report summed from them is exact. `what`
 * names the change for the sentence ("amount.amount 71992547410.82", "this file").
 */
export async function refuseInexactLedger(db: Db, organizationId: string, what: string, place: ErrorPlace): Promise<void> {
  const total = await lockedLedgerTotal(db, organizationId);
  if (total <= BigInt(MAX_LEDGER_TOTAL_MINOR)) return;
  const message =
    `${what} would bring the invoices, payments and credit notes of this organization to ${total} minor units in all, ` +
    `past the ${MAX_LEDGER_TOTAL_MINOR} (${formatMinor(MAX_LEDGER_TOTAL_MINOR, 'EUR')} EUR) up to which balances add up exactly; nothing was saved`;
  const reason = { code: 'past_exact_ledger_limit' as const, expected: `${formatMinor(MAX_LEDGER_TOTAL_MINOR, 'EUR')} EUR` };
  throw new AppError(place.file === undefined ? 'validation_failed' : 'import_failed', message, place, place.file === undefined ? {} : { issues: [{ ...place, message, reason }] });
}

/** The same check after saving a document whose `amount` came from the API. */
export function refuseInexactAmount(db: Db, organizationId: string, amount: MoneyJson): Promise<void> {
  return refuseInexactLedger(db, organizationId, `amount.amount ${amount.amount}`, { field: 'amount.amount' });
}

/** Saves a new document and checks the bound in one transaction, so a refused amount leaves nothing behind. */
export function saveWithinLedgerBound<T>(db: Db, organizationId: string, amount: MoneyJson, save: (tx: Db) => Promise<T>): Promise<T> {
  return inTransaction(db, async (tx) => {
    const saved = await save(tx);
    await refuseInexactAmount(tx, organizationId, amount);
    return saved;
  });
}
