import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../adapters/db/database.js';
import { playDemoHistory, type DemoHistoryThreadData, type DemoHistoryThreadReply } from './play-demo-history.js';

// The demo's history on a database connection of its own (see playDemoHistoryOnThread).
const { databaseUrl, organizationId, options } = workerData as DemoHistoryThreadData;
const reply = (message: DemoHistoryThreadReply) => parentPort!.postMessage(message);
const db = await openDatabase(databaseUrl);
try {
  reply({ type: 'done', history: await playDemoHistory(db, organizationId, options) });
} catch (error) {
  reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
} finally {
  await db.close();
}
