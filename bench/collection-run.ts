/**
 * The collection-run benchmark: a generated demo ledger in a SQLite file, then
 * `relance run --dry-run` over it, run as a child process under `/usr/bin/time -v` for its peak
 * resident memory; then, inside one process, the dry run against reading the same open invoices
 * with one plain query (`listOpenInvoices` over the whole organization).
 *
 *   npx tsx bench/collection-run.ts [--customers N] [--invoices N] [--as-of YYYY-MM-DD] [--reuse] [--postgres]
 *
 * `--reuse` keeps an existing database from an earlier run with the same sizes.
 * `--postgres` starts a PostgreSQL server of its own and measures there instead (its cluster is
 * kept under bench/output for `--reuse`).
 * The figures go by hand into docs/performance.md; nothing here asserts a time.
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/adapters/db/database.js';
import { listOpenInvoices } from '../src/adapters/db/stores/open-items.js';
import { listOrganizations } from '../src/adapters/db/stores/organizations.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { benchLedger, option } from './bench-ledger.js';

const root = join(import.meta.dirname, '..');
const output = join(root, 'bench', 'output');

const customers = Number(option('customers', '100000'));
const invoices = Number(option('invoices', '1000000'));
// The ledger ends on 2025-06-30; the run decides for the next day.
const asOf = option('as-of', '2025-07-01');
const reuse = process.argv.includes('--reuse');
const onPostgres = process.argv.includes('--postgres');
let databaseUrl = '';
let dbPath = '';

interface Measured {
  stdout: string;
  seconds: number;
  peak: string;
}

/** Runs the CLI as a user would, under /usr/bin/time when available. */
async function relance(args: readonly string[]): Promise<Measured> {
  const hasTime = existsSync('/usr/bin/time');
  const cli = [process.execPath, join(root, 'bin', 'relance.mjs'), ...args];
  const [command, ...rest] = hasTime ? ['/usr/bin/time', '-v', ...cli] : cli;
  process.stderr.write(`running: DATABASE_URL=${databaseUrl} relance ${args.join(' ')}\n`);
  const started = performance.now();
  const child = spawn(command!, rest, { env: { ...process.env, DATABASE_URL: databaseUrl, SMTP_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) {
    process.stderr.write(stdout + stderr);
    throw new Error(`relance ${args[0]} exited with ${code}`);
  }
  const peakKb = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1];
  return { stdout, seconds, peak: peakKb ? `${(Number(peakKb) / 1024).toFixed(0)} MB` : 'n/a (no /usr/bin/time)' };
}

/**
 * Inside one process, so neither side pays for starting Node: the plain read the run is
 * compared with (every open invoice of the organization, one query) and the dry run itself,
 * alternated twice on a warm database; the faster of each pair is kept.
 */
async function inProcess(): Promise<{ select: number; run: number; rows: number }> {
  const db = await openDatabase(databaseUrl);
  try {
    const [organization] = await listOrganizations(db);
    if (!organization) throw new Error(`${db.description} holds no organization`);
    let select = Infinity;
    let run = Infinity;
    let rows = 0;
    for (let round = 0; round < 2; round += 1) {
      let started = performance.now();
      rows = (await listOpenInvoices(db, organization.id)).length;
      select = Math.min(select, (performance.now() - started) / 1000);
      started = performance.now();
      // As the command does: each action handed on as decided, none kept.
      await runCollection(db, organization, { asOf: asOf as PlainDate, now: new Date(`${asOf}T05:00:00Z`), dryRun: true, onAction: () => {} });
      run = Math.min(run, (performance.now() - started) / 1000);
    }
    return { select, run, rows };
  } finally {
    await db.close();
  }
}

async function main(): Promise<void> {
  const ledger = await benchLedger({
    output,
    customers,
    invoices,
    reuse,
    postgres: onPostgres,
    load: async (args, url) => {
      databaseUrl = url;
      const load = await relance(args);
      process.stdout.write(`demo load: ${load.seconds.toFixed(1)} s, peak RSS ${load.peak}\n`);
    },
  });
  databaseUrl = ledger.databaseUrl;
  dbPath = ledger.file ?? '';
  try {
    await measure();
  } finally {
    await ledger.stop();
  }
}

async function measure(): Promise<void> {
  const run = await relance(['run', '--dry-run', '--as-of', asOf]);
  const summary = run.stdout.trim().split('\n').at(-1) ?? '';
  const measured = await inProcess();
  process.stdout.write(
    [
      '',
      `database: ${onPostgres ? 'PostgreSQL' : `${dbPath} (${(statSync(dbPath).size / 1024 / 1024).toFixed(0)} MB)`}, ${customers} customers, ${invoices} invoices`,
      `relance run --dry-run --as-of ${asOf} (the command, Node start included): ${run.seconds.toFixed(1)} s, peak RSS ${run.peak}`,
      `  ${summary}`,
      `in one process: listOpenInvoices (one query, ${measured.rows} open invoices) ${measured.select.toFixed(2)} s; runCollection dry run ${measured.run.toFixed(2)} s; ratio ${(measured.run / measured.select).toFixed(1)}x`,
      `command against the plain read: ${(run.seconds / measured.select).toFixed(1)}x`,
      `machine: ${cpus().length} cores, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, node ${process.version}`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
