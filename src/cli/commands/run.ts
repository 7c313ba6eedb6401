import type { Command } from 'commander';
import { runCollection, type CollectionRunReport } from '../../app/collection/run-collection.js';
import { withContext } from '../context.js';
import { parseCliDate } from '../options.js';

function printReport(report: CollectionRunReport): void {
  const out = process.stdout;
  const fresh = report.actions.filter((action) => action.created || report.dry_run);
  const heading = report.dry_run ? `Collection run for ${report.as_of} (dry run: nothing written)` : `Collection run for ${report.as_of}`;
  out.write(`${heading}\n`);
  for (const action of fresh) {
    out.write(
      `  ${action.customer_reference.padEnd(10)} ${action.step_id.padEnd(22)} ${action.channel.padEnd(18)} ${action.status.padEnd(18)} ${`${action.balance.amount} ${action.balance.currency}`.padStart(14)}  ${action.invoice_numbers.join(', ')}\n`,
    );
    out.write(`  ${''.padEnd(10)} ${action.reason.en}${action.note ? ` (${action.note})` : ''}\n`);
  }
  if (fresh.length === 0) out.write('  nothing to do\n');
  for (const error of report.errors) out.write(`  ${error.customer_reference.padEnd(10)} not planned: ${error.message}\n`);
  const sending = report.sending ? `; messages sent ${report.sending.sent + report.sending.kept}, cancelled ${report.sending.cancelled}, failed ${report.sending.failed}` : '';
  out.write(
    `${report.customers} customers, ${fresh.filter((a) => a.status !== 'skipped').length} actions, ${report.cases_opened} cases opened, ${report.cases_closed} closed, ${report.tasks_created} tasks${sending}\n`,
  );
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run the collection: decide the step due for every customer, write the actions and send what is due')
    .option('--as-of <date>', 'day to run for (YYYY-MM-DD), default today in the organization time zone')
    .option('--dry-run', 'show what would be done, write and send nothing')
    .option('--json', 'print every planned action as JSON, amounts as decimal strings')
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (opts: { asOf?: string; dryRun?: boolean; json?: boolean; org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        const report = await runCollection(db, organization, {
          ...(opts.asOf !== undefined ? { asOf: parseCliDate(opts.asOf, '--as-of') } : {}),
          dryRun: opts.dryRun === true,
        });
        if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else printReport(report);
      });
    });
}
