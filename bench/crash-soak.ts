/**
 * The crash soak: collection runs and sending workers killed with SIGKILL at random instants,
 * many times, on SQLite and on PostgreSQL (two workers at once sharing the work there). It
 * reports messages sent twice and actions lost, both of which must be 0.
 *
 *   npx tsx bench/crash-soak.ts [--engine sqlite|postgres] [--kills N] [--seed N]
 *
 * Each episode loads the crash-test demo ledger afresh, kills the run 20 times and lets a last
 * run finish, compares what was written with one uninterrupted run, then queues more emails
 * beside the run's messages and kills the sending workers 20 times before a last one drains
 * the queue. `--kills` (100 by default) is the number of kills of each kind per database. The
 * seed (printed) replays the random choices: which kill waits for a time, which for a number
 * of writes, and how long or how many; the machine's timing still varies from run to run.
 * PostgreSQL is a throw-away server of its own (test/support/postgres-server.ts).
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Engine } from '../src/adapters/db/database.js';
import { inTransaction } from '../src/adapters/db/stores/in-transaction.js';
import { listOrganizations } from '../src/adapters/db/stores/organizations.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import { loadDemo } from '../src/app/demo/load-demo.js';
import { enqueueMessage } from '../src/app/outbox/enqueue-message.js';
import { finishRuns, killRunsAtRandom } from '../test/fixtures/collection/kill-runs.js';
import { compareKeys, CRASH_AS_OF, CRASH_LEDGER, CRASH_NOW, doubled, written, type Written } from '../test/fixtures/collection/run-process.js';
import { finishSenders, killSendersAtRandom } from '../test/fixtures/outbox/kill-senders.js';
import { emailFor } from '../test/fixtures/outbox/outbox-ledger.js';
import { startSmtpTestServer } from '../test/fixtures/outbox/smtp-test-server.js';
import { startPostgres, type PostgresServer } from '../test/support/postgres-server.js';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const KILLS_PER_EPISODE = 20;
const kills = Number(option('kills') ?? 100);
const seed = Number(option('seed') ?? Math.floor(Math.random() * 2 ** 31));
const engines: Engine[] = option('engine') ? [option('engine') as Engine] : ['sqlite', 'postgres'];
const WORKERS: Record<Engine, number> = { sqlite: 1, postgres: 2 };
// Emails queued per sending worker beside the run's messages: the queue still flows at the 20th kill.
const EMAILS_PER_WORKER = 80;

/** mulberry32: a small seeded generator, so the soak's choices replay from the printed seed. */
function seeded(start: number): () => number {
  let state = start >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
const random = seeded(seed);

let postgres: PostgresServer | undefined;
let databases = 0;
async function freshUrl(engine: Engine): Promise<string> {
  if (engine === 'sqlite') return `sqlite:${join(mkdtempSync(join(tmpdir(), 'relance-soak-')), 'relance.db')}`;
  postgres ??= await startPostgres();
  const name = `soak_${process.pid}_${(databases += 1)}`;
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgres.url);
  url.pathname = `/${name}`;
  return url.toString();
}

async function loadedLedger(engine: Engine): Promise<string> {
  const url = await freshUrl(engine);
  const db = await openDatabase(url);
  await loadDemo(db, CRASH_LEDGER);
  await db.close();
  return url;
}

interface Figures {
  engine: Engine;
  workers: number;
  episodes: number;
  runKills: number;
  runStarts: number;
  actionsExpected: number;
  actionsWritten: number;
  actionsLost: number;
  actionsDuplicated: number;
  /** Actions written that an uninterrupted run does not write. */
  actionsExtra: number;
  messagesQueuedLost: number;
  messagesQueuedTwice: number;
  sendKills: number;
  sendKillsMidBatch: number;
  sendStarts: number;
  messagesExpected: number;
  messagesSent: number;
  messagesSentTwice: number;
  messagesLost: number;
  /** Handed to the channel by a worker that then died: held for a person to check, never resent. */
  messagesUnknown: number;
  messagesUnknownDelivered: number;
  /** Workers that ended by themselves with an error. */
  workerErrors: string[];
  seconds: number;
}

async function soak(engine: Engine): Promise<Figures> {
  const startedAt = performance.now();
  const workers = WORKERS[engine];
  const episodes = Math.ceil(kills / KILLS_PER_EPISODE);
  const figures: Figures = {
    engine, workers, episodes, runKills: 0, runStarts: 0, actionsExpected: 0, actionsWritten: 0, actionsLost: 0, actionsDuplicated: 0, actionsExtra: 0,
    messagesQueuedLost: 0, messagesQueuedTwice: 0, sendKills: 0, sendKillsMidBatch: 0, sendStarts: 0, messagesExpected: 0, messagesSent: 0,
    messagesSentTwice: 0, messagesLost: 0, messagesUnknown: 0, messagesUnknownDelivered: 0, workerErrors: [], seconds: 0,
  };
  const noteErrors = (exits: { code: number | null; stderr: string }[]) => {
    for (const exit of exits) if (exit.code !== 0 || exit.stderr) figures.workerErrors.push(`exit ${exit.code}: ${exit.stderr.trim()}`);
  };

  const referenceUrl = await loadedLedger(engine);
  const referenceDb = await openDatabase(referenceUrl);
  const [referenceOrganization] = await listOrganizations(referenceDb);
  const referenceStarted = performance.now();
  await runCollection(referenceDb, referenceOrganization!, { asOf: CRASH_AS_OF, now: new Date(CRASH_NOW), send: false });
  const runMs = performance.now() - referenceStarted;
  const reference: Written = await written(referenceDb);
  await referenceDb.close();

  for (let episode = 1; episode <= episodes; episode += 1) {
    const episodeKills = Math.min(KILLS_PER_EPISODE, kills - (episode - 1) * KILLS_PER_EPISODE);
    const databaseUrl = await loadedLedger(engine);

    const runs = await killRunsAtRandom({ databaseUrl, workers, kills: episodeKills, expectedActions: reference.actions.length, runMs, random });
    noteErrors(runs.finished);
    noteErrors(await finishRuns(databaseUrl, workers));
    figures.runKills += runs.killed;
    figures.runStarts += runs.starts;

    const db = await openDatabase(databaseUrl, { migrate: false });
    const after = await written(db);
    const actions = compareKeys(reference.actionKeys, after.actionKeys);
    const queued = compareKeys(reference.messageKeys, after.messageKeys);
    const twice = doubled(after);
    figures.actionsExpected += reference.actionKeys.length;
    figures.actionsWritten += after.actionKeys.length;
    figures.actionsLost += actions.missing.length;
    figures.actionsExtra += actions.extra.length;
    figures.actionsDuplicated += twice.steps.length;
    figures.messagesQueuedLost += queued.missing.length;
    figures.messagesQueuedTwice += twice.messages.length;

    // The run's messages (emails, letters, texts) and more emails, all due now.
    const [organization] = await listOrganizations(db);
    const customer = await db.kysely.selectFrom('customers').select('id').where('organization_id', '=', organization!.id).orderBy('external_ref').executeTakeFirstOrThrow();
    await inTransaction(db, async (tx) => {
      for (let n = 1; n <= EMAILS_PER_WORKER * workers; n += 1) {
        await enqueueMessage(tx, organization!.id, emailFor(customer.id, n, { actionId: `soak-${episode}-${n}`, notBefore: '2020-01-01T00:00:00Z' }));
      }
    });
    await db.kysely.updateTable('outbox_messages').set({ not_before: '2020-01-01T00:00:00.000Z' }).execute();
    await db.close();

    const smtp = await startSmtpTestServer(() => 'accept', { answerDelayMs: 15 });
    const outboxDir = mkdtempSync(join(tmpdir(), 'relance-soak-outbox-'));
    const senders = await killSendersAtRandom({ databaseUrl, smtpUrl: smtp.url, received: smtp.received, workers, kills: episodeKills, windowMs: 400, random, outboxDir });
    noteErrors(senders.finished);
    noteErrors(await finishSenders(databaseUrl, smtp.url, workers, outboxDir));
    await smtp.close();
    figures.sendKills += senders.killed;
    figures.sendKillsMidBatch += senders.killedMidBatch;
    figures.sendStarts += senders.starts;

    const check = await openDatabase(databaseUrl, { migrate: false });
    const rows = await check.kysely.selectFrom('outbox_messages').select(['message_id', 'channel', 'status', 'document_path']).execute();
    await check.close();
    const arrivals = new Map<string, number>();
    for (const mail of smtp.received) arrivals.set(mail.messageId, (arrivals.get(mail.messageId) ?? 0) + 1);
    figures.messagesExpected += rows.length;
    for (const row of rows) {
      // An email arrived at the SMTP server; a letter or a text was kept as a file for a person.
      const times = row.channel === 'email' ? (arrivals.get(row.message_id) ?? 0) : row.document_path && existsSync(row.document_path) ? 1 : 0;
      if (times > 1) figures.messagesSentTwice += 1;
      if (row.status === 'unknown') {
        figures.messagesUnknown += 1;
        if (times > 0) figures.messagesUnknownDelivered += 1;
      } else if (times > 0 && (row.status === 'sent' || row.status === 'kept')) figures.messagesSent += 1;
      // Not delivered and not held for a person, or marked delivered when it was not: the queue lost it.
      else figures.messagesLost += 1;
    }
    // Mail the SMTP server received for no row of the queue would be a message out of nowhere.
    const known = new Set(rows.map((row) => row.message_id));
    figures.messagesLost += [...arrivals.keys()].filter((id) => !known.has(id)).length;
    process.stderr.write(`${engine}: episode ${episode}/${episodes} done, ${figures.runKills} run kills, ${figures.sendKills} sending kills, ${Math.round((performance.now() - startedAt) / 1000)} s\n`);
  }
  figures.seconds = Math.round((performance.now() - startedAt) / 1000);
  return figures;
}

process.stderr.write(`seed ${seed}\n`);
const results: Figures[] = [];
try {
  for (const engine of engines) results.push(await soak(engine));
} finally {
  await postgres?.stop();
}
console.log(
  JSON.stringify(
    {
      seed,
      command: `npx tsx bench/crash-soak.ts ${process.argv.slice(2).join(' ')}`.trim(),
      results,
      machine: `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    },
    null,
    2,
  ),
);
const broken = results.some((r) => r.messagesSentTwice + r.messagesLost + r.actionsLost + r.actionsDuplicated + r.actionsExtra + r.messagesQueuedLost + r.messagesQueuedTwice > 0 || r.workerErrors.length > 0);
process.exit(broken ? 1 : 0);
