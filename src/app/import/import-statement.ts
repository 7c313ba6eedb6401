import { AppError } from '../../core/app-error.js';
import type { Db } from '../../adapters/db/database.js';
import { importStatements, type StatementFile, type StatementImportReport } from '../bank/import-statements.js';
import { emptyCounts, type ImportOptions, type ImportReport } from './import-report.js';
import type { ImportSource } from './import-source.js';

/** A statement import as every import reports (counts, skipped) plus the payments and exclusions of the statements. */
export interface StatementReport extends ImportReport, Omit<StatementImportReport, 'dry_run'> {}

/** A statement or a ZIP of them is read whole; beyond this it is no bank's statement. */
const MAX_STATEMENT_BYTES = 200 * 1024 * 1024;

async function readWhole(source: ImportSource): Promise<StatementFile> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of source.open()) {
    size += chunk.length;
    if (size > MAX_STATEMENT_BYTES) {
      throw new AppError('import_failed', `${source.name}: the file is larger than ${MAX_STATEMENT_BYTES / 1024 / 1024} MB, more than any bank statement; nothing was imported`, { file: source.name });
    }
    chunks.push(chunk);
  }
  return { name: source.name, bytes: Buffer.concat(chunks) };
}

/**
 * Bank statements as an import (`relance import statement`, the API, the import page): every
 * file is read before anything is written, and all are written together or none.
 */
export async function importStatementSources(db: Db, organizationId: string, sources: readonly ImportSource[], options: ImportOptions = {}): Promise<StatementReport> {
  const totalBytes = sources.reduce((sum, source) => sum + (source.size ?? 0), 0);
  const files: StatementFile[] = [];
  for (const source of sources) files.push(await readWhole(source));
  const bytesRead = files.reduce((sum, file) => sum + file.bytes.length, 0);
  options.onProgress?.({ phase: 'validate', bytesRead, totalBytes: totalBytes || bytesRead, rowsRead: 0 });
  const report = await importStatements(db, organizationId, files, { ...(options.dryRun ? { dryRun: true } : {}), ...(options.columnMap !== undefined ? { columnMap: options.columnMap } : {}) });
  const rowsRead = report.payments.length + report.excluded.length;
  options.onProgress?.({ phase: 'write', bytesRead, totalBytes: totalBytes || bytesRead, rowsRead });
  const { dry_run: dryRun, ...rest } = report;
  return {
    kind: 'statement',
    file: files.map((file) => file.name).join(', '),
    dry_run: dryRun,
    encoding: 'utf-8',
    rows_read: rowsRead,
    created: { ...emptyCounts(), payments: report.payments.length },
    updated: { customers: 0 },
    skipped: report.excluded.filter((line) => line.reason === 'duplicate').length,
    warnings: [],
    warnings_total: 0,
    ...rest,
  };
}

/** One statement file (or ZIP): the import every kind shares. */
export function importStatement(db: Db, organizationId: string, source: ImportSource, options: ImportOptions = {}): Promise<StatementReport> {
  return importStatementSources(db, organizationId, [source], options);
}

/** The columns of a preview of a statement: the ISO 20022 elements each value is read from. */
export const STATEMENT_PREVIEW_COLUMNS = [
  { field: 'date', header: 'BookgDt' },
  { field: 'amount', header: 'Amt' },
  { field: 'currency', header: 'Ccy' },
  { field: 'payer_name', header: 'Dbtr' },
  { field: 'reference', header: 'CdtrRefInf / EndToEndId' },
  { field: 'remittance', header: 'Ustrd' },
] as const;

/** The first payments of a statement's dry run as preview rows. */
export function statementPreviewRows(report: StatementReport, limit: number): { columns: Array<{ field: string; header: string }>; rows: Array<{ line: number; values: string[] }> } {
  return {
    columns: STATEMENT_PREVIEW_COLUMNS.map((column) => ({ ...column })),
    rows: report.payments.slice(0, limit).map((p, index) => ({ line: index + 1, values: [p.booking_date, p.amount, p.currency, p.payer_name ?? '', p.reference ?? '', p.remittance ?? ''] })),
  };
}
