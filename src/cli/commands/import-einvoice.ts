import { importEInvoices, type EInvoiceImportReport } from '../../app/import/import-einvoices.js';
import { fileSource } from '../../app/import/import-source.js';
import { withContext } from '../context.js';
import { printSummary } from './import.js';

function printDocuments(report: EInvoiceImportReport): void {
  for (const d of report.documents) {
    const kind = d.kind === 'invoice' ? 'invoice' : 'credit note';
    const due = d.due_date === null ? '' : `, due ${d.due_date}`;
    const prepaid = d.amount_due === d.total ? '' : ` (total ${d.total}, the rest prepaid)`;
    process.stdout.write(`  ${d.file}: ${kind} ${d.number} of ${d.issue_date}${due}, ${d.amount_due} ${d.currency}${prepaid}, ${d.buyer_name}\n`);
  }
}

/**
 * `relance import einvoice FILE…`: every file is checked before any is written, and all are
 * written together or none. With `--json` the report lists the documents read.
 */
export async function importEInvoiceFiles(files: readonly string[], opts: { dryRun?: boolean; org?: string; json?: boolean }): Promise<void> {
  await withContext(opts.org, async ({ db, organization }) => {
    const report = await importEInvoices(db, organization.id, files.map((file) => fileSource(file)), { dryRun: opts.dryRun === true });
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return;
    }
    printSummary(report);
    printDocuments(report);
  });
}
