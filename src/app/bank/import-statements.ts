import { friendlyFormatIBAN } from 'ibantools';
import { AppError } from '../../core/app-error.js';
import { findReversedLine, lineAsExcluded, readStatementLines, type ExcludedLine, type ParsedStatement, type StatementLine } from '../../core/bank/statement-lines.js';
import { formatMinor } from '../../core/money.js';
import type { PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { BankAccountRow } from '../../adapters/db/bank-schema.js';
import { listBankAccounts } from '../../adapters/db/stores/bank-accounts.js';
import { insertBankLines, reversibleLines, setBankLineStatus, storedLineIdentities } from '../../adapters/db/stores/bank-lines.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import { failOnDuplicate } from '../../adapters/db/stores/unique-violation.js';
import { matchBankLines, unapplyBankLine } from './match-bank-lines.js';
import { readStatements, type BankCsvContext } from './read-bank-csv.js';

/** A statement file as received: its name only names it in messages; its content says what it is. */
export interface StatementFile {
  name: string;
  bytes: Uint8Array;
}

/** A credit of the statements, as `relance import statement --json` and the API print it. */
export interface StatementPaymentJson {
  file: string;
  account_iban: string;
  /** Decimal string in the currency's units: "1250.00". */
  amount: string;
  currency: string;
  booking_date: string;
  value_date: string | null;
  payer_name: string | null;
  payer_iban: string | null;
  /** The structured creditor reference, else the end-to-end id. */
  reference: string | null;
  /** The free text the payer wrote. */
  remittance: string | null;
  status: 'matched' | 'suggested' | 'unmatched';
  /** Numbers of the invoices it was applied to. */
  invoices: string[];
}

/** An entry left out, and why. */
export interface StatementExclusionJson {
  reason: ExcludedLine['reason'];
  file: string;
  /** Where in the file: "Document/BkToCstmrStmt/Stmt[1]/Ntry[2]". */
  path: string;
  account_iban: string;
  amount: string;
  currency: string;
  booking_date: string | null;
  value_date: string | null;
  payer_name: string | null;
  reference: string | null;
  remittance: string | null;
  note?: string;
}

/** What a statement import did, or with `dry_run` would do. */
export interface StatementImportReport {
  files: string[];
  dry_run: boolean;
  /** Statements, reports and notifications read. */
  statements: number;
  payments: StatementPaymentJson[];
  excluded: StatementExclusionJson[];
}

/** Thrown inside a dry run's transaction so that everything it wrote is rolled back. */
class DryRunRollback extends Error {
  constructor(readonly report: StatementImportReport) {
    super('dry run');
  }
}

/**
 * Imports bank statements, all or nothing: every file is read first (a broken one refuses them
 * all, naming the file and the element path), every statement's account must be one of the
 * organization's bank accounts, then the booked credits not already stored become bank lines
 * and go to matching. Importing the same statements again, or statements that overlap, stores
 * nothing new: those credits are listed as duplicates.
 */
export async function importStatements(
  db: Db,
  organizationId: string,
  files: readonly StatementFile[],
  options: { dryRun?: boolean; columnMap?: BankCsvContext['columnMap'] } = {},
): Promise<StatementImportReport> {
  const accounts = await listBankAccounts(db, organizationId);
  const context: BankCsvContext = { accounts, ...(options.columnMap !== undefined ? { columnMap: options.columnMap } : {}) };
  const statements = files.flatMap((file) => readStatements(file.name, file.bytes, context));
  refuseUnknownAccounts(accounts, statements);
  const reading = readStatementLines(statements);
  const base = { files: files.map((file) => file.name), dry_run: options.dryRun === true, statements: statements.length };
  try {
    return await inTransaction(db, async (tx) => {
      const stored = await storedLineIdentities(tx, organizationId, reading.lines.map((line) => line.identity));
      const fresh = reading.lines.filter((line) => !stored.has(line.identity));
      const duplicates = reading.lines.filter((line) => stored.has(line.identity)).map((line) => excludedJson(lineAsExcluded(line, 'duplicate')));
      // Another import of the same statement committing first (the command line while the server imports) stores the lines; this one then stops and writes nothing.
      const rows = await failOnDuplicate(() => insertBankLines(tx, organizationId, fresh, 'unmatched'), 'file', 'another import of the same statement finished first; import the file again to see what is left');
      const matches = new Map((await matchBankLines(tx, organizationId, rows)).map((match) => [match.lineId, match]));
      for (const reversal of reading.reversals) {
        const candidates = (await reversibleLines(tx, organizationId, reversal.accountIban, reversal.amountMinor, reversal.currency)).map((row) => ({
          row,
          accountIban: row.account_iban,
          amountMinor: row.amount_minor,
          currency: row.currency,
          bookingDate: row.booking_date as PlainDate,
          reversalKeys: JSON.parse(row.reversal_keys) as string[],
        }));
        const undone = findReversedLine(reversal, candidates);
        if (undone) {
          await unapplyBankLine(tx, organizationId, undone.row);
          await setBankLineStatus(tx, organizationId, undone.row.id, 'reversed');
          reversal.excluded.note = `takes back the credit of ${undone.row.booking_date} from ${undone.row.file_name}`;
        } else {
          reversal.excluded.note = 'no credit it takes back was found';
        }
      }
      const report: StatementImportReport = {
        ...base,
        payments: fresh.map((line, index) => {
          const match = matches.get(rows[index]!.id);
          return paymentJson(line, match?.status ?? 'unmatched', match?.invoices ?? []);
        }),
        excluded: [...reading.excluded.map(excludedJson), ...duplicates],
      };
      if (options.dryRun) throw new DryRunRollback(report);
      return report;
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.report;
    throw error;
  }
}

/** Every statement's account must be the organization's: a statement of someone else's account would record their money as ours. */
function refuseUnknownAccounts(accounts: readonly BankAccountRow[], statements: readonly ParsedStatement[]): void {
  const held = new Set(accounts.map((account) => account.iban));
  const foreign = statements.find((statement) => !held.has(statement.accountIban));
  if (!foreign) return;
  const iban = friendlyFormatIBAN(foreign.accountIban) ?? foreign.accountIban;
  const en = `the statement is for the account ${iban}, which is not one of this organization's bank accounts; add it in the settings (or with "relance org bank-accounts add ${foreign.accountIban}") and import the file again. Nothing was imported.`;
  const fr = `le relevé est celui du compte ${iban}, qui n'est pas un des comptes bancaires de l'organisation ; ajoutez-le dans les paramètres (ou avec « relance org bank-accounts add ${foreign.accountIban} ») puis importez à nouveau le fichier. Rien n'a été importé.`;
  throw new AppError('import_failed', `${foreign.file}: ${en}`, { file: foreign.file }, { issues: [{ file: foreign.file, message: `${foreign.path}: the account ${iban} is not one of this organization's bank accounts`, reason: { code: 'statement_unknown_account', value: iban } }], localized: { en, fr } });
}

/** What a payment and a left-out entry both say: where it is, what reached which account, from whom. */
function described(line: Omit<ExcludedLine, 'reason'>) {
  return {
    file: line.file,
    account_iban: line.accountIban,
    amount: formatMinor(line.amountMinor, line.currency),
    currency: line.currency,
    booking_date: line.bookingDate,
    value_date: line.valueDate,
    payer_name: line.payerName,
    reference: line.reference,
    remittance: line.remittance,
  };
}

function paymentJson(line: StatementLine, status: StatementPaymentJson['status'], invoices: string[]): StatementPaymentJson {
  return { ...described(line), booking_date: line.bookingDate, payer_iban: line.payerIban, status, invoices };
}

function excludedJson(line: ExcludedLine): StatementExclusionJson {
  return { reason: line.reason, path: line.path, ...described(line), ...(line.note ? { note: line.note } : {}) };
}
