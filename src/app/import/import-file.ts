import type { Db } from '../../adapters/db/database.js';
import { importCreditNotes } from './import-credit-notes.js';
import { importCustomers } from './import-customers.js';
import { importEInvoice } from './import-einvoices.js';
import { importStatement } from './import-statement.js';
import { importFec } from './import-fec.js';
import { importInvoices } from './import-invoices.js';
import { importPayments } from './import-payments.js';
import type { ImportKind, ImportOptions, ImportReport } from './import-report.js';
import type { ImportSource } from './import-source.js';

const IMPORTERS: Record<ImportKind, (db: Db, organizationId: string, source: ImportSource, options: ImportOptions) => Promise<ImportReport>> = {
  customers: importCustomers,
  invoices: importInvoices,
  'credit-notes': importCreditNotes,
  payments: importPayments,
  fec: importFec,
  einvoice: importEInvoice,
  statement: importStatement,
};

/** The one entry the CLI and the API call: any kind of import, by name. */
export async function importFile(db: Db, organizationId: string, kind: ImportKind, source: ImportSource, options: ImportOptions = {}): Promise<ImportReport> {
  return IMPORTERS[kind](db, organizationId, source, options);
}
