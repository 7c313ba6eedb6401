import { Worker } from 'node:worker_threads';
import { AppError } from '../../core/app-error.js';
import { addDays, type PlainDate } from '../../core/plain-date.js';
import { WORK_KINDS, type WorkKind } from '../../core/worklist/rank-worklist.js';
import type { Db } from '../../adapters/db/database.js';
import type { DisputeReason } from '../../adapters/db/stores/collection-pauses.js';
import { getCollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { getOrganization } from '../../adapters/db/stores/organizations.js';
import { updateCollectionSettings } from '../collection/update-collection-settings.js';
import { isBusinessDayOf, replayCollection, type SimulationReport } from '../simulation/replay-collection.js';
import { getWorklist } from '../worklist/get-worklist.js';
import { DISPUTE_REASONS } from './demo-word-lists.js';
import { generateLedger, type DemoOptions } from './generate-ledger.js';
import { loadDemo, type LoadDemoOptions, type LoadedDemo } from './load-demo.js';

/** Business days before today on which nobody approved or called: their work waits on Today's list. */
const ABSENT_BUSINESS_DAYS = 2;
/**
 * Customers per approval, and per call, a person gets through in a day: the first reminders of
 * all late customers at once lead to a wave of calls and formal notices a person works off
 * over days, as they would when an organization starts with Relance.
 */
const CUSTOMERS_PER_DAILY_TASK = 200;
const CONTESTS_RAISED_EVERY = 10;

/**
 * Three weeks of collection behind the demo: long enough for a first reminder, a firm one a week
 * later and a formal notice the week after, short enough to load in seconds.
 */
export const DEMO_HISTORY_DAYS = 21;

export interface DemoHistoryOptions {
  /** Days of collection played before today; 0 loads the ledger alone. */
  historyDays: number;
  /** The day the demo is opened on: the history ends the day before. */
  today: PlainDate;
  /** Where the demo is served: its messages link to the customers' pages there. */
  portalBase?: string | undefined;
}

export interface DemoHistory {
  from: PlainDate;
  to: PlainDate;
  /** The replay's figures (docs/simulation.md): messages sent, tasks created, what customers did. */
  report: SimulationReport;
  /** The lines waiting for a person on Today's list, per kind. */
  waitingToday: Record<WorkKind, number>;
}

export interface LoadedDemoWithHistory extends LoadedDemo {
  history: DemoHistory | null;
}

// The product's dispute reason for each of the demo generator's contest stories.
const REASON_OF_STORY: ReadonlyMap<string, DisputeReason> = new Map([
  [DISPUTE_REASONS[0]!, 'not_as_agreed'],
  [DISPUTE_REASONS[1]!, 'invoice_error'],
  [DISPUTE_REASONS[2]!, 'invoice_error'],
  [DISPUTE_REASONS[3]!, 'not_delivered'],
  [DISPUTE_REASONS[4]!, 'price'],
]);

/**
 * Loads the demo as an organization that has used Relance for the last weeks: the ledger as of
 * `today − historyDays`, then that many days of collection played in the demo database itself
 * (see playDemoHistory). `options.asOf` is ignored: `today` says where the history ends.
 */
export async function loadDemoWithHistory(
  db: Db,
  options: Omit<DemoOptions, 'asOf'> & DemoHistoryOptions & Pick<LoadDemoOptions, 'withAgency'>,
  onProgress?: (invoicesLoaded: number) => void,
): Promise<LoadedDemoWithHistory> {
  if (!Number.isInteger(options.historyDays) || options.historyDays < 0 || options.historyDays > 366) {
    throw new AppError('validation_failed', `the history takes a whole number of days from 0 to 366, got ${options.historyDays}`, { field: 'history_days' });
  }
  const ledger: DemoOptions = { customers: options.customers, invoices: options.invoices, seed: options.seed, asOf: addDays(options.today, -options.historyDays) };
  const loaded = await loadDemo(db, { ...ledger, ...(options.withAgency ? { withAgency: true } : {}) }, onProgress);
  if (options.historyDays === 0) return { ...loaded, history: null };
  return { ...loaded, history: await playDemoHistory(db, loaded.organizationId, { ...options, ...ledger }) };
}

/**
 * Plays the days from the ledger's as-of date to the day before `today` with the simulator's
 * replay (docs/simulation.md), writing into the demo database: invoices issued, daily runs,
 * messages recorded as sent (no network and no file: the outbox renders each from its row),
 * approvals, calls, payments, promises and disputes. The invoices the generator left unpaid
 * because their customer contests them are disputed once reminded (one in ten; the others were
 * settled earlier). A person approves and calls a few a day, and not at all on the last two
 * business days before today, so Today opens on formal notices awaiting approval, calls due, and
 * disputes and broken promises to follow up.
 * The same seed gives the same history.
 */
export async function playDemoHistory(db: Db, organizationId: string, options: DemoOptions & DemoHistoryOptions): Promise<DemoHistory> {
  const organization = await getOrganization(db, organizationId);
  if (!organization) throw new AppError('not_found', `no organization ${organizationId}`);
  const settings = await getCollectionSettings(db, organizationId);
  const from = options.asOf;
  const yesterday = addDays(options.today, -1);
  // The person's last working days before today are left undone.
  let absentFrom = options.today;
  for (let left = ABSENT_BUSINESS_DAYS, back = 0; left > 0 && back < 30; back += 1) {
    absentFrom = addDays(absentFrom, -1);
    if (isBusinessDayOf(organization, settings, absentFrom)) left -= 1;
  }

  // One contest in ten is raised during the history; the others were settled before it.
  const contested = new Map<string, DisputeReason>();
  let candidates = 0;
  for (const record of generateLedger(options).records()) {
    if (record.kind !== 'dispute_candidate' || candidates++ % CONTESTS_RAISED_EVERY !== 0) continue;
    contested.set(record.invoice, REASON_OF_STORY.get(record.reason) ?? 'other');
  }
  const report = await replayCollection(db, organization, {
    days: options.historyDays,
    from,
    seed: options.seed,
    contested,
    personAbsentFrom: absentFrom < from ? from : absentFrom,
    personDailyTasks: Math.max(1, Math.floor(options.customers / CUSTOMERS_PER_DAILY_TASK)),
    label: 'demo',
    invoicePrefix: 'F',
    portalBase: options.portalBase,
  });
  // The replay leaves statements out of its messages; the demo's own sending attaches them again.
  if (settings.attachStatement) await updateCollectionSettings(db, organizationId, { attachStatement: true });
  const worklist = await getWorklist(db, organization, options.today, { limit: 1 });
  const waitingToday = Object.fromEntries(WORK_KINDS.map((kind) => [kind, worklist.counts[kind] ?? 0])) as Record<WorkKind, number>;
  return { from, to: yesterday, report, waitingToday };
}

export interface DemoHistoryThreadData {
  databaseUrl: string;
  organizationId: string;
  options: DemoOptions & DemoHistoryOptions;
}

export type DemoHistoryThreadReply = { type: 'done'; history: DemoHistory } | { type: 'failed'; message: string };

/**
 * Plays the demo's history on a thread of its own with its own database connection, so a
 * server answers requests meanwhile (better-sqlite3 is synchronous: on the server's thread the
 * history would hold every request until it ends). `stop` ends the thread; the days played so
 * far stay.
 */
export function playDemoHistoryOnThread(
  databaseUrl: string,
  organizationId: string,
  options: DemoOptions & DemoHistoryOptions,
): { history: Promise<DemoHistory>; stop(): Promise<void> } {
  const data: DemoHistoryThreadData = { databaseUrl, organizationId, options };
  const worker = new Worker(new URL('./demo-history-thread.mjs', import.meta.url), { workerData: data });
  const history = new Promise<DemoHistory>((resolve, reject) => {
    worker.once('message', (reply: DemoHistoryThreadReply) => (reply.type === 'done' ? resolve(reply.history) : reject(new AppError('internal', reply.message))));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new AppError('internal', `the demo's history thread ended (${code}) before it was done`)));
  });
  return { history, stop: async () => void (await worker.terminate()) };
}
