import { AppError } from '../core/app-error.js';
import { addDays, todayIn } from '../core/plain-date.js';
import { openDatabase, type Db } from '../adapters/db/database.js';
import { listOrganizations } from '../adapters/db/stores/organizations.js';
import { DEMO_DEFAULTS, DEMO_ORGANIZATION } from '../app/demo/demo-organization.js';
import { findDemoLogin } from '../app/demo/find-demo-login.js';
import { describeDemoUsers } from '../app/demo/describe-demo-users.js';
import { describeDemoHistory } from '../app/demo/describe-demo-history.js';
import { loadDemo } from '../app/demo/load-demo.js';
import { DEMO_HISTORY_DAYS, playDemoHistory, playDemoHistoryOnThread } from '../app/demo/play-demo-history.js';
import { scheduleDailyCollection } from '../app/collection/schedule-daily-collection.js';
import { DailyCollectionWorker } from '../app/collection/daily-collection-worker.js';
import { buildApp } from './build-app.js';
import { startInboundMail, type InboundMailConfig } from '../app/inbound/inbound-mail.js';

export interface ServerOptions {
  port: number;
  host: string;
  /** Load the demo into an empty database; the caller decides the default (see loadsDemo). */
  demo: boolean;
  databaseUrl: string | undefined;
  /** Always mark the session cookie Secure (TLS ends at a proxy that sends no X-Forwarded-Proto). */
  secureCookies: boolean;
  /** Believe X-Forwarded-For / X-Forwarded-Proto from the proxy in front (TRUST_PROXY). */
  trustProxy: boolean | string;
  /** The address people open Relance at (PUBLIC_URL); changes from its pages are accepted. */
  publicUrl?: string | undefined;
  /** Customers' replies: the SMTP receiver (INBOUND_SMTP_PORT) and the IMAP poll (IMAP_URL). */
  inboundMail?: InboundMailConfig;
}

interface DemoHistoryToPlay {
  start(): { done: Promise<void>; stop(): Promise<void> };
}

/**
 * A first start finds something to look at: the demo organization, up to today, with weeks of
 * collection behind it. The ledger is loaded here; the collection history is returned, to be
 * played while the server already answers (it takes a while on the default demo).
 */
async function loadDemoIntoEmptyDatabase(db: Db, now: Date, portalBase: string | undefined): Promise<DemoHistoryToPlay | null> {
  if ((await listOrganizations(db)).length > 0) return null;
  const out = process.stdout;
  const { customers, invoices, seed } = DEMO_DEFAULTS;
  out.write(
    `Empty database: loading the demo organization "${DEMO_ORGANIZATION.name}" ` +
      `(${customers} customers, ${invoices.toLocaleString('en-US')} invoices over 18 months, the last ${DEMO_HISTORY_DAYS} days with collection; "relance serve --no-demo" skips this)…\n`,
  );
  const started = Date.now();
  try {
    const today = todayIn(DEMO_ORGANIZATION.timeZone, now);
    const ledger = { customers, invoices, seed, asOf: addDays(today, -DEMO_HISTORY_DAYS) };
    const loaded = await loadDemo(db, { ...ledger, withAgency: true });
    out.write(`Demo loaded in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    for (const line of describeDemoUsers(loaded.users)) out.write(`${line}\n`);
    const options = { ...ledger, historyDays: DEMO_HISTORY_DAYS, today, portalBase };
    return {
      start() {
        out.write(`Playing the demo's last ${DEMO_HISTORY_DAYS} days of collection; Today fills in when it is done…\n`);
        const begun = Date.now();
        // On a thread of its own when the database can be opened twice (not in memory).
        const played = db.url ? playDemoHistoryOnThread(db.url, loaded.organizationId, options) : { history: playDemoHistory(db, loaded.organizationId, options), stop: async () => {} };
        const done = played.history.then((history) => {
          out.write(`Demo history played in ${((Date.now() - begun) / 1000).toFixed(1)} s:\n`);
          for (const line of describeDemoHistory(history)) out.write(`${line}\n`);
        });
        return { done, stop: played.stop };
      },
    };
  } catch (error) {
    // Another server starting on the same database got there first: its demo is as good.
    if (error instanceof AppError && error.code === 'conflict') return null;
    throw error;
  }
}

/** A server started by `startServer`: where it listens, and how to stop it without ending the process. */
export interface RunningServer {
  /** The base address, ending with a slash. */
  url: string;
  close(): Promise<void>;
}

/** The address a server listening on host and port is opened at, ending with a slash. */
function servedAt(host: string, port: number): string {
  return `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/`;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  // The one place the server reads the wall clock; everything below is given this clock.
  const clock = () => new Date();
  const db = await openDatabase(options.databaseUrl);
  // Messages link to the debtor page at PUBLIC_URL, else at the address served here (`npm start`).
  const portalBase = options.publicUrl ?? (options.port > 0 ? servedAt(options.host, options.port).replace(/\/$/, '') : undefined);
  let demoHistory: DemoHistoryToPlay | null = null;
  try {
    if (options.demo) demoHistory = await loadDemoIntoEmptyDatabase(db, clock(), portalBase);
  } catch (error) {
    await db.close();
    throw error;
  }
  const log = (line: string) => process.stdout.write(`${line}\n`);
  // The daily collection and the runs asked for through the API run on a thread of their own, so
  // requests are answered while they work (a database in memory cannot be shared: it stays here).
  const collection = db.url ? new DailyCollectionWorker(db.url, log, portalBase) : undefined;
  const app = await buildApp({
    db,
    now: clock,
    secureCookies: options.secureCookies,
    trustProxy: options.trustProxy,
    publicUrl: options.publicUrl,
    ...(collection ? { collectionRuns: collection.runCollection } : {}),
  });
  // The day's collection run at each organization's configured local time; after the demo's
  // history on a first start, so that today's run follows the days it played.
  let closing = false;
  let daily: { stop(): void } | undefined;
  let stopHistory = async () => {};
  let inboundMail: { close(): Promise<void> } | undefined;
  const startDaily = () => {
    if (!closing) daily = scheduleDailyCollection(db, { now: clock, log, portalBase, ...(collection ? { thread: collection } : {}) });
  };
  if (!demoHistory) startDaily();
  const close = async () => {
    closing = true;
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    daily?.stop();
    await stopHistory();
    await inboundMail?.close();
    await collection?.close();
    await app.close();
    await db.close();
  };
  const stop = async () => {
    await close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await app.listen({ port: options.port, host: options.host });
  if (options.inboundMail) inboundMail = await startInboundMail(db, options.inboundMail, { now: clock, log });
  // Stopped half-way, the demo keeps the days played so far: the daily run goes on from there.
  if (demoHistory) {
    const history = demoHistory.start();
    stopHistory = history.stop;
    void history.done.then(startDaily, (error: unknown) => {
      if (closing) return;
      log(`The demo's history stopped: ${error instanceof Error ? error.message : String(error)}`);
      startDaily();
    });
  }
  const organizations = await listOrganizations(db);
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = servedAt(options.host, port);
  process.stdout.write(`Relance is running at ${url}\n`);
  process.stdout.write(`Database: ${db.description} (${organizations.length} organization(s))\n`);
  // Printed on every start, not only the first, so the demo stays reachable without notes; the
  // password was printed once, at load, and is not kept in clear.
  const demo = await findDemoLogin(db);
  if (demo) {
    process.stdout.write(
      `Demo login (${demo.organizationName}): ${demo.email} with the password printed when the demo was loaded ` +
        `("relance users set-password --email ${demo.email}" makes a new one)\n`,
    );
  }
  return { url, close };
}
