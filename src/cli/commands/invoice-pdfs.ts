import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../core/app-error.js';
import { attachInvoicePdfFiles, type NamedPdf } from '../../app/attach-invoice-pdfs.js';
import { withContext } from '../context.js';

/** The PDFs named on the command line: files as given, folders for the `.pdf` files in them. */
function readPdfs(paths: readonly string[]): NamedPdf[] {
  const files: NamedPdf[] = [];
  for (const path of paths) {
    let isFolder: boolean;
    try {
      isFolder = statSync(path).isDirectory();
    } catch {
      throw new AppError('not_found', `${path}: no such file or folder`, { file: path });
    }
    const names = isFolder ? readdirSync(path).filter((name) => name.toLowerCase().endsWith('.pdf')).sort().map((name) => join(path, name)) : [path];
    for (const name of names) files.push({ name, content: readFileSync(name) });
  }
  if (files.length === 0) throw new AppError('validation_failed', `no .pdf file in ${paths.join(', ')}`);
  return files;
}

/** `relance invoice-pdfs`: the invoices as issued, sent with the reminders that list them. */
export function registerInvoicePdfs(program: Command): void {
  program
    .command('invoice-pdfs')
    .description("attach invoices' PDFs, each file named after its invoice number (F-2025-0456.pdf); all or nothing")
    .argument('<paths...>', 'PDF files, or folders of them')
    .option('--json', 'print JSON')
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (paths: string[], opts: { json?: boolean; org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        const attached = await attachInvoicePdfFiles(db, organization.id, readPdfs(paths));
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(attached, null, 2)}\n`);
          return;
        }
        for (const file of attached) process.stdout.write(`  ${file.invoice_number.padEnd(16)} ${file.outcome.padEnd(9)} ${file.file_name} (${Math.ceil(file.size_bytes / 1024)} KB)\n`);
        const count = (outcome: string) => attached.filter((file) => file.outcome === outcome).length;
        process.stdout.write(`${count('attached')} attached, ${count('replaced')} replaced, ${count('unchanged')} unchanged\n`);
      });
    });
}
