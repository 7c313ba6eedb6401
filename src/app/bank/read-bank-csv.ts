import { parse } from 'csv-parse/sync';
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import type { ParsedEntry, ParsedStatement } from '../../core/bank/statement-lines.js';
import { isCurrency, parseDecimalToMinor } from '../../core/money.js';
import { parseLooseDate } from '../../core/plain-date.js';
import { malformed } from '../../adapters/files/camt-statement.js';
import { resolveColumns, type ColumnSpec } from '../../adapters/files/column-names.js';
import { readStatementFile } from '../../adapters/files/statement-file.js';
import { parseColumnMap } from '../import/csv-rows.js';
import type { CsvField } from '../import/import-columns.js';

export type BankCsvField = 'account' | 'date' | 'value_date' | 'amount' | 'credit' | 'debit' | 'currency' | 'payer_name' | 'payer_iban' | 'reference' | 'remittance' | 'bank_reference';

/** The columns of a bank's CSV export, by the names French, Belgian, Dutch, German and English banks give them, most specific first. */
export const BANK_CSV_COLUMNS: ReadonlyArray<ColumnSpec<BankCsvField>> = [
  { field: 'account', aliases: ['iban du compte', 'account iban', 'numéro de compte', 'compte', 'account', 'rekening', 'rekeningnummer', 'konto', 'auftragskonto'], required: false },
  { field: 'date', aliases: ['date comptable', 'date de comptabilisation', 'booking date', 'date opération', "date d'opération", 'date', 'boekingsdatum', 'datum', 'buchungstag', 'transaction date'], required: true },
  { field: 'value_date', aliases: ['date valeur', 'date de valeur', 'value date', 'valutadatum', 'valuta', 'valutadatum'], required: false },
  { field: 'amount', aliases: ['montant', 'amount', 'bedrag', 'betrag', 'montant eur'], required: false },
  { field: 'credit', aliases: ['crédit', 'credit', 'haben', 'bij'], required: false },
  { field: 'debit', aliases: ['débit', 'debit', 'soll', 'af'], required: false },
  { field: 'currency', aliases: ['devise', 'currency', 'munt', 'währung', 'waehrung'], required: false },
  { field: 'payer_name', aliases: ['nom de la contrepartie', 'contrepartie', 'donneur d’ordre', "donneur d'ordre", 'counterparty name', 'counterparty', 'payer', 'naam tegenpartij', 'tegenpartij', 'auftraggeber', 'name'], required: false },
  { field: 'payer_iban', aliases: ['iban de la contrepartie', 'compte de la contrepartie', 'iban contrepartie', 'counterparty iban', 'counterparty account', 'tegenrekening', 'iban tegenpartij', 'auftraggeber iban'], required: false },
  { field: 'reference', aliases: ['communication structurée', 'référence structurée', 'structured reference', 'creditor reference', 'référence', 'reference', 'end to end', 'betalingskenmerk'], required: false },
  { field: 'remittance', aliases: ['communication', 'libellé', 'libelle', 'description', 'details', 'détails', 'omschrijving', 'mededeling', 'verwendungszweck', 'label'], required: false },
  { field: 'bank_reference', aliases: ["référence de l'opération", 'référence banque', 'bank reference', 'transaction id', 'numéro d’opération', "numéro d'opération"], required: false },
];

/** What a CSV cannot say for itself: which of the organization's accounts it is, and the columns a person named. */
export interface BankCsvContext {
  accounts: ReadonlyArray<{ iban: string; currency: string }>;
  columnMap?: string | Readonly<Record<string, string>>;
}

function delimiterOf(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const counts = [';', ',', '\t'].map((d) => [d, header.split(d).length - 1] as const);
  return counts.reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

/** A bank's CSV as text: UTF-8, else the Windows Latin-1 many banks still export in. */
function csvText(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** True when the text's first line reads like the header of a delimited file, not like XML. */
function looksLikeCsv(text: string): boolean {
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return !header.trimStart().startsWith('<') && /[;,\t]/.test(header);
}

/**
 * Reads a statement file whatever its name: camt XML or a ZIP of them (see `readStatementFile`),
 * or a bank's CSV export.
 */
export function readStatements(name: string, bytes: Uint8Array, context: BankCsvContext): ParsedStatement[] {
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const text = zip ? null : csvText(bytes);
  if (text !== null && looksLikeCsv(text)) return readBankCsv(name, text, context);
  return readStatementFile(name, bytes);
}

/**
 * Reads a bank's CSV export: one credit or debit per line, the columns found by their header
 * (or named in the column map, as for the other CSV imports). The account is the one a column
 * gives, else the organization's only account; the currency, the one a column gives, else the
 * account's. A CSV carries no bank references: identical lines of one file are told apart by
 * their order. Any problem refuses the whole file, naming its line.
 */
export function readBankCsv(file: string, text: string, context: BankCsvContext): ParsedStatement[] {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { delimiter: delimiterOf(text), bom: true, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as typeof records;
  } catch (error) {
    throw malformed(file, `the CSV cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const [head, ...rows] = records;
  if (!head) throw malformed(file, 'the file is empty');
  // The column map's reader is the one every CSV import shares; its fields are this file's own.
  const explicit = parseColumnMap(context.columnMap, BANK_CSV_COLUMNS as unknown as ColumnSpec<CsvField>[]) as unknown as Map<BankCsvField, string>;
  const { indexOf, problems } = resolveColumns(head.record, BANK_CSV_COLUMNS, explicit);
  const problem = problems[0];
  if (problem) throw malformed(file, `line 1: ${problem.message}`, problem.reason, { line: 1 });
  if (!indexOf.has('amount') && !indexOf.has('credit')) {
    throw malformed(file, 'line 1: the file has no amount column ("Montant", "Amount") nor a credit column ("Crédit", "Credit"); map one with --map amount=HEADER', { code: 'missing_column', field: 'amount', value: 'amount' }, { line: 1 });
  }
  const byAccount = new Map<string, ParsedStatement>();
  for (const { record, info } of rows) {
    const line = info.lines;
    const cell = (field: BankCsvField) => {
      const at = indexOf.get(field);
      const value = at === undefined ? '' : (record[at] ?? '').trim();
      return value === '' ? null : value;
    };
    const fail: (field: BankCsvField, message: string, value: string | null) => never = (field, message, value) => {
      throw malformed(file, `line ${line}: ${message}`, { code: 'statement_bad_element', field, value: value ?? '', expected: `line ${line}` }, { line });
    };
    const account = accountOf(cell('account'), context, (message) => fail('account', message, cell('account')));
    const currency = (cell('currency') ?? account.currency).toUpperCase();
    if (!isCurrency(currency)) fail('currency', `"${currency}" is not a currency code`, currency);
    const date = parseLooseDate(cell('date') ?? '');
    if (!date) fail('date', `"${cell('date') ?? ''}" is not a date`, cell('date'));
    const valueText = cell('value_date');
    const valueDate = valueText === null ? null : parseLooseDate(valueText);
    if (valueText !== null && !valueDate) fail('value_date', `"${valueText}" is not a date`, valueText);
    const signed = signedAmount(cell('amount'), cell('credit'), cell('debit'), currency);
    if (signed === null) fail('amount', `"${cell('amount') ?? cell('credit') ?? cell('debit') ?? ''}" is not an amount in ${currency}`, cell('amount') ?? cell('credit') ?? cell('debit'));
    const path = `line ${line}`;
    const payerIban = cell('payer_iban');
    const entry: ParsedEntry = {
      path,
      amountMinor: Math.abs(signed),
      currency,
      credit: signed > 0,
      reversal: false,
      booked: true,
      bookingDate: date,
      valueDate,
      bankReference: cell('bank_reference'),
      information: null,
      details: [
        {
          path,
          amountMinor: Math.abs(signed),
          endToEndId: null,
          transactionId: null,
          instructionId: null,
          bankReference: null,
          payerName: cell('payer_name'),
          payerIban: payerIban === null ? null : (electronicFormatIBAN(payerIban) ?? payerIban),
          creditorReference: cell('reference'),
          remittance: cell('remittance'),
          returned: false,
        },
      ],
    };
    let statement = byAccount.get(account.iban);
    if (!statement) {
      statement = { file, format: 'csv', path: `line ${line}`, accountIban: account.iban, entries: [] };
      byAccount.set(account.iban, statement);
    }
    statement.entries.push(entry);
  }
  return [...byAccount.values()];
}

/** The account a line is for: its own column, else the organization's only account. */
function accountOf(written: string | null, context: BankCsvContext, fail: (message: string) => never): { iban: string; currency: string } {
  if (written === null) {
    if (context.accounts.length === 1) return context.accounts[0]!;
    return fail("the file does not say which account it is from, and the organization has several: add a column with the account's IBAN, or map it with --map account=HEADER");
  }
  const iban = electronicFormatIBAN(written) ?? written;
  if (!isValidIBAN(iban)) return fail(`"${written}" is not an IBAN`);
  return context.accounts.find((account) => account.iban === iban) ?? { iban, currency: 'EUR' };
}

/** The line's amount, positive for money in: a signed amount column, else the credit or debit column. */
function signedAmount(amount: string | null, credit: string | null, debit: string | null, currency: string): number | null {
  if (amount !== null) return parseDecimalToMinor(amount, currency);
  if (credit !== null) {
    const minor = parseDecimalToMinor(credit, currency);
    return minor === null ? null : Math.abs(minor);
  }
  if (debit !== null) {
    const minor = parseDecimalToMinor(debit, currency);
    return minor === null ? null : -Math.abs(minor);
  }
  return null;
}
