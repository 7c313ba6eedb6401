import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase, type Db } from '../../adapters/db/database.js';
import { sent } from '../import/import-jobs.js';
import type { DailyCollectionReply, DailyCollectionRequest } from './daily-collection-worker.js';
import { runCollection } from './run-collection.js';
import { scheduleDailyCollection, type DailyCollection } from './schedule-daily-collection.js';

/**
 * The collection thread of `relance serve` (see DailyCollectionWorker): the schedule's checks and
 * the runs asked for through the API, one at a time, on a database connection of its own. The
 * instant each request counts as now comes from the server's clock.
 */
const { databaseUrl, portalBase } = workerData as { databaseUrl: string; portalBase?: string };
const send = (reply: DailyCollectionReply) => parentPort!.postMessage(reply);

let clock = new Date();
let opened: Promise<{ db: Db; schedule: DailyCollection }> | undefined;

function open(): Promise<{ db: Db; schedule: DailyCollection }> {
  opened ??= openDatabase(databaseUrl, { migrate: false }).then((db) => ({
    db,
    // The same schedule as in-thread, without its timer: the server's thread keeps that. It stays
    // for the thread's life, so what it says once (an organization without sender email) is said once.
    schedule: scheduleDailyCollection(db, { now: () => clock, start: false, log: (line) => send({ type: 'log', line }), portalBase }),
  }));
  return opened;
}

async function handle(request: DailyCollectionRequest): Promise<void> {
  try {
    const { db, schedule } = await open();
    clock = new Date(request.now);
    const result = request.type === 'tick' ? await schedule.tick() : await runCollection(db, request.organization, { portalBase, ...request.options, now: clock });
    send({ type: 'done', id: request.id, result });
  } catch (error) {
    send({ type: 'failed', id: request.id, error: sent(error) });
  }
}

let queue = Promise.resolve();
parentPort!.on('message', (request: DailyCollectionRequest) => {
  queue = queue.then(() => handle(request));
});
