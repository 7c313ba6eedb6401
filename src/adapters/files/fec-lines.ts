import type { ImportIssueReason } from '../../core/app-error.js';
import { hasNoNul, isLedgerDate, LEDGER_DATE_RANGE, TEXT_LIMITS } from '../../core/field-limits.js';
import { parseDecimalToMinor } from '../../core/money.js';
import { parseLooseDate, type PlainDate } from '../../core/plain-date.js';
import { DelimitedFileError, readDelimitedRecords, type DelimitedRecord } from './delimited-records.js';

/**
 * The Fichier des Écritures Comptables (article A47 A-1 of the Livre des procédures fiscales):
 * one line per ledger line, TAB or `|` separated, decimal comma, dates AAAAMMJJ, these 18
 * columns first. Software may add columns after them (DateRglt, ModeRglt…); they are allowed.
 */
export const FEC_COLUMNS = [
  'JournalCode', 'JournalLib', 'EcritureNum', 'EcritureDate', 'CompteNum', 'CompteLib', 'CompAuxNum', 'CompAuxLib',
  'PieceRef', 'PieceDate', 'EcritureLib', 'Debit', 'Credit', 'EcritureLet', 'DateLet', 'ValidDate', 'Montantdevise', 'Idevise',
] as const;

/** One ledger line with the amounts in minor units of the accounting currency. */
export interface FecLine {
  line: number;
  journalCode: string;
  ecritureNum: string;
  ecritureDate: PlainDate;
  compteNum: string;
  compteLib: string;
  compAuxNum: string;
  compAuxLib: string;
  pieceRef: string;
  pieceDate: PlainDate | null;
  ecritureLib: string;
  debitMinor: number;
  creditMinor: number;
  ecritureLet: string;
  /** DateRglt, the due date, which some software adds after the 18 columns. */
  dueDate: PlainDate | null;
  /** Character column (1-based) where the named column's field starts on this line. */
  columnOf(name: string): number;
}

export interface FecProblem {
  line: number;
  column: number;
  message: string;
  reason: ImportIssueReason;
}

export type FecItem = { line: FecLine; problems?: undefined } | { line?: undefined; problems: FecProblem[] };

const lower = (s: string) => s.trim().toLowerCase();

/** The columns Relance keeps as a customer's reference or name, or a document's number, and their longest text. */
const KEPT_TEXT: Readonly<Record<string, number>> = {
  CompteNum: TEXT_LIMITS.customerReference,
  CompAuxNum: TEXT_LIMITS.customerReference,
  CompteLib: TEXT_LIMITS.customerName,
  CompAuxLib: TEXT_LIMITS.customerName,
  PieceRef: TEXT_LIMITS.documentNumber,
};

/**
 * A FEC has no quoting, so no field can hold a line break; NUL is the one character no text
 * column can store, and the kept columns have the lengths the API allows.
 */
function textProblems(record: DelimitedRecord, header: readonly string[]): FecProblem[] {
  const problems: FecProblem[] = [];
  record.fields.forEach((text, i) => {
    const place = { line: record.fieldLines[i]!, column: record.fieldColumns[i]! };
    const name = header[i]!;
    const max = KEPT_TEXT[name];
    if (!hasNoNul(text)) problems.push({ ...place, message: `${name} holds a NUL character`, reason: { code: 'holds_nul', field: name } });
    else if (max !== undefined && text.trim().length > max) {
      problems.push({
        ...place,
        message: `${name} has ${text.trim().length} characters where at most ${max} are allowed`,
        reason: { code: 'too_long', field: name, value: String(text.trim().length), expected: max },
      });
    }
  });
  return problems;
}

/**
 * Streams typed lines out of a FEC. A line with problems yields them instead (every problem of
 * the line, not only the first); a header that lacks a required column yields one problem at
 * 1:1 and ends the file, since no line could be read without it.
 */
export async function* readFecLines(chunks: AsyncIterable<string>, currency: string): AsyncGenerator<FecItem> {
  try {
    yield* readLines(chunks, currency);
  } catch (error) {
    if (!(error instanceof DelimitedFileError)) throw error;
    yield { problems: [{ line: error.line, column: error.column, message: error.message, reason: { code: 'unreadable_line' } }] };
  }
}

async function* readLines(chunks: AsyncIterable<string>, currency: string): AsyncGenerator<FecItem> {
  let header: string[] = [];
  let index: ((name: string) => number) | null = null;
  let headerLength = 0;
  let sens: { amount: number; direction: number } | null = null;
  for await (const record of readDelimitedRecords(chunks, { delimiters: ['\t', '|'], quoted: false })) {
    if (index === null) {
      const names = record.fields.map(lower);
      headerLength = names.length;
      header = record.fields.map((name) => FEC_COLUMNS.find((c) => c.toLowerCase() === lower(name)) ?? name.trim());
      index = (name: string) => names.indexOf(name.toLowerCase());
      // The standard allows a single Montant column with a Sens (D/C) instead of Debit and Credit.
      const missing = FEC_COLUMNS.filter((c) => index!(c) < 0 && !((c === 'Debit' || c === 'Credit') && index!('Montant') >= 0 && index!('Sens') >= 0));
      if (missing.length > 0) {
        yield {
          problems: [
            {
              line: 1,
              column: 1,
              message: `missing FEC column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} in the header`,
              reason: { code: 'missing_fec_columns', value: missing.join(', ') },
            },
          ],
        };
        return;
      }
      if (index('Debit') < 0) sens = { amount: index('Montant'), direction: index('Sens') };
      continue;
    }
    const at = index;
    const problems: FecProblem[] = [];
    const field = (name: string): string => {
      const i = at(name);
      return i >= 0 ? (record.fields[i] ?? '').trim() : '';
    };
    const placeOf = (name: string) => {
      const i = at(name);
      return { line: record.fieldLines[i] ?? record.line, column: record.fieldColumns[i] ?? 1 };
    };
    if (record.fields.length !== headerLength) {
      yield {
        problems: [
          {
            line: record.line,
            column: 1,
            message: `the line has ${record.fields.length} fields where the header has ${headerLength}`,
            reason: { code: 'field_count', value: String(record.fields.length), expected: headerLength },
          },
        ],
      };
      continue;
    }
    const textIssues = textProblems(record, header);
    if (textIssues.length > 0) {
      yield { problems: textIssues };
      continue;
    }
    const date = (name: string, required: boolean): PlainDate | null => {
      const text = field(name);
      if (text === '') {
        if (required) problems.push({ ...placeOf(name), message: `${name} is empty`, reason: { code: 'empty', field: name } });
        return null;
      }
      const parsed = parseLooseDate(text);
      if (!parsed) problems.push({ ...placeOf(name), message: `${name} "${text}" is not a date (AAAAMMJJ)`, reason: { code: 'not_a_fec_date', field: name, value: text } });
      else if (!isLedgerDate(parsed)) {
        problems.push({
          ...placeOf(name),
          message: `${name} "${text}" is out of range: ${LEDGER_DATE_RANGE}`,
          reason: { code: 'date_out_of_range', field: name, value: text },
        });
        return null;
      }
      return parsed;
    };
    const amount = (name: string): number => {
      const text = field(name);
      if (text === '') return 0;
      const minor = parseDecimalToMinor(text, currency);
      if (minor === null) {
        problems.push({ ...placeOf(name), message: `${name} "${text}" is not an amount`, reason: { code: 'not_an_amount', field: name, value: text } });
        return 0;
      }
      return minor;
    };
    const ecritureDate = date('EcritureDate', true);
    const pieceDate = date('PieceDate', false);
    const dueDate = at('DateRglt') >= 0 ? date('DateRglt', false) : null;
    let debitMinor: number;
    let creditMinor: number;
    if (sens) {
      const value = amount('Montant');
      const direction = field('Sens').toUpperCase();
      const isDebit = direction === 'D' || direction === '+1' || direction === '1';
      const isCredit = direction === 'C' || direction === '-1';
      if (!isDebit && !isCredit) {
        problems.push({ ...placeOf('Sens'), message: `Sens "${direction}" is neither D nor C`, reason: { code: 'not_a_direction', field: 'Sens', value: direction } });
      }
      debitMinor = isDebit ? value : 0;
      creditMinor = isCredit ? value : 0;
    } else {
      debitMinor = amount('Debit');
      creditMinor = amount('Credit');
    }
    if (field('CompteNum') === '') problems.push({ ...placeOf('CompteNum'), message: 'CompteNum is empty', reason: { code: 'empty', field: 'CompteNum' } });
    if (problems.length > 0 || ecritureDate === null) {
      yield { problems };
      continue;
    }
    yield {
      line: {
        line: record.line,
        journalCode: field('JournalCode'),
        ecritureNum: field('EcritureNum'),
        ecritureDate,
        compteNum: field('CompteNum'),
        compteLib: field('CompteLib'),
        compAuxNum: field('CompAuxNum'),
        compAuxLib: field('CompAuxLib'),
        pieceRef: field('PieceRef'),
        pieceDate,
        ecritureLib: field('EcritureLib'),
        debitMinor,
        creditMinor,
        ecritureLet: field('EcritureLet'),
        dueDate,
        columnOf: (name: string) => placeOf(name).column,
      },
    };
  }
  if (index === null) yield { problems: [{ line: 1, column: 1, message: 'the file is empty: a header line is expected', reason: { code: 'empty_file' } }] };
}
