import { AppError, type ImportIssue } from '../../core/app-error.js';
import type { Db } from '../../adapters/db/database.js';
import { newId, nowIso } from '../../adapters/db/ids.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import { refreshStatisticsAfterBulkLoad } from '../../adapters/db/stores/planner-statistics.js';
import { insertRows, updateCustomerFields, type CustomerPatch } from '../../adapters/db/stores/import-writer.js';
import { getOrganization } from '../../adapters/db/stores/organizations.js';
import type { AllocationRow, ContactRow, CreditNoteRow, CustomerRow, InvoiceRow, OrganizationRow, PaymentRow } from '../../adapters/db/schema.js';
import { scanBytes, type TextEncoding } from '../../adapters/files/text-decoding.js';
import type { ImportSource } from './import-source.js';
import { emptyCounts, type ImportKind, type ImportOptions, type ImportProgress, type ImportReport } from './import-report.js';
import { refuseInexactLedger } from '../refuse-inexact-ledger.js';
import { DEFAULT_MAX_ISSUES, IssueList } from './issue-list.js';

/** Rows to write together; the plan of an import is a stream of these. */
export interface WriteBatch {
  customers?: CustomerRow[];
  customerUpdates?: Array<{ id: string; patch: CustomerPatch }>;
  contacts?: ContactRow[];
  invoices?: InvoiceRow[];
  credit_notes?: CreditNoteRow[];
  payments?: PaymentRow[];
  allocations?: AllocationRow[];
}

/** What the two passes of an import share. */
export interface ImportContext {
  db: Db;
  organization: OrganizationRow;
  file: string;
  encoding: TextEncoding;
  options: ImportOptions;
  /** Problems that stop the import. */
  issues: IssueList;
  /** Problems worth saying that do not stop it (terms over the legal cap…). */
  warnings: IssueList;
  /** A fresh byte stream of the file, counted for progress in the given phase. */
  read(phase: ImportProgress['phase']): AsyncIterable<Uint8Array>;
  /** Counts one data row read in the current phase. */
  row(): void;
  report: ImportReport;
}

/** One import kind: a validating pass that writes nothing, then a pass that plans the writes. */
export interface ImportSteps<State> {
  validate(ctx: ImportContext): Promise<State>;
  /** Runs only when validation found nothing wrong; `db` is the transaction (or the database in a dry run). */
  plan(ctx: ImportContext, db: Db, state: State): AsyncIterable<WriteBatch>;
}

/**
 * The shape every import shares: fingerprint the file, validate all of it, and only if nothing is
 * wrong, read it again and write everything in one transaction, in batches. A failure half-way
 * rolls the whole import back; a dry run plans the same writes and counts them instead.
 */
export async function runImport<State>(
  db: Db,
  organizationId: string,
  kind: ImportKind,
  source: ImportSource,
  options: ImportOptions,
  steps: ImportSteps<State>,
): Promise<ImportReport> {
  const organization = await getOrganization(db, organizationId);
  if (!organization) throw new AppError('not_found', `organization ${organizationId} does not exist`);
  const scan = await scanBytes(source.open());
  const max = options.maxIssues ?? DEFAULT_MAX_ISSUES;
  const report: ImportReport = {
    kind,
    file: source.name,
    dry_run: options.dryRun === true,
    encoding: scan.encoding,
    rows_read: 0,
    created: emptyCounts(),
    updated: { customers: 0 },
    skipped: 0,
    warnings: [],
    warnings_total: 0,
  };
  let phase: ImportProgress['phase'] = 'validate';
  let bytesRead = 0;
  let rowsRead = 0;
  let lastRows = 0;
  const emit = () => options.onProgress?.({ phase, bytesRead, totalBytes: scan.bytes, rowsRead });
  const ctx: ImportContext = {
    db,
    organization,
    file: source.name,
    encoding: scan.encoding,
    options,
    issues: new IssueList(max),
    warnings: new IssueList(max),
    report,
    read(next) {
      phase = next;
      bytesRead = 0;
      rowsRead = 0;
      lastRows = 0;
      emit();
      const bytes = source.open();
      return (async function* counted() {
        for await (const chunk of bytes) {
          bytesRead += chunk.length;
          yield chunk;
        }
      })();
    },
    row() {
      rowsRead += 1;
      if (rowsRead - lastRows >= 1000) {
        lastRows = rowsRead;
        emit();
      }
    },
  };

  const state = await steps.validate(ctx);
  emit();
  report.rows_read = rowsRead;
  report.warnings = ctx.warnings.listed();
  report.warnings_total = ctx.warnings.total;
  if (ctx.issues.total > 0) {
    const n = ctx.issues.total;
    throw new AppError('import_failed', `${source.name}: ${n} problem${n > 1 ? 's' : ''} found, nothing was imported`, { file: source.name }, {
      issues: ctx.issues.listed(),
    });
  }

  const count = (batch: WriteBatch) => {
    report.created.customers += batch.customers?.length ?? 0;
    report.updated.customers += batch.customerUpdates?.length ?? 0;
    report.created.contacts += batch.contacts?.length ?? 0;
    report.created.invoices += batch.invoices?.length ?? 0;
    report.created.credit_notes += batch.credit_notes?.length ?? 0;
    report.created.payments += batch.payments?.length ?? 0;
    report.created.allocations += batch.allocations?.length ?? 0;
  };
  if (options.dryRun) {
    for await (const batch of steps.plan(ctx, db, state)) count(batch);
    emit();
    return report;
  }
  await inTransaction(db, async (tx) => {
    for await (const batch of steps.plan(ctx, tx, state)) {
      await writeBatch(tx, organization.id, batch);
      count(batch);
    }
    if (report.created.invoices + report.created.payments + report.created.credit_notes > 0) {
      await refuseInexactLedger(tx, organization.id, source.name, { file: source.name });
    }
    emit();
    const changed = Object.values(report.created).some((n) => n > 0) || report.updated.customers > 0;
    // A second run of the same file changes nothing, not even this log.
    if (changed) {
      await insertRows(tx, 'imports', [
        {
          id: newId(),
          organization_id: organization.id,
          kind,
          file_name: source.name,
          sha256: scan.sha256,
          rows: report.rows_read,
          summary: JSON.stringify({ created: report.created, updated: report.updated, skipped: report.skipped, warnings: report.warnings_total }),
          created_at: nowIso(),
        },
      ]);
    }
  });
  await refreshStatisticsAfterBulkLoad(db, Object.values(report.created).reduce((sum, n) => sum + n, 0));
  return report;
}

async function writeBatch(tx: Db, organizationId: string, batch: WriteBatch): Promise<void> {
  await insertRows(tx, 'customers', batch.customers ?? []);
  const now = nowIso();
  for (const update of batch.customerUpdates ?? []) await updateCustomerFields(tx, organizationId, update.id, update.patch, now);
  await insertRows(tx, 'contacts', batch.contacts ?? []);
  await insertRows(tx, 'invoices', batch.invoices ?? []);
  await insertRows(tx, 'credit_notes', batch.credit_notes ?? []);
  await insertRows(tx, 'payments', batch.payments ?? []);
  await insertRows(tx, 'allocations', batch.allocations ?? []);
}

/** Issues found while planning are a bug in validation, not in the file; they must not pass silently. */
export function assertNoIssues(issues: readonly ImportIssue[]): void {
  if (issues.length > 0) throw new AppError('internal', `import plan met a problem validation missed: ${issues[0]!.message}`);
}
