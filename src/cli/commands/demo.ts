import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { AppError } from '../../core/app-error.js';
import { addDays, todayIn, type PlainDate } from '../../core/plain-date.js';
import { DEMO_DEFAULTS, DEMO_ORGANIZATION } from '../../app/demo/demo-organization.js';
import { describeDemoUsers } from '../../app/demo/describe-demo-users.js';
import type { DemoOptions } from '../../app/demo/generate-ledger.js';
import { describeDemoHistory } from '../../app/demo/describe-demo-history.js';
import { DEMO_HISTORY_DAYS, loadDemoWithHistory } from '../../app/demo/play-demo-history.js';
import { writeDemoCsv } from '../../app/demo/write-demo-csv.js';
import { openCliDatabase } from '../context.js';
import { parseCliDate } from '../options.js';

interface DemoCommandOptions {
  customers: string;
  invoices: string;
  seed: string;
  asOf?: string;
  csv?: string;
  historyDays?: string;
}

/** "1000000" or "1_000_000". */
function parseCount(text: string, option: string): number {
  const compact = text.trim().replace(/_/g, '');
  if (!/^\d+$/.test(compact) || !Number.isSafeInteger(Number(compact))) {
    throw new AppError('validation_failed', `${option} takes a whole number, got "${text}"`, { field: option });
  }
  return Number(compact);
}

const count = (n: number) => n.toLocaleString('en-US');

/** A progress bar on a terminal for runs long enough to want one; nothing otherwise. */
function progressBar(total: number): { update(done: number): void; stop(): void } {
  if (!process.stdout.isTTY || total < 50_000) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar({ format: '  {bar} {value}/{total} invoices', hideCursor: true }, cliProgress.Presets.shades_classic);
  bar.start(total, 0);
  return { update: (done) => bar.update(done), stop: () => bar.stop() };
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(`load the demo organization "${DEMO_ORGANIZATION.name}" (a fictional IT consulting firm) with 18 months of invoices and payments, or write that ledger as CSV files`)
    .option('--customers <n>', 'number of customers', String(DEMO_DEFAULTS.customers))
    .option('--invoices <n>', 'number of invoices', String(DEMO_DEFAULTS.invoices))
    .option('--seed <n>', 'seed of the generator: the same seed gives the same data', String(DEMO_DEFAULTS.seed))
    .option('--as-of <date>', `last day of the generated history (YYYY-MM-DD), default today in ${DEMO_ORGANIZATION.timeZone}`)
    .option(
      '--history-days <n>',
      `days of collection played before today, so the demo opens on work to do (0: none); ${DEMO_HISTORY_DAYS} by default, 0 with --as-of (with both, the history ends the day before DATE)`,
    )
    .option('--csv <dir>', 'write customers.csv, invoices.csv, credit-notes.csv and payments.csv into DIR instead of loading a database')
    .action(async (opts: DemoCommandOptions) => {
      const asOf: PlainDate = opts.asOf === undefined ? todayIn(DEMO_ORGANIZATION.timeZone, new Date()) : parseCliDate(opts.asOf, '--as-of');
      const options: DemoOptions = {
        customers: parseCount(opts.customers, '--customers'),
        invoices: parseCount(opts.invoices, '--invoices'),
        seed: parseCount(opts.seed, '--seed'),
        asOf,
      };
      const out = process.stdout;
      const bar = progressBar(options.invoices);
      if (opts.csv !== undefined) {
        const files = await writeDemoCsv(opts.csv, options, bar.update).finally(() => bar.stop());
        out.write(`Wrote the demo ledger (seed ${options.seed}, as of ${asOf}):\n`);
        for (const file of Object.values(files)) out.write(`  ${file.path}  ${count(file.rows)} rows\n`);
        return;
      }
      const historyDays = opts.historyDays !== undefined ? parseCount(opts.historyDays, '--history-days') : opts.asOf === undefined ? DEMO_HISTORY_DAYS : 0;
      const db = await openCliDatabase();
      try {
        const loaded = await loadDemoWithHistory(db, { ...options, historyDays, today: asOf, withAgency: true }, bar.update).finally(() => bar.stop());
        const c = loaded.counts;
        out.write(`Loaded the demo organization "${loaded.organizationName}" into ${db.description} (seed ${options.seed}, as of ${addDays(asOf, -historyDays)}):\n`);
        out.write(
          `  ${count(c.customers)} customers, ${count(c.invoices)} invoices, ${count(c.creditNotes)} credit notes, ` +
            `${count(c.payments)} payments, ${count(c.allocations)} allocations\n`,
        );
        if (loaded.disputeCandidates.length) {
          const shown = loaded.disputeCandidates.slice(0, 5).join(', ');
          out.write(`  ${count(loaded.disputeCandidates.length)} invoices left unpaid by customers who contest them (${shown}${loaded.disputeCandidates.length > 5 ? ', …' : ''})\n`);
        }
        if (loaded.history) for (const line of describeDemoHistory(loaded.history)) out.write(`${line}\n`);
        for (const line of describeDemoUsers(loaded.users)) out.write(`${line}\n`);
        out.write(`Sign in with ${loaded.login.email} / ${loaded.login.password}\n`);
      } finally {
        await db.close();
      }
    });
}
