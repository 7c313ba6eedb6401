import type { Command } from 'commander';
import { runCollection, type CollectionRunReport } from '../../app/collection/run-collection.js';
import type { PlannedAction } from '../../app/collection/record-step-decision.js';
import { withContext } from '../context.js';
import { parseCliDate } from '../options.js';
import { publicUrlFrom } from '../../http/origin-check.js';
import { runAgencyFromCli } from './agency-run.js';

/**
 * Prints a run as it goes: each action is written when decided and then dropped, so a run over
 * a ledger of a hundred thousand customers keeps no list of them in memory.
 */
interface RunPrinter {
  action(action: PlannedAction): void;
  end(report: CollectionRunReport): void;
}

/** Stdout in 64 KiB writes: tens of thousands of small writes cost more than the run's planning. */
function bufferedStdout() {
  let pending = '';
  return {
    write(text: string) {
      pending += text;
      if (pending.length >= 65_536) this.flush();
    },
    flush() {
      if (pending.length > 0) process.stdout.write(pending);
      pending = '';
    },
  };
}

function textPrinter(dryRun: boolean): RunPrinter {
  const out = bufferedStdout();
  let printed = 0;
  let counted = 0;
  return {
    action(action) {
      if (!action.created && !dryRun) return;
      if (printed === 0) out.write(dryRun ? 'Collection run (dry run: nothing written)\n' : 'Collection run\n');
      printed += 1;
      if (action.status !== 'skipped') counted += 1;
      out.write(
        `  ${action.customer_reference.padEnd(10)} ${action.step_id.padEnd(22)} ${action.channel.padEnd(18)} ${action.status.padEnd(18)} ${`${action.balance.amount} ${action.balance.currency}`.padStart(14)}  ${action.invoice_numbers.join(', ')}\n`,
      );
      out.write(`  ${''.padEnd(10)} ${action.reason.en}${action.note ? ` (${action.note})` : ''}\n`);
    },
    end(report) {
      if (printed === 0) out.write(`Collection run${report.dry_run ? ' (dry run: nothing written)' : ''}\n  nothing to do\n`);
      for (const error of report.errors) out.write(`  ${error.customer_reference.padEnd(10)} not planned: ${error.message}\n`);
      const sending = report.sending ? `; messages sent ${report.sending.sent + report.sending.kept}, cancelled ${report.sending.cancelled}, failed ${report.sending.failed}` : '';
      out.write(`Run for ${report.as_of}: ${report.customers} customers, ${counted} actions, ${report.cases_opened} cases opened, ${report.cases_closed} closed, ${report.tasks_created} tasks${sending}\n`);
      out.flush();
    },
  };
}

/** One JSON object, the same as the API's report: the actions array is streamed, the totals follow it. */
function jsonPrinter(): RunPrinter {
  const out = bufferedStdout();
  let first = true;
  const indent = (text: string) => text.replace(/\n/g, '\n    ');
  return {
    action(action) {
      out.write(`${first ? '{\n  "actions": [\n    ' : ',\n    '}${indent(JSON.stringify(action, null, 2))}`);
      first = false;
    },
    end(report) {
      const { actions: _none, ...rest } = report;
      const totals = JSON.stringify(rest, null, 2).slice(1);
      out.write(`${first ? '{\n  "actions": [' : '\n  '}],${totals}\n`);
      out.flush();
    },
  };
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
        if (organization.kind === 'agency') return runAgencyFromCli(db, organization, opts);
        const printer = opts.json ? jsonPrinter() : textPrinter(opts.dryRun === true);
        const report = await runCollection(db, organization, {
          ...(opts.asOf !== undefined ? { asOf: parseCliDate(opts.asOf, '--as-of') } : {}),
          now: new Date(),
          dryRun: opts.dryRun === true,
          onAction: (action) => printer.action(action),
          portalBase: publicUrlFrom(process.env.PUBLIC_URL),
        });
        printer.end(report);
        // One line each on stderr, so the printed actions and the JSON stay clean to pipe.
        for (const warning of report.warnings) process.stderr.write(`relance: warning: ${warning.message}\n`);
      });
    });
}
