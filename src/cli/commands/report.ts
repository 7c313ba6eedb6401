import type { Command } from 'commander';
import { getAgingReport } from '../../app/get-aging-report.js';
import { parseCliDate } from '../options.js';
import { withContext } from '../context.js';
import { printAgingTable } from '../print-aging.js';

export function registerReport(program: Command): void {
  const report = program.command('report').description('print a report');
  report
    .command('aging')
    .description('open balance per customer, by age (not due, 1-30, 31-60, 61-90, over 90 days)')
    .option('--json', 'print JSON, amounts as decimal strings')
    .option('--as-of <date>', 'date of the report (YYYY-MM-DD), default today in the organization time zone')
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (opts: { json?: boolean; asOf?: string; org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        const asOf = opts.asOf === undefined ? undefined : parseCliDate(opts.asOf, '--as-of');
        const result = await getAgingReport(db, organization.id, { ...(asOf ? { asOf } : {}), now: new Date() });
        if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else printAgingTable(result);
      });
    });
}
