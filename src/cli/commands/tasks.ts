import { Option, type Command } from 'commander';
import { AppError } from '../../core/app-error.js';
import { CALL_OUTCOMES, type CallOutcomeKind } from '../../core/collection/call-attempts.js';
import { getTask, listTasks } from '../../adapters/db/stores/collection-tasks.js';
import { completeTaskWithOutcome } from '../../app/collection/complete-task.js';
import { DISPUTE_REASONS } from '../../adapters/db/stores/collection-pauses.js';
import { decideApproval } from '../../app/collection/decide-approval.js';
import { recordCallOutcome, type CallOutcomeInput } from '../../app/collection/record-call-outcome.js';
import { withContext } from '../context.js';
import { publicUrlFrom } from '../../http/origin-check.js';

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

/** Decides each task in turn; one that fails is named and the others still go. Fails at the end if any did. */
async function decideEach(ids: readonly string[], decide: (id: string) => Promise<{ action: { step_id: string; retry_on: string | null }; result: string; note: string | null }>): Promise<void> {
  const failures: string[] = [];
  for (const id of ids) {
    try {
      const outcome = await decide(id);
      const until = outcome.result === 'rejected' && outcome.action.retry_on ? `, proposed again on ${outcome.action.retry_on}` : '';
      process.stdout.write(`${id}: step ${outcome.action.step_id} ${outcome.result}${outcome.note ? ` (${outcome.note})` : ''}${until}\n`);
    } catch (error) {
      if (ids.length === 1) throw error;
      failures.push(`${id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (failures.length > 0) throw new AppError('conflict', `${failures.length} of ${ids.length} tasks could not be decided:\n${failures.join('\n')}`);
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
  task
    .command('approve <ids...>')
    .description('approve held steps: their messages are queued for the next business-hours slot')
    .option('--note <text>', 'why')
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (ids: string[], opts: { note?: string; org?: string }) => {
      const now = new Date();
      await withContext(opts.org, async ({ db, organization }) => {
        await decideEach(ids, (id) => decideApproval(db, organization, id, { approve: true, note: opts.note ?? null }, { now, portalLinks: { base: publicUrlFrom(process.env.PUBLIC_URL) } }));
      });
    });
  task
    .command('reject <ids...>')
    .description('reject held steps: not sent; the case stays where it is for the hold, then the step is proposed again')
    .requiredOption('--reason <text>', 'why the step is rejected (kept on the case)')
    .option('--hold-days <days>', 'days before the step is proposed again (default: the setting, 30)', (v) => Number(v))
    .option('--go-on', 'go on without this step instead: the next step follows')
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (ids: string[], opts: { reason: string; holdDays?: number; goOn?: boolean; org?: string }) => {
      const now = new Date();
      await withContext(opts.org, async ({ db, organization }) => {
        const decision = { approve: false, note: opts.reason, ...(opts.holdDays !== undefined ? { holdDays: opts.holdDays } : {}), ...(opts.goOn ? { goOn: true } : {}) };
        await decideEach(ids, (id) => decideApproval(db, organization, id, decision, { now }));
      });
    });
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
      const now = new Date();
      await withContext(opts.org, async ({ db, organization }) => {
        const result = await recordCallOutcome(db, organization, id, callOutcomeInput(opts), { now });
        process.stdout.write(`Task ${id} done: ${result.task.outcome}\n`);
        if (result.retryTask) process.stdout.write(`Next attempt: task ${result.retryTask.id}, due ${result.retryTask.due_on}\n`);
      });
    });
}
