import { parentPort } from 'node:worker_threads';
import { openDatabase } from '../../adapters/db/database.js';
import { importForJob, sent, type ImportJobInput, type ImportJobMessage } from './import-jobs.js';

/**
 * Runs imports in a worker thread, one at a time, each on its own database connection, so the
 * server's thread keeps answering while a large file is read and written. It tells the thread
 * that sent the job how far it got and how it ended.
 */
const send = (message: ImportJobMessage) => parentPort!.postMessage(message);

async function run(input: ImportJobInput): Promise<void> {
  const db = await openDatabase(input.databaseUrl, { migrate: false });
  try {
    const report = await importForJob(db, input, (progress) => send({ type: 'progress', id: input.id, progress }));
    send({ type: 'done', id: input.id, report });
  } catch (error) {
    send({ type: 'failed', id: input.id, error: sent(error) });
  } finally {
    await db.close();
  }
}

let queue = Promise.resolve();
parentPort!.on('message', (input: ImportJobInput) => {
  queue = queue.then(() => run(input));
});
