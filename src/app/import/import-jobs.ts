import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode, type ErrorPlace, type ImportIssue } from '../../core/app-error.js';
import type { Db } from '../../adapters/db/database.js';
import { importFile } from './import-file.js';
import type { ImportKind, ImportProgress, ImportReport } from './import-report.js';
import { fileSource } from './import-source.js';
import { previewImport, type ImportPreview } from './preview-import.js';

/** What a worker thread needs to run one import on its own connection. */
export interface ImportJobInput {
  id: string;
  databaseUrl: string;
  organizationId: string;
  kind: ImportKind;
  path: string;
  name: string;
  columnMap?: string;
  /** `import` writes (all or nothing); `dry_run` reports what it would write; `preview` answers with what the file holds and every problem. */
  mode?: ImportMode;
}

export type ImportMode = 'import' | 'dry_run' | 'preview';

/** What an import ends with: its report, or a preview's findings. */
export type ImportResult = ImportReport | ImportPreview;

/** An error as it crosses from the worker thread: an AppError's parts. */
export interface SentError {
  code: ErrorCode;
  message: string;
  place: ErrorPlace;
  issues: ImportIssue[];
  localized: { en: string; fr: string } | null;
}

export type ImportJobMessage =
  | { type: 'progress'; id: string; progress: ImportProgress }
  | { type: 'done'; id: string; report: ImportResult }
  | { type: 'failed'; id: string; error: SentError };

export type ImportJobState = 'queued' | 'running' | 'succeeded' | 'failed';

/** Where an import job stands, as the API shows it. */
export interface ImportJobStatus {
  id: string;
  kind: ImportKind;
  file: string;
  status: ImportJobState;
  /** Reading the file to check it, then reading it again to write it. */
  phase: ImportProgress['phase'];
  /** Rows read so far in the current phase. */
  processed_rows: number;
  /** Rows in the file, known once it has been checked. */
  total_rows: number | null;
  /** 0 to 100: checking counts for the first half, writing for the second. */
  percent: number;
  report: ImportReport | null;
  error: AppError | null;
}

interface Job {
  organizationId: string;
  status: ImportJobStatus;
  /** A request waits for this one's answer (`runNow`): no status to read afterwards. */
  awaited: boolean;
  result?: ImportResult;
  /** Called once the job has succeeded or failed. */
  ended?: () => void;
}

/** The import a job stands for, on the given connection. */
export function importForJob(db: Db, input: ImportJobInput, onProgress: (progress: ImportProgress) => void): Promise<ImportResult> {
  const source = fileSource(input.path, input.name);
  const columnMap = input.columnMap !== undefined ? { columnMap: input.columnMap } : {};
  if (input.mode === 'preview') return previewImport(db, input.organizationId, input.kind, source, columnMap);
  return importFile(db, input.organizationId, input.kind, source, { ...columnMap, ...(input.mode === 'dry_run' ? { dryRun: true } : {}), onProgress });
}

/** The share of the work done: each phase reads the whole file once, so bytes measure both. */
export function importPercent(progress: ImportProgress): number {
  const share = progress.totalBytes ? Math.min(progress.bytesRead / progress.totalBytes, 1) : 0;
  return Math.floor((progress.phase === 'validate' ? 0 : 50) + share * 50);
}

/** How long a finished job's status can still be read. */
const KEEP_FINISHED_MS = 60 * 60 * 1000;

/**
 * Imports that run off the server's thread, one at a time, each in a worker thread with its own
 * database connection: better-sqlite3 is synchronous, so an import on the server's thread would
 * hold every other request until it ends. Each job stays all or nothing (one transaction in the
 * worker). Statuses live in this process's memory; a restart forgets them, never the data.
 */
export class ImportJobs {
  private readonly jobs = new Map<string, Job>();
  private queue: Promise<void> = Promise.resolve();
  /** One thread runs every import, started with the first and kept: starting one costs seconds. */
  private worker: Worker | null = null;
  private closed = false;

  constructor(private readonly db: Db) {}

  /**
   * Queues the import of the file at `path`, which the job then owns: `release` is called once
   * the import has finished with it, whatever the outcome.
   */
  start(organizationId: string, kind: ImportKind, file: { path: string; name: string }, options: { columnMap?: string }, release: () => Promise<void>): ImportJobStatus {
    return this.enqueue(organizationId, kind, file, { ...options, mode: 'import', awaited: false }, release).job.status;
  }

  /**
   * Runs an import, a dry run or a preview on the import thread, queued behind the jobs, and
   * answers as the use case would on this thread: its result, or its error (the same problem,
   * with its issues' file, line and column). The server's thread only waits. The caller keeps
   * the file.
   */
  async runNow(organizationId: string, kind: ImportKind, file: { path: string; name: string }, options: { columnMap?: string; mode: 'import' | 'dry_run' }): Promise<ImportReport>;
  async runNow(organizationId: string, kind: ImportKind, file: { path: string; name: string }, options: { columnMap?: string; mode: 'preview' }): Promise<ImportPreview>;
  async runNow(organizationId: string, kind: ImportKind, file: { path: string; name: string }, options: { columnMap?: string; mode: ImportMode }): Promise<ImportResult> {
    const { job, done } = this.enqueue(organizationId, kind, file, { ...options, awaited: true }, async () => {});
    await done;
    if (job.result) return job.result;
    throw job.status.error ?? new AppError('internal', 'the import stopped before it finished; nothing was imported');
  }

  private enqueue(
    organizationId: string,
    kind: ImportKind,
    file: { path: string; name: string },
    options: { columnMap?: string; mode: ImportMode; awaited: boolean },
    release: () => Promise<void>,
  ): { job: Job; done: Promise<void> } {
    const status: ImportJobStatus = {
      id: randomUUID(),
      kind,
      file: file.name,
      status: 'queued',
      phase: 'validate',
      processed_rows: 0,
      total_rows: null,
      percent: 0,
      report: null,
      error: null,
    };
    const job: Job = { organizationId, status, awaited: options.awaited };
    this.jobs.set(status.id, job);
    const input: ImportJobInput = {
      id: status.id,
      databaseUrl: this.db.url ?? '',
      organizationId,
      kind,
      path: file.path,
      name: file.name,
      mode: options.mode,
      ...(options.columnMap !== undefined ? { columnMap: options.columnMap } : {}),
    };
    const done = this.queue.then(() => this.run(job, input).finally(release)).catch(() => undefined);
    this.queue = done;
    return { job, done };
  }

  /** The job's status, or null when it does not exist or belongs to another organization. */
  get(organizationId: string, id: string): ImportJobStatus | null {
    const job = this.jobs.get(id);
    return job && !job.awaited && job.organizationId === organizationId ? job.status : null;
  }

  /** Stops a running import (its transaction is rolled back) and refuses new ones. */
  async close(): Promise<void> {
    this.closed = true;
    await this.worker?.terminate();
  }

  private async run(job: Job, input: ImportJobInput): Promise<void> {
    const { status } = job;
    if (this.closed) return this.settle(job, { type: 'failed', id: status.id, error: sent(new AppError('internal', 'the server stopped before the import started')) });
    status.status = 'running';
    // A database in memory cannot be opened from another thread: such a server imports on its own.
    if (!this.db.url) {
      try {
        const report = await importForJob(this.db, input, (progress) => this.advance(status, progress));
        return this.settle(job, { type: 'done', id: status.id, report });
      } catch (error) {
        return this.settle(job, { type: 'failed', id: status.id, error: sent(error) });
      }
    }
    await new Promise<void>((resolve) => {
      job.ended = resolve;
      this.thread().postMessage(input);
    });
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./import-job-worker.mjs', import.meta.url));
    worker.unref();
    worker.on('message', (message: ImportJobMessage) => {
      const job = this.jobs.get(message.id);
      if (!job) return;
      if (message.type === 'progress') this.advance(job.status, message.progress);
      else this.settle(job, message);
    });
    const lost = (error: unknown) => {
      if (this.worker === worker) this.worker = null;
      for (const job of this.jobs.values()) {
        if (job.status.status === 'running') this.settle(job, { type: 'failed', id: job.status.id, error: sent(error) });
      }
    };
    worker.on('error', lost);
    worker.on('exit', () => lost(new AppError('internal', 'the import stopped before it finished; nothing was imported')));
    this.worker = worker;
    return worker;
  }

  private advance(status: ImportJobStatus, progress: ImportProgress): void {
    if (progress.phase === 'validate') {
      // Validation may read the file a second time to confirm duplicates: the count never goes back.
      status.processed_rows = Math.max(status.processed_rows, progress.rowsRead);
    } else {
      if (status.phase === 'validate') status.total_rows = status.processed_rows;
      status.processed_rows = progress.rowsRead;
    }
    status.phase = progress.phase;
    status.percent = Math.max(status.percent, importPercent(progress));
  }

  private settle(job: Job, message: Exclude<ImportJobMessage, { type: 'progress' }>): void {
    const { status } = job;
    if (status.status === 'succeeded' || status.status === 'failed') return;
    if (message.type === 'done') {
      status.status = 'succeeded';
      job.result = message.report;
      if (!job.awaited) status.report = message.report as ImportReport;
      status.total_rows = message.report.rows_read;
      status.processed_rows = message.report.rows_read;
      status.percent = 100;
    } else {
      const { code, message: text, place, issues, localized } = message.error;
      status.status = 'failed';
      status.error = new AppError(code, text, place, { issues, ...(localized ? { localized } : {}) });
    }
    job.ended?.();
    // An awaited job's answer is in its request's hands: nothing is left to read.
    if (job.awaited) this.jobs.delete(status.id);
    else setTimeout(() => this.jobs.delete(status.id), KEEP_FINISHED_MS).unref();
  }
}

/** An error as the worker thread sends it: what the server needs to answer with the same problem. */
export function sent(error: unknown): SentError {
  if (error instanceof AppError) return { code: error.code, message: error.message, place: error.place, issues: [...error.issues], localized: error.localized };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error), place: {}, issues: [], localized: null };
}
