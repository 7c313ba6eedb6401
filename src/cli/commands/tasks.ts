import { Option, type Command } from 'commander';
import { AppError } from '../../core/app-error.js';
import { CALL_OUTCOMES, type CallOutcomeKind } from '../../core/collection/call-attempts.js';
import { getTask, listTasks } from '../../adapters/db/stores/collection-tasks.js';
import { completeTaskWithOutcome } from '../../app/collection/complete-task.js';
import { DISPUTE_REASONS } from '../../adapters/db/stores/collection-pauses.js';
import { decideApproval } from '../../app/collection/decide-approval.js';
import { recordCallOutcome, type CallOutcomeInput } from '../../app/collection/record-call-outcome.js';
import { withContext } from '../context.js';

interface CallOutcomeOptions {
  outcome: CallOutcomeKind;
  note?: string;
  date?: string;
  grace?: number;
  invoice?: string[];
  reason?: string;
  retryIn?: number;
  org?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

function required<T>(value: T | undefined, option: string, outcome: string): T {
  if (value === undefined) throw new AppError('validation_failed', `${option} is required with --outcome ${outcome}`, { field: option });
  return value;
}

function callOutcomeInput(opts: CallOutcomeOptions): CallOutcomeInput {
  const note = opts.note ?? null;
  switch (opts.outcome) {
    case 'reached':
      return { outcome: 'reached', note: required(opts.note, '--note', 'reached') };
    case 'promise':
      return { outcome: 'promise', promisedOn: required(opts.date, '--date', 'promise'), ...(opts.grace !== undefined ? { graceDays: opts.grace } : {}), invoiceNumbers: opts.invoice ?? null, note };
    case 'dispute': {
      const invoices = required(opts.invoice, '--invoice', 'dispute');
      if (invoices.length !== 1) throw new AppError('validation_failed', 'a dispute is about one invoice: give --invoice once', { field: '--invoice' });
      return { outcome: 'dispute', invoiceNumber: invoices[0]!, reason: required(opts.reason, '--reason', 'dispute'), note };
    }
    case 'no_answer':
      return { outcome: 'no_answer', note, ...(opts.retryIn !== undefined ? { retryInDays: opts.retryIn } : {}) };
  }
}

/** `relance task`: the work the collection run leaves for people (calls, approvals, hand-offs, disputes). */
export function registerTasks(program: Command): void {
  const task = program.command('task').alias('tasks').description('work for people: calls, approvals, hand-offs, disputes, owner notices');
  task
    .command('list')
    .description('open tasks, oldest first')
    .option('--all', 'include done tasks')
    .option('--json', 'print JSON')
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (opts: { all?: boolean; json?: boolean; org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        const tasks = await listTasks(db, organization.id, opts.all ? {} : { status: 'open' });
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(tasks, null, 2)}\n`);
          return;
        }
        for (const t of tasks) process.stdout.write(`${t.id}  ${t.due_on}  ${t.kind.padEnd(12)} ${t.status.padEnd(6)} ${t.title_en}\n`);
        if (tasks.length === 0) process.stdout.write('no open task\n');
      });
    });
  for (const [name, approve] of [['approve', true], ['reject', false]] as const) {
    task
      .command(`${name} <id>`)
      .description(approve ? 'approve a held step: its message is queued for the next business-hours slot' : 'reject a held step: it is not sent')
      .option('--note <text>', 'why')
      .option('--org <name>', 'organization (id or name) when the database holds several')
      .action(async (id: string, opts: { note?: string; org?: string }) => {
        await withContext(opts.org, async ({ db, organization }) => {
          const outcome = await decideApproval(db, organization, id, { approve, note: opts.note ?? null });
          process.stdout.write(`Step ${outcome.action.step_id}: ${outcome.result}${outcome.note ? ` (${outcome.note})` : ''}\n`);
        });
      });
  }
  task
    .command('done <id>')
    .description('close a hand-off, owner notice or dispute task with what came of it (a call: call-outcome)')
    .requiredOption('--outcome <text>', 'what came of it')
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (id: string, opts: { outcome: string; org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        const found = await getTask(db, organization.id, id);
        if (!found) throw new AppError('not_found', `no task ${id}`, { field: 'id' });
        await completeTaskWithOutcome(db, found, opts.outcome, { approve: 'relance task approve|reject', callOutcome: 'relance task call-outcome' });
        process.stdout.write(`Task ${id} done\n`);
      });
    });
  task
    .command('call-outcome <id>')
    .description('record what came of a call: reached, a promise to pay, a dispute, or no answer (another attempt is planned)')
    .addOption(new Option('--outcome <outcome>', 'what came of the call').choices(CALL_OUTCOMES).makeOptionMandatory())
    .option('--note <text>', 'what was said (required when reached)')
    .option('--date <date>', 'promise: the promised payment date (YYYY-MM-DD)')
    .option('--grace <days>', 'promise: days of grace after the date', (v) => Number(v))
    .option('--invoice <number>', 'promise: an invoice it covers (repeat; default: every open invoice); dispute: the invoice disputed', collect)
    .addOption(new Option('--reason <reason>', 'dispute: why').choices(DISPUTE_REASONS))
    .option('--retry-in <days>', 'no answer: business days until the next attempt (default 2)', (v) => Number(v))
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (id: string, opts: CallOutcomeOptions) => {
      await withContext(opts.org, async ({ db, organization }) => {
        const result = await recordCallOutcome(db, organization, id, callOutcomeInput(opts));
        process.stdout.write(`Task ${id} done: ${result.task.outcome}\n`);
        if (result.retryTask) process.stdout.write(`Next attempt: task ${result.retryTask.id}, due ${result.retryTask.due_on}\n`);
      });
    });
}
