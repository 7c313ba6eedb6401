import type { Command } from 'commander';
import { AppError } from '../../core/app-error.js';
import type { SimulationReport } from '../../app/simulation/replay-collection.js';
import { DEFAULT_SIMULATION_SEED, runSimulation } from '../../app/simulation/run-simulation.js';
import { withContext } from '../context.js';
import { parseCliDate } from '../options.js';

function wholeNumber(text: string, option: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min || n > max) {
    throw new AppError('validation_failed', `${option} takes a whole number from ${min} to ${max}, got "${text}"`, { field: option });
  }
  return n;
}

function printSummary(report: SimulationReport): void {
  const out: string[] = [];
  const line = (label: string, value: string | number | null) => out.push(`  ${label.padEnd(34)} ${value ?? 'n/a'}`);
  out.push(`Simulation of ${report.organization.name}, ${report.from} to ${report.to} (${report.days} days, seed ${report.seed}${report.scenario ? `, scenario ${report.scenario} for every customer` : ''})`);
  out.push('Nothing was written to the database: the replay ran on a copy, since removed.');
  line('customers', report.customers);
  line('invoices overdue during the replay', report.overdue_invoices);
  line('invoices issued during the replay', report.invoices_issued);
  line('messages sent', `${report.messages_sent} (${Object.entries(report.messages_by_channel).map(([channel, n]) => `${channel} ${n}`).join(', ') || 'none'}; thank-yous ${report.thank_yous})`);
  line('messages per customer and month', `mean ${report.messages_per_customer_month.mean}, max ${report.messages_per_customer_month.max}`);
  line('same-day double contacts', report.same_day_double_contacts);
  line('reminders after payment', report.reminders_after_payment);
  line('tasks for a person', `${report.human_tasks} (${report.human_tasks_per_100_overdue} per 100 overdue invoices)`);
  line('pre-due reminders reached', report.pre_due_reach === null ? null : `${Math.round(report.pre_due_reach * 100)} %`);
  line('first contact of overdue customers', Object.entries(report.first_contacts).map(([step, n]) => `${step} ${n}`).join(', ') || 'none');
  line('overdue customers never contacted', report.overdue_customers_not_contacted);
  line('formal notices', report.formal_notices);
  line('hand-offs', report.handoffs);
  line('disputes, promises opened', `${report.disputes_opened}, ${report.promises_made}`);
  line('DSO at start, at end (days)', `${report.dso.start ?? 'n/a'}, ${report.dso.end ?? 'n/a'}`);
  out.push('  cash collected per week:');
  for (const week of report.cash_collected) out.push(`    ${week.week_start}  ${week.amount.padStart(14)} ${week.currency}`);
  if (report.errors.length > 0) {
    out.push('  refused by the product during the replay:');
    for (const error of report.errors) out.push(`    ${error}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('replay the coming days on a copy of the ledger: the real collection run and sending each day, customers paying as their history says; the database is not written')
    .option('--days <n>', 'number of days to replay', '90')
    .option('--from <date>', 'first day replayed (YYYY-MM-DD), default today in the organization time zone')
    .option('--scenario <id>', 'set this scenario by hand on every customer of the copy')
    .option('--seed <n>', 'seed of the customers\' behaviour: the same seed gives the same figures', String(DEFAULT_SIMULATION_SEED))
    .option('--json', 'print the figures as JSON')
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (opts: { days: string; from?: string; scenario?: string; seed: string; json?: boolean; org?: string }) => {
      const days = wholeNumber(opts.days, '--days', 1, 366);
      const seed = wholeNumber(opts.seed, '--seed', 0, 4_294_967_295);
      const from = opts.from === undefined ? undefined : parseCliDate(opts.from, '--from');
      await withContext(opts.org, async ({ db, organization }) => {
        const report = await runSimulation(db, organization, { days, seed, ...(from ? { from } : {}), scenarioId: opts.scenario ?? null, now: new Date() });
        if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else printSummary(report);
      });
    });
}
