/**
 * How fast the pages of the web app get their data on a large ledger: the demo bench ledger
 * (the one bench/collection-run.ts generates, reused with `--reuse`) served by `relance serve`
 * as a child process, and, from this process over loopback, the requests each page makes on
 * load, asked one after the other (after 3 warm-up requests): p50, p95, p99 and max of each.
 * The pages that make several requests at once (a customer's page, the dashboard) are also
 * asked as the browser does, all of their requests together: "page" is the time until the
 * last one answered.
 *
 *   npx tsx bench/page-speed.ts [--customers N] [--invoices N] [--reuse] [--postgres] [--requests 100]
 *                               [--timeout-seconds 120] [--budget-seconds 300] [--days 1]
 *                               [--keep-ledger FILE] [--only NAME,NAME]
 *
 * A request not answered within the time limit is abandoned and shows as "> 120 s"; the requests
 * to one endpoint stop after the first such one, or once its budget of time is spent (the
 * figures then say how many were made). On SQLite the server runs on a copy of the ledger.
 * Before serving, the collection runs for the days after the ledger ends, so that the Today list
 * holds the work a collector finds after that many days away: `--days 1` runs it once for
 * 2025-07-01 (`relance run`); more days replay the collection day after day from 2025-07-01 in
 * this process (the replay of `relance simulate`: the real run, the sending pass, customers
 * paying, promising and disputing), nobody working the tasks, so approvals, calls, disputes and
 * broken promises wait on Today, which is then asked as of the last day. On PostgreSQL with
 * `--reuse`, the days already run on the cluster are kept (with one day, the run made when the
 * cluster was first measured). `--keep-ledger FILE` (SQLite) keeps the prepared copy in FILE, and reuses it
 * as it is when FILE exists, so that two versions of the code are measured on the same ledger.
 * `--only` measures only the rows whose name contains one of the words given (`--only Today,dashboard`).
 * The daily collection run never starts while measuring: the day (and the next) is marked as
 * already run for the organization before the server starts, and the customers' figures of the
 * day are kept then, as the schedule's first check of the day keeps them. Prints a table and writes the
 * figures to bench/output/page-speed-<engine>-<customers>.json; nothing here asserts a time.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/adapters/db/database.js';
import { claimDailyRun } from '../src/adapters/db/stores/collection-runs.js';
import { keepCustomerFigures, keptFiguresDay } from '../src/adapters/db/stores/customer-figures.js';
import { listOrganizations } from '../src/adapters/db/stores/organizations.js';
import { localMomentOf } from '../src/app/collection/local-time.js';
import { replayCollection } from '../src/app/simulation/replay-collection.js';
import { addDays, type PlainDate } from '../src/core/plain-date.js';
import { agent, benchLedger, call, option, percentile, removeSqlite, serveRelance, signIn } from './bench-ledger.js';

const root = join(import.meta.dirname, '..');
const output = join(root, 'bench', 'output');
const customers = Number(option('customers', '100000'));
const invoices = Number(option('invoices', '1000000'));
const requests = Number(option('requests', '100'));
const timeoutMs = Number(option('timeout-seconds', '120')) * 1000;
const budgetMs = Number(option('budget-seconds', '300')) * 1000;
const reuse = process.argv.includes('--reuse');
const onPostgres = process.argv.includes('--postgres');
// One day by default, as before: a replay of many days on the full ledger takes hours.
const days = Number(option('days', '1'));
const keptLedger = option('keep-ledger', '');
const only = option('only', '')
  .split(',')
  .map((word) => word.trim().toLowerCase())
  .filter((word) => word !== '');
const engine = onPostgres ? 'postgres' : 'sqlite';
const email = 'demo@relance.example';
const password = 'bench-password-2026';
const WARM_UP = 3;
const RUN_ON: PlainDate = '2025-07-01' as PlainDate;
const SLOW_WARM_UP_MS = 5_000;

/** Runs the CLI of this checkout to completion. */
async function relance(args: readonly string[], databaseUrl: string, env: Record<string, string> = {}): Promise<string> {
  process.stderr.write(`running: DATABASE_URL=${databaseUrl} relance ${args.join(' ')}\n`);
  const started = performance.now();
  const child = spawn(process.execPath, [join(root, 'bin', 'relance.mjs'), ...args], { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl, SMTP_URL: '', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  if (code !== 0) throw new Error(`relance ${args[0]} exited with ${code}:\n${stdout}`);
  process.stderr.write(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return stdout;
}

/**
 * Marks today and tomorrow (the organization's days) as already run, so the schedule leaves the
 * measure alone, and keeps the customers' figures of today, as the schedule's first check does.
 */
async function holdDailyRun(databaseUrl: string): Promise<void> {
  const db = await openDatabase(databaseUrl);
  try {
    for (const organization of await listOrganizations(db)) {
      const today = localMomentOf(new Date(), organization.time_zone).date;
      for (const day of [today, addDays(today, 1)]) await claimDailyRun(db, organization.id, day);
      if ((await keptFiguresDay(db, organization.id)) === today) continue;
      const started = performance.now();
      await keepCustomerFigures(db, organization.id, today);
      process.stderr.write(`customer figures of ${today} kept for ${organization.name} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    }
  } finally {
    await db.close();
  }
}

/** The days of collection after the ledger's end that are not yet run on the database. */
async function daysToRun(databaseUrl: string): Promise<PlainDate[]> {
  const db = await openDatabase(databaseUrl);
  try {
    const runs = await db.kysely.selectFrom('collection_runs').select('run_on').execute();
    const done = new Set(runs.map((row) => row.run_on));
    const wanted = Array.from({ length: days }, (_, index) => addDays(RUN_ON, index));
    const first = wanted.findIndex((day) => !done.has(day));
    return first < 0 ? [] : wanted.slice(first);
  } finally {
    await db.close();
  }
}

/**
 * Runs the collection for the days after the ledger's end: once with `relance run` for one day,
 * else the replay day after day, nobody working the tasks, so that Today holds their backlog.
 */
async function collectDays(databaseUrl: string, outboxDir: string): Promise<void> {
  if (days === 1) {
    // On PostgreSQL with --reuse, the run made when the cluster was first measured is kept.
    if (onPostgres && reuse) return;
    const summary = (await relance(['run', '--as-of', RUN_ON], databaseUrl, { OUTBOX_DIR: outboxDir })).trim().split('\n').at(-1);
    process.stderr.write(`  ${summary}\n`);
    return;
  }
  const todo = await daysToRun(databaseUrl);
  if (todo.length === 0) return;
  const db = await openDatabase(databaseUrl);
  try {
    for (const organization of await listOrganizations(db)) {
      process.stderr.write(`replaying the collection of ${organization.name} from ${todo[0]} for ${todo.length} days, nobody working the tasks\n`);
      const started = performance.now();
      const report = await replayCollection(db, organization, { days: todo.length, from: todo[0]!, seed: 1, personAbsentFrom: todo[0]!, label: 'page-speed' });
      process.stderr.write(`  done in ${((performance.now() - started) / 1000).toFixed(0)} s: ${report.messages_sent} messages, ${report.human_tasks} tasks, ${report.promises_made} promises, ${report.disputes_opened} disputes, ${report.payments} payments${report.errors.length > 0 ? `; errors: ${report.errors.join('; ')}` : ''}\n`);
      for (const day of todo) await claimDailyRun(db, organization.id, day);
    }
  } finally {
    await db.close();
  }
}

interface Figures {
  name: string;
  paths: string[];
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Some request was not answered within the time limit. */
  timedOut: boolean;
}

function figuresOf(name: string, paths: string[], times: number[], timedOut: boolean): Figures {
  const sorted = [...times].sort((a, b) => a - b);
  return { name, paths, requests: times.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN, timedOut };
}

/**
 * Asks `paths` together (one path: alone), `requests` times after the warm-up, each round after
 * the previous one answered; the time of each round is until its last answer.
 */
async function measure(base: string, cookie: string, name: string, paths: string[]): Promise<Figures> {
  process.stderr.write(`measuring ${name}\n`);
  const times: number[] = [];
  const began = performance.now();
  for (let round = 0; round < WARM_UP + requests; round += 1) {
    const started = performance.now();
    const answers = await Promise.all(paths.map((path) => call(base, 'GET', path, { cookie, timeoutMs })));
    const ms = performance.now() - started;
    if (answers.some((answer) => answer.timedOut)) return figuresOf(name, paths, [...times, ms], true);
    const failed = answers.find((answer) => answer.status !== 200);
    if (failed) throw new Error(`${name}: ${paths[answers.indexOf(failed)]} answered ${failed.status}: ${failed.body.slice(0, 300)}`);
    if (round >= WARM_UP) times.push(ms);
    // A slow endpoint is warm after one request; its budget goes to measured ones.
    else if (ms > SLOW_WARM_UP_MS) round = WARM_UP - 1;
    if (times.length > 0 && performance.now() - began > budgetMs) break;
  }
  return figuresOf(name, paths, times, false);
}

function ms(value: number, timedOut: boolean): string {
  if (timedOut) return `> ${timeoutMs / 1000} s`;
  return value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(0)} ms`;
}

function table(rows: readonly Figures[]): string {
  const lines = [['', 'requests', 'p50', 'p95', 'p99', 'max'], ...rows.map((row) => [row.name, String(row.requests), ms(row.p50, false), ms(row.p95, false), ms(row.p99, false), ms(row.max, row.timedOut)])];
  const widths = lines[0]!.map((_, column) => Math.max(...lines.map((line) => line[column]!.length)));
  return lines.map((line) => line.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')).join('\n');
}

/** "FR27571141340" as a person types it from a letter head: "FR 27 571 141 340". */
function spaced(vat: string): string {
  return `${vat.slice(0, 2)} ${vat.slice(2, 4)} ${vat.slice(4).replace(/(\d{3})(?=\d)/g, '$1 ')}`.trim();
}

async function main(): Promise<void> {
  // A prepared ledger kept earlier is measured as it is: the bench ledger it came from is neither read nor generated.
  const prepared = !onPostgres && keptLedger !== '' && existsSync(keptLedger);
  const ledger = prepared
    ? { databaseUrl: `sqlite:${keptLedger}`, file: undefined, stop: async () => {} }
    : await benchLedger({ output, customers, invoices, reuse, postgres: onPostgres, load: relance });
  let databaseUrl = ledger.databaseUrl;
  // Its own name: two measures at once do not share a copy.
  const copy = join(output, `page-speed-${customers}-${process.pid}.db`);
  const outboxDir = mkdtempSync(join(tmpdir(), 'relance-bench-outbox-'));
  try {
    if (ledger.file) {
      removeSqlite(copy);
      if (!prepared) copyFileSync(ledger.file, copy);
      databaseUrl = `sqlite:${prepared ? keptLedger : copy}`;
    }
    await relance(['users', 'set-password', '--email', email, '--password', password], databaseUrl);
    if (!prepared) await collectDays(databaseUrl, outboxDir);
    if (ledger.file && keptLedger !== '' && !prepared) {
      copyFileSync(copy, keptLedger);
      process.stderr.write(`the prepared ledger is kept in ${keptLedger}\n`);
    }
    await holdDailyRun(databaseUrl);
    const { child, base } = await serveRelance(root, { DATABASE_URL: databaseUrl, OUTBOX_DIR: outboxDir });
    try {
      await run(base);
    } finally {
      child.kill('SIGTERM');
      agent.destroy();
    }
  } finally {
    rmSync(outboxDir, { recursive: true, force: true });
    if (ledger.file) removeSqlite(copy);
    await ledger.stop();
  }
}

async function run(base: string): Promise<void> {
  const cookie = await signIn(base, email, password);
  const listQuery = 'sort=overdue&order=desc&limit=25&offset=0';
  // The customer measured: the first of the list sorted by overdue, as a collector opens it.
  const first = await call(base, 'GET', `/api/customers?${listQuery}`, { cookie, timeoutMs });
  if (first.timedOut || first.status !== 200) throw new Error(`the customer list answered ${first.timedOut ? 'nothing in time' : first.status}`);
  const top = (JSON.parse(first.body) as { items: { id: string; name: string }[] }).items[0];
  if (!top) throw new Error('the ledger has no customer');
  const customerPath = `/api/customers/${encodeURIComponent(top.id)}`;
  const detail = JSON.parse((await call(base, 'GET', customerPath, { cookie })).body) as { name: string; vat_id: string | null };
  // A search for part of a name (its first word, lower case) and for a VAT number typed with spaces.
  const nameFragment = detail.name.split(' ')[0]!.toLowerCase().slice(0, 6);
  const vat = spaced(detail.vat_id ?? 'FR00000000000');

  // How much work the Today list holds: its figure means little on an empty list.
  // After days of collection, Today is asked as of the last one, as the collector sees it that
  // morning (the server's clock says another day): the run of that day kept its figures.
  const todayQuery = days > 1 ? `as_of=${addDays(RUN_ON, days - 1)}&` : '';
  const todayList = JSON.parse((await call(base, 'GET', `/api/worklist?${todayQuery}limit=0`, { cookie })).body) as { total: number; counts: Record<string, number> };
  const todayLines = todayList.total;
  const todayKinds = Object.entries(todayList.counts)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${count} ${kind}`)
    .join(', ');

  const customerPage = [
    customerPath,
    `${customerPath}/open-items`,
    `${customerPath}/collection`,
    `${customerPath}/contact-log`,
    `${customerPath}/timeline?limit=20&offset=0`,
    `${customerPath}/late-fees`,
    `${customerPath}/statement`,
    '/api/me',
    '/api/users',
  ];
  const dashboard = [`/api/reports/aging?${todayQuery}sort=overdue&limit=10`, `/api/worklist?${todayQuery}limit=0`];
  const rows: Figures[] = [];
  const add = async (name: string, paths: string[]) => {
    if (only.length > 0 && !only.some((word) => name.toLowerCase().includes(word))) return;
    rows.push(await measure(base, cookie, name, paths));
    process.stderr.write(`${table(rows.slice(-1))}\n`);
  };
  await add('health (floor)', ['/api/health']);
  await add('Today: worklist', [`/api/worklist?${todayQuery}limit=25&offset=0`]);
  await add('customers sorted by overdue', [`/api/customers?${listQuery}`]);
  await add(`search "${nameFragment}"`, [`/api/customers?search=${encodeURIComponent(nameFragment)}&${listQuery}`]);
  await add(`search "${vat}"`, [`/api/customers?search=${encodeURIComponent(vat)}&${listQuery}`]);
  for (const path of customerPage) await add(`customer: ${path.replace(customerPath, '…')}`, [path]);
  await add('customer page (together)', customerPage);
  for (const path of dashboard) await add(`dashboard: ${path}`, [path]);
  await add('dashboard page (together)', dashboard);

  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim();
  const machine = { cores: cpus().length, memory_gib: Math.round(totalmem() / 1024 ** 3), load_average: loadavg().map((value) => Number(value.toFixed(2))), node: process.version };
  const file = join(output, `page-speed-${engine}-${customers}.json`);
  writeFileSync(file, `${JSON.stringify({ engine, customers, invoices, requests, timeout_ms: timeoutMs, commit, customer: top.id, days, today_lines: todayLines, today_counts: todayList.counts, measured_at: new Date().toISOString(), machine, endpoints: rows }, null, 2)}\n`);
  process.stdout.write(
    [
      '',
      `${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${customers} customers, ${invoices} invoices; ${requests} requests each, one after the other, after ${WARM_UP} warm-up requests`,
      `commit ${commit}; ${days} day${days === 1 ? '' : 's'} of collection; Today holds ${todayLines} lines (${todayKinds || 'none'}); the customer measured is ${top.id} (first by overdue)`,
      table(rows),
      `machine: ${machine.cores} cores, ${machine.memory_gib} GiB, load average ${machine.load_average.join(' ')}, node ${machine.node}`,
      `written to ${file}`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
