/**
 * Whether `relance serve` keeps answering while long work runs: (a) the day's collection run
 * (POST /api/collection/runs, what the daily schedule runs) over a whole generated demo ledger,
 * and (b) a large CSV import through `POST /api/imports/invoices`. The ledger is the one
 * bench/collection-run.ts makes (reused), copied so every measure starts from the same data and
 * the generated one is never written to; `relance serve` is started on the copy as a child
 * process, once for the run and once again for the import; meanwhile, from this process,
 * `/api/health` and the Today list (`/api/worklist?limit=25&offset=0`, signed in) are asked one
 * after the other, each about every 50 ms, until the work has answered. Prints p50/p95/p99/max of
 * each, idle (a few seconds before the work) and during it.
 *
 *   npx tsx bench/server-while-running.ts [--customers N] [--invoices N] [--reuse] [--dry-run] [--root DIR] [--idle-seconds S]
 *     [--postgres] [--output DIR] [--copy FILE] [--reuse-copy] [--run-minutes M] [--as-of DATE] [--import-rows N] [--only run|import]
 *     [--probes health,today]
 *
 * `--reuse` keeps a ledger generated earlier with the same sizes; `--root` generates the ledger
 * and serves it with the Relance checkout in DIR (an older commit, in a `git worktree`, for a
 * figure before a change), under DIR/bench/output (`--output` elsewhere). `--copy` says where the
 * SQLite copy goes (a 1.5 GB ledger at 100,000 customers); `--reuse-copy` serves an existing copy
 * as it is, without the ledger it came from. `--as-of` is the day run (2025-07-01, the day after
 * the ledger ends, by default). `--postgres` serves the PostgreSQL ledger itself (the run and the import write to
 * it). `--run-minutes` stops measuring a run still going after M minutes (the server is stopped,
 * the run's unfinished work rolled back). `--import-rows` sizes the imported file (200,000
 * invoices by default, for new customers).
 * The figures go by hand into docs/performance.md; nothing here asserts a time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { constants, copyFileSync, createReadStream, createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { agent, benchLedger, call, option, percentile, removeSqlite, serveRelance, signIn, type Answer } from './bench-ledger.js';

const here = join(import.meta.dirname, '..');

const customers = Number(option('customers', '100000'));
const invoices = Number(option('invoices', '1000000'));
const served = resolve(option('root', here));
// The ledger is made and migrated by the checkout that serves it: an older one may not know the newer migrations.
const output = resolve(option('output', join(served, 'bench', 'output')));
const idleSeconds = Number(option('idle-seconds', '5'));
const reuse = process.argv.includes('--reuse');
const reuseCopy = process.argv.includes('--reuse-copy');
const dryRun = process.argv.includes('--dry-run');
const postgres = process.argv.includes('--postgres');
const copy = resolve(option('copy', join(output, `server-while-running-${customers}.db`)));
const runMinutes = Number(option('run-minutes', '0'));
// The day run: the day after the ledger ends; a later day on a copy that already ran that one.
const runOn = option('as-of', '2025-07-01');
const importRows = Number(option('import-rows', '200000'));
const only = option('only', 'both');
// `--probes health` leaves the Today list out: what the work itself costs the server's thread, without the list's own queries.
const PROBED = option('probes', 'health,today').split(',');
const password = 'bench-password-2026';
const email = 'demo@relance.example';
const PROBE_EVERY_MS = 50;
const TODAY_LIST = '/api/worklist?limit=25&offset=0';

/** Runs the CLI of the served checkout to completion. */
async function relance(args: readonly string[], databaseUrl: string): Promise<string> {
  process.stderr.write(`running: DATABASE_URL=${databaseUrl} relance ${args.join(' ')}\n`);
  const child = spawn(process.execPath, [join(served, 'bin', 'relance.mjs'), ...args], { cwd: served, env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  if (code !== 0) throw new Error(`relance ${args[0]} exited with ${code}:\n${stdout}`);
  return stdout;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Asks `path` again and again, about every 50 ms, until `until` says stop; the times it took. */
async function probe(base: string, path: string, cookie: string, until: () => boolean): Promise<number[]> {
  const times: number[] = [];
  while (!until()) {
    const answer = await call(base, 'GET', path, { cookie });
    if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}: ${answer.body}`);
    times.push(answer.ms);
    await sleep(PROBE_EVERY_MS);
  }
  return times;
}

function figures(label: string, times: readonly number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  return `${label}: ${times.length} requests, p50 ${ms(percentile(sorted, 50))}, p95 ${ms(percentile(sorted, 95))}, p99 ${ms(percentile(sorted, 99))}, max ${ms(sorted.at(-1) ?? NaN)}`;
}

/** Health and the Today list side by side (or only those `--probes` names) until `until`; their figures. */
async function measure(base: string, cookie: string, until: () => boolean, label: string): Promise<string[]> {
  const paths = PROBED.map((name) => (name === 'today' ? TODAY_LIST : '/api/health'));
  const times = await Promise.all(paths.map((path) => probe(base, path, cookie, until)));
  return paths.map((path, i) => figures(`${label} ${path}`, times[i]!));
}

const load = () => `load ${loadavg().map((n) => n.toFixed(2)).join(' ')}`;

/** A file of `rows` invoices for new customers, ten invoices each, in the ledger's currency. */
async function invoicesFile(dir: string, rows: number): Promise<string> {
  const path = join(dir, 'invoices.csv');
  const out = createWriteStream(path);
  out.write('number;customer;name;date;amount\n');
  for (let i = 1; i <= rows; i += 1) {
    const customer = Math.ceil(i / 10);
    if (!out.write(`BENCH-IMPORT-${i};BENCH-C${customer};Bench customer ${customer};2025-06-${String((i % 28) + 1).padStart(2, '0')};${(i % 5000) + 10},${String(i % 100).padStart(2, '0')}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return path;
}

/** Sends the file as the body of `POST path` and waits for the answer, however long it takes. */
function upload(base: string, path: string, file: string, cookie: string): Promise<Answer> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const req = request(new URL(path, base), { method: 'POST', headers: { 'content-type': 'text/csv', 'content-length': statSync(file).size, cookie } });
    req.on('response', (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => done({ status: response.statusCode ?? 0, body, headers: response.headers, ms: performance.now() - started }));
    });
    req.on('error', fail);
    createReadStream(file).pipe(req);
  });
}

/** `relance serve` on the database, signed in, warmed, its idle figures taken. */
async function serveSignedIn(databaseUrl: string, outboxDir: string): Promise<{ child: ChildProcess; base: string; cookie: string; idle: string[] }> {
  const { child, base } = await serveRelance(served, { DATABASE_URL: databaseUrl, OUTBOX_DIR: outboxDir });
  const cookie = await signIn(base, email, password);
  // Warm: the first Today list reads from a cold cache.
  for (let i = 0; i < 3; i += 1) await call(base, 'GET', TODAY_LIST, { cookie });
  const idleUntil = performance.now() + idleSeconds * 1000;
  const idle = await measure(base, cookie, () => performance.now() >= idleUntil, 'idle');
  return { child, base, cookie, idle };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** (a) The day's run over the whole ledger, or its first `--run-minutes`. */
async function duringTheRun(databaseUrl: string, outboxDir: string): Promise<string[]> {
  const { child, base, cookie, idle } = await serveSignedIn(databaseUrl, outboxDir);
  try {
    let running = true;
    let capped = false;
    const started = performance.now();
    const run = call(base, 'POST', '/api/collection/runs', { body: { as_of: runOn, ...(dryRun ? { dry_run: true } : {}) }, cookie }).finally(() => (running = false));
    const cap = runMinutes > 0 ? setTimeout(() => (capped = running), runMinutes * 60_000) : undefined;
    const during = await measure(base, cookie, () => !running || capped, 'during the run');
    const loadDuring = load();
    clearTimeout(cap);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (capped) return [`the run${dryRun ? ' (dry run)' : ''}: still going after ${runMinutes} min, measured that long (${loadDuring})`, ...idle, ...during];
    const answer = await run;
    if (answer.status !== 200) throw new Error(`the run answered ${answer.status}: ${answer.body}`);
    const report = JSON.parse(answer.body) as { customers: number; actions: unknown[]; tasks_created: number };
    return [`the run${dryRun ? ' (dry run)' : ''}: ${seconds} s, ${report.customers} customers, ${report.actions.length} actions, ${report.tasks_created} tasks (${loadDuring})`, ...idle, ...during];
  } finally {
    await stopServer(child);
  }
}

/** (b) A large invoices file through the synchronous import route. */
async function duringTheImport(databaseUrl: string, outboxDir: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'relance-bench-import-'));
  const { child, base, cookie, idle } = await serveSignedIn(databaseUrl, outboxDir);
  try {
    const file = await invoicesFile(dir, importRows);
    let running = true;
    const started = performance.now();
    const imported = upload(base, '/api/imports/invoices?file_name=bench-invoices.csv', file, cookie).finally(() => (running = false));
    const during = await measure(base, cookie, () => !running, 'during the import');
    const loadDuring = load();
    const answer = await imported;
    if (answer.status !== 200) throw new Error(`the import answered ${answer.status}: ${answer.body.slice(0, 2000)}`);
    const report = JSON.parse(answer.body) as { rows_read: number; created: { invoices: number; customers: number } };
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    return [`the import: ${seconds} s, ${report.rows_read} rows, ${report.created.invoices} invoices and ${report.created.customers} customers created (${loadDuring})`, ...idle, ...during];
  } finally {
    await stopServer(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  // A copy kept earlier is served as it is: the bench ledger it came from is neither read nor generated.
  const copied = !postgres && reuseCopy && existsSync(copy);
  const ledger = copied
    ? { databaseUrl: `sqlite:${copy}`, file: copy, stop: async () => {} }
    : await benchLedger({ output, customers, invoices, reuse, postgres, load: relance });
  let databaseUrl = ledger.databaseUrl;
  let source = `PostgreSQL, ${ledger.databaseUrl.replace(/:[^:@/]*@/, ':@')}`;
  if (ledger.file) {
    // The run and the import write: each measure starts from a copy, the generated ledger is never written to.
    if (!(reuseCopy && existsSync(copy))) {
      removeSqlite(copy);
      process.stderr.write(`copying ${ledger.file} to ${copy}\n`);
      copyFileSync(ledger.file, copy, constants.COPYFILE_FICLONE);
    }
    databaseUrl = `sqlite:${copy}`;
    source = `SQLite, a copy of ${ledger.file}`;
  }
  await relance(['users', 'set-password', '--email', email, '--password', password], databaseUrl);
  const outboxDir = mkdtempSync(join(tmpdir(), 'relance-bench-outbox-'));
  try {
    const lines = [
      '',
      `served by: ${served}`,
      `ledger: ${customers} customers, ${invoices} invoices (${source})`,
      `load before: ${load()}`,
      ...(only === 'import' ? [] : await duringTheRun(databaseUrl, outboxDir)),
      ...(only === 'run' ? [] : await duringTheImport(databaseUrl, outboxDir)),
      `machine: ${cpus().length} cores, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, node ${process.version}`,
      '',
    ];
    process.stdout.write(lines.join('\n'));
  } finally {
    agent.destroy();
    await ledger.stop();
    rmSync(outboxDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
