import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { AppError } from '../../core/app-error.js';
import { isLateInterestLaw } from '../../core/late-fees-policy.js';
import type { LateInterestLaw } from '../../core/late-interest.js';
import { addLatePaymentRate } from '../../app/add-late-payment-rate.js';
import { listRatesInUse, type RateListEntry } from '../../app/get-late-payment-rates.js';
import { withContext } from '../context.js';

function lawOption(text: string | undefined): LateInterestLaw | undefined {
  if (text === undefined) return undefined;
  const law = text.trim().toLowerCase();
  if (!isLateInterestLaw(law)) throw new AppError('validation_failed', `--law must be fr, be, de or eu, got "${text}"`, { field: '--law' });
  return law;
}

function whoRunsThis(): string {
  try {
    return `command line (${userInfo().username})`;
  } catch {
    return 'command line';
  }
}

function printRates(entries: RateListEntry[]): void {
  const rows = [['law', 'from', 'rate %', 'origin', 'source'], ...entries.map((e) => [e.law, e.from, e.rate, e.origin.replace('_', '-'), e.added_by ? `${e.source} (added by ${e.added_by})` : e.source.split('; ')[0]!])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const lines = rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : i === 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  '));
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function registerRates(program: Command): void {
  const rates = program.command('rates').description("late-payment rates per half-year: the built-in table and the organization's additions");

  rates
    .command('list')
    .description('list the half-year rates in use, built-in and added')
    .option('--law <law>', 'only this law: fr, be, de or eu')
    .option('--json', 'print JSON')
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (opts: { law?: string; json?: boolean; org?: string }) => {
      const law = lawOption(opts.law);
      await withContext(opts.org, async ({ db, organization }) => {
        const entries = await listRatesInUse(db, organization.id, law ? { law } : {});
        if (opts.json) process.stdout.write(`${JSON.stringify({ items: entries }, null, 2)}\n`);
        else printRates(entries);
      });
    });

  rates
    .command('add')
    .description('add the rate of a half-year (1 January or 1 July) for the organization')
    .requiredOption('--law <law>', 'fr, be, de or eu')
    .requiredOption('--from <date>', 'first day of the half-year: YYYY-01-01 or YYYY-07-01')
    .requiredOption('--percent <rate>', 'percent per year, e.g. 12.15')
    .requiredOption('--source <text>', 'where the rate is published (journal notice, contract clause)')
    .option('--replace', 'change a half-year that already has a rate, built-in or added')
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (opts: { law: string; from: string; percent: string; source: string; replace?: boolean; org?: string }) => {
      const law = lawOption(opts.law)!;
      await withContext(opts.org, async ({ db, organization }) => {
        const row = await addLatePaymentRate(
          db,
          organization.id,
          { law, from: opts.from, percent: opts.percent, source: opts.source, replace: opts.replace ?? false, addedBy: whoRunsThis() },
          { from: '--from', percent: '--percent', source: '--source', replace: '--replace' },
        );
        process.stdout.write(`${organization.name}: the ${row.law} rate from ${row.from_date} is ${row.percent} % (${row.source})\n`);
      });
    });
}
