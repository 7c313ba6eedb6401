import { AppError, type ImportIssue } from '../../core/app-error.js';
import { formatMinor } from '../../core/money.js';
import type { Db } from '../../adapters/db/database.js';
import { readFecLines } from '../../adapters/files/fec-lines.js';
import { decodeText, scanBytes, type TextEncoding } from '../../adapters/files/text-decoding.js';
import { CSV_COLUMNS } from './import-columns.js';
import { parseColumnMap, readCsvRows } from './csv-rows.js';
import { einvoicePreviewRows } from './import-einvoices.js';
import { STATEMENT_PREVIEW_COLUMNS, statementPreviewRows, type StatementReport } from './import-statement.js';
import { importFile } from './import-file.js';
import { emptyCounts, type ImportCounts, type ImportKind, type ImportOptions } from './import-report.js';
import type { ImportSource } from './import-source.js';
import { IssueList } from './issue-list.js';

/** How many rows of the file a preview shows. */
export const PREVIEW_ROWS = 10;

/** A column of the preview: the field Relance reads and the header it found it under. */
export interface PreviewColumn {
  field: string;
  header: string;
}

/** What a dry run found: what an import would write, the first rows as read, and every problem. */
export interface ImportPreview {
  kind: ImportKind;
  file: string;
  encoding: TextEncoding;
  rows_read: number;
  /** True when the file has no problem: importing it would write what `created` and `updated` count. */
  can_import: boolean;
  created: ImportCounts;
  updated: { customers: number };
  /** Rows already in Relance with the same values, which an import leaves alone. */
  skipped: number;
  warnings: ImportIssue[];
  warnings_total: number;
  /** The problems that stop the import, in file order; past the limit, a last one says how many more. */
  errors: ImportIssue[];
  errors_total: number;
  columns: PreviewColumn[];
  rows: Array<{ line: number; values: string[] }>;
}

/** How many problems a list stands for, counting those its last line says were left out. */
export function issueTotal(issues: readonly ImportIssue[]): number {
  return issues.reduce((sum, issue) => sum + (issue.reason?.code === 'more_not_listed' ? Number(issue.reason.value) : 1), 0);
}

/**
 * Validates a file as an import would and plans its writes without making them (the dry run),
 * and reads its first rows the way the import reads them: the mapped fields under the headers
 * found. A file with problems still answers, with the problems listed, rather than failing.
 */
export async function previewImport(db: Db, organizationId: string, kind: ImportKind, source: ImportSource, options: Pick<ImportOptions, 'columnMap' | 'maxIssues'> = {}): Promise<ImportPreview> {
  const { encoding } = await scanBytes(source.open());
  let rowsRead = 0;
  const dryRun: ImportOptions = { ...options, dryRun: true, onProgress: (p) => p.phase === 'validate' && (rowsRead = p.rowsRead) };
  const sample = await firstRows(kind, source, encoding, options.columnMap);
  try {
    const report = await importFile(db, organizationId, kind, source, dryRun);
    return {
      kind,
      file: source.name,
      encoding,
      rows_read: report.rows_read,
      can_import: true,
      created: report.created,
      updated: report.updated,
      skipped: report.skipped,
      warnings: report.warnings,
      warnings_total: report.warnings_total,
      errors: [],
      errors_total: 0,
      ...(kind === 'statement' ? statementPreviewRows(report as StatementReport, PREVIEW_ROWS) : sample),
    };
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'import_failed') throw error;
    const errors = error.issues.length > 0 ? [...error.issues] : [{ file: source.name, message: error.message }];
    return {
      kind,
      file: source.name,
      encoding,
      rows_read: rowsRead,
      can_import: false,
      created: emptyCounts(),
      updated: { customers: 0 },
      skipped: 0,
      warnings: [],
      warnings_total: 0,
      errors,
      errors_total: issueTotal(errors),
      ...sample,
    };
  }
}

const FEC_PREVIEW: ReadonlyArray<[string, string]> = [
  ['journal', 'JournalCode'],
  ['date', 'EcritureDate'],
  ['account', 'CompteNum'],
  ['customer', 'CompAuxNum'],
  ['customer_name', 'CompAuxLib'],
  ['number', 'PieceRef'],
  ['label', 'EcritureLib'],
  ['debit', 'Debit'],
  ['credit', 'Credit'],
];

/** The first rows that read cleanly, by field; a file whose header cannot be read gives none. */
async function firstRows(
  kind: ImportKind,
  source: ImportSource,
  encoding: TextEncoding,
  columnMap: ImportOptions['columnMap'],
): Promise<Pick<ImportPreview, 'columns' | 'rows'>> {
  const rows: ImportPreview['rows'] = [];
  if (kind === 'einvoice') return einvoicePreviewRows(source);
  if (kind === 'statement') return { columns: STATEMENT_PREVIEW_COLUMNS.map((column) => ({ ...column })), rows: [] };
  if (kind === 'fec') {
    // Amounts are shown in the file's own unit; the currency only decides the decimals.
    for await (const item of readFecLines(decodeText(source.open(), encoding), 'EUR')) {
      if (!item.line) continue;
      const l = item.line;
      const values = [l.journalCode, l.ecritureDate, l.compteNum, l.compAuxNum, l.compAuxLib, l.pieceRef, l.ecritureLib, formatMinor(l.debitMinor, 'EUR'), formatMinor(l.creditMinor, 'EUR')];
      rows.push({ line: l.line, values });
      if (rows.length >= PREVIEW_ROWS) break;
    }
    return { columns: FEC_PREVIEW.map(([field, header]) => ({ field, header })), rows };
  }
  const specs = CSV_COLUMNS[kind];
  let map: ReturnType<typeof parseColumnMap>;
  try {
    map = parseColumnMap(columnMap, specs);
  } catch {
    return { columns: [], rows: [] };
  }
  let columns: PreviewColumn[] = [];
  for await (const row of readCsvRows(source.open(), { file: source.name, encoding, specs, columnMap: map, issues: new IssueList() })) {
    if (columns.length === 0) columns = specs.filter((s) => row.has(s.field)).map((s) => ({ field: s.field, header: row.cell(s.field)!.header }));
    rows.push({ line: row.line, values: columns.map((c) => row.cell(c.field as never)!.text) });
    if (rows.length >= PREVIEW_ROWS) break;
  }
  return { columns, rows };
}
