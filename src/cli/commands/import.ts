import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Argument, type Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { formatIssue } from '../../core/app-error.js';
import { importFile } from '../../app/import/import-file.js';
import { importEInvoiceFiles } from './import-einvoice.js';
import { importStatementFiles } from './import-statement.js';
import { IMPORT_KINDS, type ImportKind, type ImportProgress, type ImportReport } from '../../app/import/import-report.js';
import { fileSource } from '../../app/import/import-source.js';
import { withContext } from '../context.js';

// Below this size an import takes about a second: a bar would only flicker.
const PROGRESS_MIN_BYTES = 5 * 1024 * 1024;

function progressBar(size: number | null): ((p: ImportProgress) => void) | undefined {
  if (!process.stderr.isTTY || size === null || size < PROGRESS_MIN_BYTES) return undefined;
  const bar = new SingleBar({
    stream: process.stderr,
    format: '{phase} |{bar}| {percentage}% | {rows} rows',
    hideCursor: true,
    clearOnComplete: true,
  });
  let phase: string | null = null;
  return (p) => {
    if (p.phase !== phase) {
      if (phase !== null) bar.stop();
      phase = p.phase;
      bar.start(p.totalBytes ?? size, 0, { phase: p.phase === 'validate' ? 'checking' : 'writing ', rows: 0 });
    }
    bar.update(p.bytesRead, { rows: p.rowsRead });
    if (p.totalBytes !== null && p.bytesRead >= p.totalBytes && p.phase === 'write') bar.stop();
  };
}

/**
 * A full garbage collection every so many rows. On a machine with memory to spare V8 lets dead
 * batches pile up to several times the live set before collecting; the CLI owns its process, so
 * it collects as it goes and a million-row import stays within a few hundred megabytes.
 */
function garbageCollector(everyRows: number): (p: ImportProgress) => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  let last = 0;
  let phase: ImportProgress['phase'] | null = null;
  return (p) => {
    // Validation's state is dead once writing starts: drop it before the writes pile up.
    if (p.phase !== phase || p.rowsRead - last >= everyRows) {
      phase = p.phase;
      last = p.rowsRead;
      gc();
    }
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function printSummary(report: ImportReport): void {
  const out = process.stdout;
  const c = report.created;
  const parts = [
    plural(c.customers, 'customer'),
    plural(c.contacts, 'contact'),
    plural(c.invoices, 'invoice'),
    plural(c.credit_notes, 'credit note'),
    plural(c.payments, 'payment'),
    plural(c.allocations, 'allocation'),
  ];
  out.write(`${report.file}: ${plural(report.rows_read, 'row')} read (${report.encoding})\n`);
  out.write(`${report.dry_run ? 'would create' : 'created'}: ${parts.join(', ')}\n`);
  if (report.updated.customers > 0) out.write(`${report.dry_run ? 'would update' : 'updated'}: ${plural(report.updated.customers, 'customer')}\n`);
  out.write(`skipped as already present: ${report.skipped}\n`);
  out.write(`warnings: ${report.warnings_total}\n`);
  for (const warning of report.warnings) out.write(`  ${formatIssue(warning)}\n`);
  if (report.dry_run) out.write('dry run: nothing was written\n');
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('import customers, invoices, credit notes, payments (CSV), a FEC ledger, bank statements or e-invoices (UBL, Factur-X, ZUGFeRD); all or nothing')
    .addArgument(new Argument('<kind>', 'what the file holds').choices(IMPORT_KINDS))
    .argument('<files...>', 'the files to import (CSV with ; , or TAB; FEC with TAB or |; e-invoices as XML or PDF), one after the other')
    .option('--dry-run', 'check the file and say what would be written, write nothing')
    .option('--map <pairs>', 'which header holds which field when not recognized, e.g. "number=N° pièce,amount=Montant"')
    .option('--json', 'print the report as JSON')
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (kind: ImportKind, files: string[], opts: { dryRun?: boolean; map?: string; org?: string; json?: boolean }) => {
      if (kind === 'einvoice') return importEInvoiceFiles(files, opts);
      if (kind === 'statement') return importStatementFiles(files, opts);
      for (const file of files) await importOne(kind, file, opts);
    });
}

async function importOne(kind: ImportKind, file: string, opts: { dryRun?: boolean; map?: string; org?: string; json?: boolean }): Promise<void> {
  const source = fileSource(file);
  await withContext(opts.org, async ({ db, organization }) => {
    const bar = progressBar(source.size);
    const collect = garbageCollector(50_000);
    const report = await importFile(db, organization.id, kind, source, {
      dryRun: opts.dryRun === true,
      ...(opts.map !== undefined ? { columnMap: opts.map } : {}),
      onProgress: (p) => {
        bar?.(p);
        collect(p);
      },
    });
    if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else printSummary(report);
  });
}
