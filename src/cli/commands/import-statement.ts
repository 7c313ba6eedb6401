import { friendlyFormatIBAN } from 'ibantools';
import { importStatementSources, type StatementReport } from '../../app/import/import-statement.js';
import { fileSource } from '../../app/import/import-source.js';
import { withContext } from '../context.js';

const REASONS: Record<StatementReport['excluded'][number]['reason'], string> = {
  debit: 'debit, not a payment',
  reversal: 'reversal',
  return: 'returned by the bank, not a payment',
  pending: 'pending, not booked yet',
  duplicate: 'already imported',
};

function printStatements(report: StatementReport): void {
  const out = process.stdout;
  out.write(`${report.files.join(', ')}: ${report.statements} statement${report.statements === 1 ? '' : 's'} read\n`);
  out.write(`${report.dry_run ? 'would record' : 'recorded'}: ${report.payments.length} payment${report.payments.length === 1 ? '' : 's'}\n`);
  for (const p of report.payments) {
    const who = [p.payer_name, p.payer_iban ? friendlyFormatIBAN(p.payer_iban) : null].filter(Boolean).join(', ') || 'payer unknown';
    const said = [p.reference, p.remittance].filter(Boolean).join(' / ') || 'no reference';
    out.write(`  ${p.booking_date}  ${p.amount} ${p.currency}  ${who}  ${said}  ${p.status}${p.invoices.length ? ` (${p.invoices.join(', ')})` : ''}\n`);
  }
  if (report.excluded.length > 0) out.write(`left out: ${report.excluded.length}\n`);
  for (const e of report.excluded) {
    out.write(`  ${e.booking_date ?? 'no booking date'}  ${e.amount} ${e.currency}  ${REASONS[e.reason]}${e.note ? ` (${e.note})` : ''}  ${e.file} ${e.path}\n`);
  }
  if (report.dry_run) out.write('dry run: nothing was written\n');
}

/**
 * `relance import statement FILE…`: camt.052, camt.053 or camt.054 files, ZIPs of them, or a
 * bank's CSV export (`--map` names its columns), recognised by their content. Every file is read before any is written, and all are written
 * together or none. With `--json` it prints the payments found and the entries left out.
 */
export async function importStatementFiles(files: readonly string[], opts: { dryRun?: boolean; map?: string; org?: string; json?: boolean }): Promise<void> {
  await withContext(opts.org, async ({ db, organization }) => {
    const report = await importStatementSources(db, organization.id, files.map((file) => fileSource(file)), { dryRun: opts.dryRun === true, ...(opts.map !== undefined ? { columnMap: opts.map } : {}) });
    if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else printStatements(report);
  });
}
