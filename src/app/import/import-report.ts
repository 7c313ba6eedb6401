import type { ImportIssue } from '../../core/app-error.js';

export const IMPORT_KINDS = ['customers', 'invoices', 'credit-notes', 'payments', 'fec', 'einvoice', 'statement'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export function isImportKind(text: string): text is ImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(text);
}

export interface ImportProgress {
  /** Validation reads the whole file first; writing reads it again. */
  phase: 'validate' | 'write';
  bytesRead: number;
  totalBytes: number | null;
  rowsRead: number;
}

export interface ImportOptions {
  /** Validate and report what would be written, write nothing. */
  dryRun?: boolean;
  /** Field → header name, for files whose headers are not recognized: "number=N° pièce,amount=Montant". */
  columnMap?: string | Readonly<Record<string, string>>;
  onProgress?: (progress: ImportProgress) => void;
  /** How many errors and warnings are listed before the rest are only counted. */
  maxIssues?: number;
}

export interface ImportCounts {
  customers: number;
  contacts: number;
  invoices: number;
  credit_notes: number;
  payments: number;
  allocations: number;
}

/** What an import did (or, with dry_run, would do); the JSON the API returns. */
export interface ImportReport {
  kind: ImportKind;
  file: string;
  dry_run: boolean;
  encoding: string;
  rows_read: number;
  created: ImportCounts;
  /** Customers whose details the file changed. */
  updated: { customers: number };
  /** Rows already in Relance with the same values, left alone. */
  skipped: number;
  warnings: ImportIssue[];
  warnings_total: number;
}

export function emptyCounts(): ImportCounts {
  return { customers: 0, contacts: 0, invoices: 0, credit_notes: 0, payments: 0, allocations: 0 };
}
