import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { AppError } from '../../core/app-error.js';
import { formatMinor } from '../../core/money.js';
import { generateLedger, type DemoOptions, type DemoRecord } from './generate-ledger.js';
import { quotedCsvField } from '../../core/csv-table.js';

/**
 * The demo ledger as CSV files, as an accounting package would export them: comma-separated,
 * UTF-8, English headers, amounts as decimals with a point, ISO dates.
 *
 * A payment's `invoice` column names the invoice it pays when it pays one; a transfer that
 * settles several invoices at once leaves it empty, as a bank line for a payment run does (the
 * remittance advice, not the transfer, lists the invoices). A credit note's names the invoice
 * it is set against, empty for a commercial credit left to use later. Allocating each row to
 * its invoice up to the open amount gives back the demo's balances per customer; only the
 * payment runs then wait, unallocated, for matching.
 */
export const DEMO_CSV_HEADERS = {
  customers: ['reference', 'name', 'registration id', 'vat id', 'language', 'segment', 'email', 'phone', 'payment terms', 'credit limit', 'address'],
  invoices: ['number', 'customer', 'customer name', 'issue date', 'due date', 'amount', 'currency'],
  creditNotes: ['number', 'customer', 'date', 'amount', 'currency', 'invoice'],
  payments: ['reference', 'customer', 'date', 'amount', 'currency', 'invoice'],
  disputeCandidates: ['invoice', 'customer', 'reason'],
} as const;

export type DemoCsvKind = keyof typeof DEMO_CSV_HEADERS;

export const DEMO_CSV_FILE_NAMES: Record<DemoCsvKind, string> = {
  customers: 'customers.csv',
  invoices: 'invoices.csv',
  creditNotes: 'credit-notes.csv',
  payments: 'payments.csv',
  disputeCandidates: 'dispute-candidates.csv',
};

export interface WrittenCsvFile {
  path: string;
  /** Data rows, the header not counted. */
  rows: number;
}

export type WrittenDemoCsv = Record<DemoCsvKind, WrittenCsvFile>;

export function csvLine(cells: readonly string[]): string {
  return `${cells.map(quotedCsvField).join(',')}\n`;
}

// Writes go out in chunks of about this many characters, waiting for the disk when the
// stream's buffer is full: that wait is what keeps memory flat on a million rows.
const CHUNK_CHARS = 64 * 1024;

class CsvFileWriter {
  private chunk = '';
  private failure: Error | undefined;
  rows = 0;

  constructor(
    readonly path: string,
    private readonly stream: WriteStream,
  ) {
    stream.on('error', (error) => (this.failure = error));
  }

  async write(cells: readonly string[], isHeader = false): Promise<void> {
    this.chunk += csvLine(cells);
    if (!isHeader) this.rows += 1;
    if (this.chunk.length >= CHUNK_CHARS) await this.push();
  }

  private async push(): Promise<void> {
    if (this.failure) throw this.failure;
    const text = this.chunk;
    this.chunk = '';
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    if (this.chunk) await this.push();
    this.stream.end();
    await finished(this.stream);
  }

  destroy(): void {
    this.stream.destroy();
  }
}

function recordCells(record: DemoRecord, customerName: string): [DemoCsvKind, string[]] | undefined {
  switch (record.kind) {
    case 'customer': {
      const contact = record.contacts.find((c) => c.role === 'accounts_payable') ?? record.contacts[0];
      return [
        'customers',
        [
          record.reference,
          record.name,
          record.registrationId,
          record.vatId,
          record.language,
          record.segment,
          contact?.email ?? '',
          contact?.phone ?? '',
          record.paymentTerms,
          record.creditLimitMinor === null ? '' : formatMinor(record.creditLimitMinor, 'EUR'),
          contact?.address ?? '',
        ],
      ];
    }
    case 'invoice':
      return ['invoices', [record.number, record.customer, customerName, record.issueDate, record.dueDate, formatMinor(record.amountMinor, record.currency), record.currency]];
    case 'credit_note':
      return ['creditNotes', [record.number, record.customer, record.issueDate, formatMinor(record.amountMinor, record.currency), record.currency, record.invoice ?? '']];
    case 'payment':
      return ['payments', [record.reference, record.customer, record.receivedOn, formatMinor(record.amountMinor, record.currency), record.currency, record.invoices.length === 1 ? record.invoices[0]! : '']];
    case 'dispute_candidate':
      return ['disputeCandidates', [record.invoice, record.customer, record.reason]];
    case 'allocation':
      // Allocations are implied by the invoice columns of payments and credit notes.
      return undefined;
  }
}

/** Streams the demo ledger into `dir` (created if missing; existing demo files are replaced). */
export async function writeDemoCsv(dir: string, options: DemoOptions, onProgress?: (invoicesWritten: number) => void): Promise<WrittenDemoCsv> {
  const ledger = generateLedger(options);
  const root = resolve(dir);
  const writers = {} as Record<DemoCsvKind, CsvFileWriter>;
  try {
    mkdirSync(root, { recursive: true });
    for (const kind of Object.keys(DEMO_CSV_FILE_NAMES) as DemoCsvKind[]) {
      const path = join(root, DEMO_CSV_FILE_NAMES[kind]);
      const stream = createWriteStream(path, { encoding: 'utf8' });
      writers[kind] = new CsvFileWriter(path, stream);
      await once(stream, 'open');
      await writers[kind].write(DEMO_CSV_HEADERS[kind], true);
    }
  } catch (error) {
    for (const writer of Object.values(writers)) writer.destroy();
    throw new AppError('configuration', `cannot write the demo CSV files in ${root}: ${(error as Error).message}`, {}, { cause: error });
  }

  try {
    let customerName = '';
    for (const record of ledger.records()) {
      if (record.kind === 'customer') customerName = record.name;
      const line = recordCells(record, customerName);
      if (!line) continue;
      const writer = writers[line[0]];
      await writer.write(line[1]);
      if (record.kind === 'invoice' && onProgress && writer.rows % 10_000 === 0) onProgress(writer.rows);
    }
    for (const writer of Object.values(writers)) await writer.close();
  } catch (error) {
    for (const writer of Object.values(writers)) writer.destroy();
    throw new AppError('configuration', `writing the demo CSV files in ${root} failed: ${(error as Error).message}`, {}, { cause: error });
  }
  onProgress?.(writers.invoices.rows);
  return Object.fromEntries(
    (Object.keys(writers) as DemoCsvKind[]).map((kind) => [kind, { path: writers[kind].path, rows: writers[kind].rows }]),
  ) as WrittenDemoCsv;
}
