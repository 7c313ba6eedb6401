/**
 * The import benchmark: a million invoices of 100,000 customers, written as CSV by the demo
 * generator, then imported into a fresh SQLite file by `relance import invoices` itself, run
 * as a child process under `/usr/bin/time -v` for its peak resident memory.
 *
 *   npx tsx bench/import-invoices.ts [--invoices N] [--customers N] [--reuse]
 *
 * `--reuse` keeps an existing bench/output/demo/invoices.csv instead of generating it again.
 * The figures go by hand into docs/performance.md; nothing here asserts a time.
 */
import { spawn } from 'node:child_process';
import { existsSync, rmSync, statSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { writeDemoCsv } from '../src/app/demo/write-demo-csv.js';
import { openDatabase } from '../src/adapters/db/database.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import type { PlainDate } from '../src/core/plain-date.js';

const root = join(import.meta.dirname, '..');
const output = join(root, 'bench', 'output');

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const invoices = option('invoices', 1_000_000);
const customers = option('customers', 100_000);
const reuse = process.argv.includes('--reuse');
const csvDir = join(output, 'demo');
const csvPath = join(csvDir, 'invoices.csv');
const dbPath = join(output, 'import-bench.db');

async function main(): Promise<void> {
  if (!reuse || !existsSync(csvPath)) {
    const started = performance.now();
    process.stderr.write(`writing ${invoices.toLocaleString('en')} invoices of ${customers.toLocaleString('en')} customers to ${csvDir}\n`);
    await writeDemoCsv(csvDir, { customers, invoices, seed: 20250630, asOf: '2025-06-30' as PlainDate });
    process.stderr.write(`  written in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
  const db = await openDatabase(`sqlite:${dbPath}`);
  await createOrganization(db, { name: 'Bench', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
  await db.close();

  const first = await runImport();
  process.stdout.write(first.stdout);
  // The same file again: every row is found already present and nothing is written.
  const second = await runImport();
  process.stdout.write(second.stdout);
  process.stdout.write(
    [
      '',
      `file: ${csvPath} (${(statSync(csvPath).size / 1024 / 1024).toFixed(1)} MB, ${invoices} invoices, ${customers} customers)`,
      `first import: ${first.seconds.toFixed(1)} s (${Math.round(invoices / first.seconds).toLocaleString('en')} invoices/s), peak RSS ${first.peak}`,
      `same file again: ${second.seconds.toFixed(1)} s, peak RSS ${second.peak}`,
      `database: ${(statSync(dbPath).size / 1024 / 1024).toFixed(0)} MB`,
      `machine: ${cpus().length} cores, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, node ${process.version}`,
      '',
    ].join('\n'),
  );
}

/** Runs `relance import invoices` as a user would, under /usr/bin/time when available. */
async function runImport(): Promise<{ stdout: string; seconds: number; peak: string }> {
  const hasTime = existsSync('/usr/bin/time');
  const cli = [process.execPath, join(root, 'bin', 'relance.mjs'), 'import', 'invoices', csvPath];
  const [command, ...args] = hasTime ? ['/usr/bin/time', '-v', ...cli] : cli;
  process.stderr.write(`running: DATABASE_URL=sqlite:${dbPath} ${cli.slice(1).join(' ')}\n`);
  const started = performance.now();
  const child = spawn(command!, args, { env: { ...process.env, DATABASE_URL: `sqlite:${dbPath}` }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) {
    process.stderr.write(stdout + stderr);
    throw new Error(`the import exited with ${code}`);
  }
  const peakKb = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1];
  return { stdout, seconds, peak: peakKb ? `${(Number(peakKb) / 1024).toFixed(0)} MB` : 'n/a (no /usr/bin/time)' };
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
