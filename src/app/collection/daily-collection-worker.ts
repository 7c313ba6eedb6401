import { Worker } from 'node:worker_threads';
import { AppError } from '../../core/app-error.js';
import type { PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { OrganizationRow } from '../../adapters/db/schema.js';
import type { SentError } from '../import/import-jobs.js';
import type { CollectionRunReport, RunCollectionOptions } from './run-collection.js';
import type { DailyCollectionTick } from './schedule-daily-collection.js';

/** Runs the collection for one organization: `runCollection`, here or on the collection thread. */
export type CollectionRunner = (db: Db, organization: OrganizationRow, options: RunCollectionOptions) => Promise<CollectionRunReport>;

/** The parts of a run's options that can cross to the thread (no callbacks, no transports). */
export interface RunRequestOptions {
  asOf?: PlainDate;
  dryRun?: boolean;
  customerIds?: readonly string[];
  send?: boolean;
  workerId?: string;
  allowPrivateWebhooks?: boolean;
  portalBase?: string;
}

/** What the server's thread asks the collection thread, each with the instant it counts as now. */
type Request = { type: 'tick'; now: string } | { type: 'run'; now: string; organization: OrganizationRow; options: RunRequestOptions };
export type DailyCollectionRequest = Request & { id: number };

/** What the collection thread answers: a log line of the schedule, or how a request ended. */
export type DailyCollectionReply =
  | { type: 'log'; line: string }
  | { type: 'done'; id: number; result: DailyCollectionTick | CollectionRunReport }
  | { type: 'failed'; id: number; error: SentError };

interface Pending {
  resolve: (result: never) => void;
  reject: (error: AppError) => void;
}

function crossing(options: RunCollectionOptions): RunRequestOptions {
  const { asOf, dryRun, customerIds, send, workerId, allowPrivateWebhooks, portalBase } = options;
  if (options.renderer || options.transports || options.onAction) throw new AppError('internal', 'a collection run with its own renderer, transports or action callback runs on the calling thread');
  return Object.fromEntries(Object.entries({ asOf, dryRun, customerIds, send, workerId, allowPrivateWebhooks, portalBase }).filter(([, value]) => value !== undefined));
}

/**
 * The thread the daily collection of `relance serve` runs on: each check of the schedule
 * (sending, the day's runs, webhooks) and each run asked for through the API, one after the
 * other, on a database connection of its own. better-sqlite3 is synchronous, so a run on the
 * server's thread would hold every request until it ends; here the server's thread only keeps
 * the timer and waits for answers. The thread starts with the first request and is kept.
 */
export class DailyCollectionWorker {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly log: (line: string) => void,
    /** Where debtors reach Relance: the daily runs' messages link there. */
    private readonly portalBase?: string,
  ) {}

  /** One check of the schedule at `now`, as `scheduleDailyCollection` does it in-thread. */
  tick(now: Date): Promise<DailyCollectionTick> {
    return this.ask({ type: 'tick', now: now.toISOString() });
  }

  /** `runCollection` on the thread, queued behind what it is doing; the database argument is the caller's and unused. */
  readonly runCollection: CollectionRunner = (_db, organization, options) => {
    try {
      return this.ask({ type: 'run', now: options.now.toISOString(), organization, options: crossing(options) });
    } catch (error) {
      return Promise.reject(error);
    }
  };

  /** Stops the thread (a run in progress is rolled back, as after a crash) and refuses new requests. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
    this.abandon(new AppError('internal', 'the server stopped before the collection finished'));
  }

  private ask<T extends DailyCollectionTick | CollectionRunReport>(request: Request): Promise<T> {
    if (this.closed) return Promise.reject(new AppError('internal', 'the server is stopping'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (result: never) => void, reject });
      this.thread().postMessage({ ...request, id } satisfies DailyCollectionRequest);
    });
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./daily-collection-thread.mjs', import.meta.url), { workerData: { databaseUrl: this.databaseUrl, portalBase: this.portalBase } });
    worker.unref();
    worker.on('message', (reply: DailyCollectionReply) => {
      if (reply.type === 'log') return this.log(reply.line);
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      this.pending.delete(reply.id);
      if (reply.type === 'done') pending.resolve(reply.result as never);
      else {
        const { code, message, place, issues, localized } = reply.error;
        pending.reject(new AppError(code, message, place, { issues, ...(localized ? { localized } : {}) }));
      }
    });
    const lost = (error: unknown) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.abandon(new AppError('internal', `the collection thread stopped: ${error instanceof Error ? error.message : String(error)}`));
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`exit code ${code}`)));
    this.worker = worker;
    return worker;
  }

  private abandon(error: AppError): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
