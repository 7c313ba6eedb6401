import type { Db } from '../../adapters/db/database.js';
import { importDocuments } from './import-documents.js';
import type { ImportOptions, ImportReport } from './import-report.js';
import type { ImportSource } from './import-source.js';

/** Imports a CSV file of invoices (rules in docs/imports.md). */
export async function importInvoices(db: Db, organizationId: string, source: ImportSource, options: ImportOptions = {}): Promise<ImportReport> {
  return importDocuments(db, organizationId, 'invoices', source, options);
}
