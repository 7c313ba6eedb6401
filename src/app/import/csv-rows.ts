import { AppError, type ImportIssueReason } from '../../core/app-error.js';
import { isCurrency, maxAmountText, parseAmount } from '../../core/money.js';
import { hasNoNul, isLedgerDate, isOneLine, LEDGER_DATE_RANGE } from '../../core/field-limits.js';
import { parseLooseDate, type PlainDate } from '../../core/plain-date.js';
import { normalizeColumnName, resolveColumns, type ColumnSpec } from '../../adapters/files/column-names.js';
import { DelimitedFileError, readDelimitedRecords, type DelimitedRecord } from '../../adapters/files/delimited-records.js';
import { decodeText, type TextEncoding } from '../../adapters/files/text-decoding.js';
import { FIELD_TEXT, type CsvField } from './import-columns.js';
import type { IssueList } from './issue-list.js';

/** A field's text and where it starts in the file, to name the place of a problem. */
export interface CsvCell {
  text: string;
  line: number;
  column: number;
  header: string;
}

/** One data row: its fields by meaning rather than by position. */
export class CsvRow {
  constructor(
    readonly record: DelimitedRecord,
    private readonly header: readonly string[],
    private readonly indexOf: ReadonlyMap<CsvField, number>,
  ) {}

  get line(): number {
    return this.record.line;
  }

  has(field: CsvField): boolean {
    return this.indexOf.has(field);
  }

  /** The cell, or null when the file has no such column. */
  cell(field: CsvField): CsvCell | null {
    const i = this.indexOf.get(field);
    if (i === undefined) return null;
    return { text: this.record.fields[i]!.trim(), line: this.record.fieldLines[i]!, column: this.record.fieldColumns[i]!, header: this.header[i]! };
  }

  /** Every field the import reads, once each. */
  *cells(): Iterable<[CsvField, CsvCell]> {
    for (const field of this.indexOf.keys()) yield [field, this.cell(field)!];
  }
}

/**
 * Reads "number=N° pièce,amount=Montant" (or the same as an object): which header holds which
 * field when automatic recognition fails. Keys are field names or any recognized header name.
 */
export function parseColumnMap(
  map: string | Readonly<Record<string, string>> | undefined,
  specs: readonly ColumnSpec<CsvField>[],
): Map<CsvField, string> {
  const result = new Map<CsvField, string>();
  if (map === undefined) return result;
  const pairs: Array<[string, string]> =
    typeof map === 'string'
      ? map
          .split(',')
          .filter((part) => part.trim() !== '')
          .map((part) => {
            const at = part.indexOf('=');
            if (at < 0) throw new AppError('validation_failed', `column mapping "${part.trim()}" must read FIELD=HEADER`, { field: 'map' });
            return [part.slice(0, at), part.slice(at + 1)];
          })
      : Object.entries(map);
  for (const [key, header] of pairs) {
    const wanted = normalizeColumnName(key);
    const spec =
      specs.find((s) => normalizeColumnName(s.field) === wanted) ??
      specs.find((s) => s.aliases.some((alias) => normalizeColumnName(alias) === wanted));
    if (!spec) {
      throw new AppError(
        'validation_failed',
        `column mapping names "${key.trim()}", which this import does not read; fields are ${specs.map((s) => s.field).join(', ')}`,
        { field: 'map' },
      );
    }
    result.set(spec.field, header.trim());
  }
  return result;
}

export interface CsvReadOptions {
  file: string;
  encoding: TextEncoding;
  specs: readonly ColumnSpec<CsvField>[];
  columnMap: ReadonlyMap<CsvField, string>;
  issues: IssueList;
  onBytes?: (count: number) => void;
}

/**
 * Streams the data rows of a CSV file (`;`, `,` or TAB, detected on the header). When the header
 * lacks a required column, the problem is reported at file:1:1 and no row is yielded. A row
 * whose field count differs from the header's, or with a field too long or holding a line break
 * where none belongs, is reported and not yielded; a file the reader cannot follow (an unclosed
 * quote, a line over 1 MB) is reported where it goes wrong and read no further.
 */
export async function* readCsvRows(bytes: AsyncIterable<Uint8Array>, options: CsvReadOptions): AsyncGenerator<CsvRow> {
  let header: string[] | null = null;
  let indexOf: ReadonlyMap<CsvField, number> = new Map();
  const records = readDelimitedRecords(decodeText(bytes, options.encoding, options.onBytes), {
    delimiters: [';', ',', '\t'],
    quoted: true,
  });
  const problem = (line: number, column: number, message: string, reason: ImportIssueReason) =>
    options.issues.add({ file: options.file, line, column, message, reason });
  try {
    for await (const record of records) {
      if (header === null) {
        header = record.fields.map((f) => f.trim());
        const resolved = resolveColumns(header, options.specs, options.columnMap);
        for (const p of resolved.problems) problem(record.line, 1, p.message, p.reason);
        if (resolved.problems.length > 0) return;
        indexOf = resolved.indexOf;
        continue;
      }
      if (record.fields.length !== header.length) {
        options.issues.add({
          file: options.file,
          line: record.line,
          column: 1,
          message: `the line has ${record.fields.length} fields where the header has ${header.length}`,
          reason: { code: 'field_count', value: String(record.fields.length), expected: header.length },
        });
        continue;
      }
      const row = new CsvRow(record, header, indexOf);
      let fits = true;
      for (const [field, cell] of row.cells()) {
        const found = textProblem(field, cell.text);
        if (found !== null) {
          problem(cell.line, cell.column, `${cell.header}: ${found.message}`, { ...found.reason, field });
          fits = false;
        }
      }
      if (fits) yield row;
    }
  } catch (error) {
    if (!(error instanceof DelimitedFileError)) throw error;
    problem(error.line, error.column, error.message, { code: 'unreadable_line' });
    return;
  }
  if (header === null) problem(1, 1, 'the file is empty: a header line is expected', { code: 'empty_file' });
}

/** Why a field's text cannot be taken as it is, or null when it can. */
function textProblem(field: CsvField, text: string): { message: string; reason: ImportIssueReason } | null {
  const { max, oneLine } = FIELD_TEXT[field];
  if (text.length > max) {
    return { message: `${text.length} characters where at most ${max} are allowed`, reason: { code: 'too_long', value: String(text.length), expected: max } };
  }
  if (oneLine ? !isOneLine(text) : !hasNoNul(text)) {
    return oneLine
      ? { message: 'holds a line break or a NUL character; this field must stay on one line', reason: { code: 'holds_line_break' } }
      : { message: 'holds a NUL character', reason: { code: 'holds_nul' } };
  }
  return null;
}

/**
 * A copy of `text` that does not pin the chunk it was cut from. V8 keeps a substring as a view
 * on its parent string, so keeping a million invoice numbers sliced from the file would keep
 * the whole file in memory; what an import keeps for the length of the file goes through here.
 */
export function detached(text: string): string {
  return (' ' + text).slice(1);
}

/**
 * Turns cells into values and every bad cell into an issue at its place, naming the header so a
 * person can find the column: `invoices.csv:12:31: Échéance: "31/02/2025" is not a date`.
 */
export class CellReader {
  constructor(
    private readonly file: string,
    private readonly issues: IssueList,
  ) {}

  problem(cell: { line: number; column: number; header?: string }, message: string, reason?: ImportIssueReason): void {
    this.issues.add({
      file: this.file,
      line: cell.line,
      column: cell.column,
      message: cell.header ? `${cell.header}: ${message}` : message,
      ...(reason ? { reason } : {}),
    });
  }

  /** Trimmed text; null (and an issue when required) when empty or absent. */
  text(row: CsvRow, field: CsvField, required: boolean): string | null {
    const cell = row.cell(field);
    if (cell === null || cell.text === '') {
      if (required && cell !== null) this.problem(cell, `${field.replace('_', ' ')} is empty`, { code: 'empty', field });
      return null;
    }
    return cell.text;
  }

  date(row: CsvRow, field: CsvField, required: boolean): PlainDate | null {
    const text = this.text(row, field, required);
    if (text === null) return null;
    const date = parseLooseDate(text);
    if (!date) this.problem(row.cell(field)!, `"${text}" is not a date (write 31/03/2025 or 2025-03-31)`, { code: 'not_a_date', field, value: text });
    else if (!isLedgerDate(date)) {
      this.problem(row.cell(field)!, `"${text}" is out of range: ${LEDGER_DATE_RANGE}`, { code: 'date_out_of_range', field, value: text });
      return null;
    }
    return date;
  }

  currency(row: CsvRow, fallback: string): string | null {
    const text = this.text(row, 'currency', false);
    if (text === null) return fallback;
    const code = text.toUpperCase();
    if (!isCurrency(code)) {
      this.problem(row.cell('currency')!, `"${text}" is not a known ISO 4217 currency code such as EUR`, { code: 'not_a_currency', field: 'currency', value: text });
      return null;
    }
    return code;
  }

  /** An amount in minor units of `currency`; `positive` rejects zero and negative amounts. */
  amount(row: CsvRow, field: CsvField, currency: string | null, required: boolean, positive: string | null): number | null {
    const text = this.text(row, field, required);
    if (text === null || currency === null) return null;
    const reading = parseAmount(text, currency);
    const cell = row.cell(field)!;
    if ('problem' in reading) {
      const tooLarge = reading.problem === 'too_large';
      this.problem(
        cell,
        tooLarge ? `${text} is more than the largest amount Relance records, ${maxAmountText(currency)}` : `"${text}" is not an amount (write 1234.56 or 1 234,56)`,
        { code: tooLarge ? 'amount_too_large' : 'not_an_amount', field, value: text },
      );
      return null;
    }
    const minor = reading.minor;
    if (positive !== null && minor <= 0) {
      this.problem(cell, `${text} is not a positive amount; ${positive}`, { code: 'not_positive', field, value: text });
      return null;
    }
    return minor;
  }
}
