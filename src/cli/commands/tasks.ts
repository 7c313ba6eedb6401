import type { Command } from 'commander';
import { AppError } from '../../core/app-error.js';
import { completeTask, getTask, listTasks } from '../../adapters/db/stores/collection-tasks.js';
import { decideApproval } from '../../app/collection/decide-approval.js';
import { withContext } from '../context.js';

/** `relance task`: the work the collection run leaves for people (calls, approvals, hand-offs, disputes). */
export function registerTasks(program: Command): void {
  const task = program.command('task').description('work for people: calls, approvals, hand-offs, disputes, owner notices');
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
    .description('close a task with its outcome (a call made, a hand-off sent)')
    .requiredOption('--outcome <text>', 'what came of it')
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (id: string, opts: { outcome: string; org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        const found = await getTask(db, organization.id, id);
        if (!found) throw new AppError('not_found', `no task ${id}`, { field: 'id' });
        if (found.kind === 'approval') throw new AppError('validation_failed', 'an approval task is answered with "relance task approve" or "relance task reject"');
        await completeTask(db, organization.id, id, opts.outcome);
        process.stdout.write(`Task ${id} done\n`);
      });
    });
}
