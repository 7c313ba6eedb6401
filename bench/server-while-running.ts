/**
 * Whether `relance serve` keeps answering while the day's collection run works: a generated demo
 * ledger in a SQLite file (the one bench/collection-run.ts makes, reused), copied so every
 * measure starts from the same data; `relance serve` started on the copy as a child process; the
 * collection run asked for (POST /api/collection/runs, what the daily schedule runs); and, from
 * this process, `/api/health` and the Today list (`/api/worklist`, signed in) asked one after the
 * other, each about every 50 ms, until the run has answered. Prints p50/p95/p99/max of each,
 * idle (a few seconds before the run) and during the run.
 *
 *   npx tsx bench/server-while-running.ts [--customers N] [--invoices N] [--reuse] [--dry-run] [--root DIR] [--idle-seconds S]
 *
 * `--reuse` keeps a ledger generated earlier with the same sizes; `--root` generates the ledger
 * and serves it with the Relance checkout in DIR (an older commit, in a `git worktree`, for a
 * figure before a change), under DIR/bench/output.
 * The figures go by hand into docs/performance.md; nothing here asserts a time.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { agent, benchLedger, call, option, percentile, removeSqlite, serveRelance, signIn } from './bench-ledger.js';

const here = join(import.meta.dirname, '..');

const customers = Number(option('customers', '100000'));
const invoices = Number(option('invoices', '1000000'));
const served = resolve(option('root', here));
// The ledger is made and migrated by the checkout that serves it: an older one may not know the newer migrations.
const output = join(served, 'bench', 'output');
const idleSeconds = Number(option('idle-seconds', '5'));
const reuse = process.argv.includes('--reuse');
const dryRun = process.argv.includes('--dry-run');
const copy = join(output, `server-while-running-${customers}.db`);
const password = 'bench-password-2026';
const email = 'demo@relance.example';
const PROBE_EVERY_MS = 50;

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

/** Health and the Today list side by side until `until`; their figures. */
async function measure(base: string, cookie: string, until: () => boolean, label: string): Promise<string[]> {
  const [health, worklist] = await Promise.all([probe(base, '/api/health', cookie, until), probe(base, '/api/worklist', cookie, until)]);
  return [figures(`${label} /api/health`, health), figures(`${label} /api/worklist`, worklist)];
}

async function main(): Promise<void> {
  const { file: ledger } = await benchLedger({ output, customers, invoices, reuse, postgres: false, load: relance });
  if (!ledger) throw new Error('the ledger is not in a SQLite file');
  // The run writes: each measure starts from the ledger as generated.
  removeSqlite(copy);
  await relance(['users', 'set-password', '--email', email, '--password', password], `sqlite:${ledger}`);
  copyFileSync(ledger, copy);
  const outboxDir = mkdtempSync(join(tmpdir(), 'relance-bench-outbox-'));
  const { child, base } = await serveRelance(served, { DATABASE_URL: `sqlite:${copy}`, OUTBOX_DIR: outboxDir });
  try {
    const cookie = await signIn(base, email, password);
    // Warm: the first Today list reads from a cold cache.
    for (let i = 0; i < 3; i += 1) await call(base, 'GET', '/api/worklist', { cookie });

    const idleUntil = performance.now() + idleSeconds * 1000;
    const idle = await measure(base, cookie, () => performance.now() >= idleUntil, 'idle');

    let running = true;
    const started = performance.now();
    const run = call(base, 'POST', '/api/collection/runs', { body: { as_of: '2025-07-01', ...(dryRun ? { dry_run: true } : {}) }, cookie }).finally(() => (running = false));
    const during = await measure(base, cookie, () => !running, 'during the run');
    const answer = await run;
    if (answer.status !== 200) throw new Error(`the run answered ${answer.status}: ${answer.body}`);
    const report = JSON.parse(answer.body) as { customers: number; actions: unknown[]; tasks_created: number };
    process.stdout.write(
      [
        '',
        `served by: ${served}`,
        `ledger: ${customers} customers, ${invoices} invoices (SQLite, a copy of ${ledger})`,
        `the run${dryRun ? ' (dry run)' : ''}: ${((performance.now() - started) / 1000).toFixed(1)} s, ${report.customers} customers, ${report.actions.length} actions, ${report.tasks_created} tasks`,
        ...idle,
        ...during,
        `machine: ${cpus().length} cores, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, node ${process.version}`,
        '',
      ].join('\n'),
    );
  } finally {
    child.kill('SIGTERM');
    agent.destroy();
    rmSync(outboxDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
