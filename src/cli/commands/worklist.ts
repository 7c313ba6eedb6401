import { InvalidArgumentError, Option, type Command } from 'commander';
import { AppError } from '../../core/app-error.js';
import { formatMoneyForPeople, parseAmount } from '../../core/money.js';
import { todayIn } from '../../core/plain-date.js';
import { WORK_KINDS, type WorkKind } from '../../core/worklist/rank-worklist.js';
import { listUsers, normalizeEmail } from '../../adapters/db/stores/users.js';
import { getWorklist, RANKING_RULE, type WorkOwner } from '../../app/worklist/get-worklist.js';
import type { Db } from '../../adapters/db/database.js';
import { withContext } from '../context.js';
import { parseCliDate } from '../options.js';

interface WorklistOptions {
  json?: boolean;
  mine?: boolean;
  user?: string;
  owner?: string;
  kind?: WorkKind;
  segment?: string;
  limit: number;
  offset: number;
  asOf?: string;
  org?: string;
}

function wholeNumber(text: string): number {
  if (!/^\d{1,7}$/.test(text)) throw new InvalidArgumentError('a whole number, like 20');
  return Number(text);
}

async function userIdOf(db: Db, organizationId: string, email: string, option: string): Promise<string> {
  const user = (await listUsers(db, organizationId)).find((candidate) => candidate.email === normalizeEmail(email));
  if (!user) throw new AppError('not_found', `no user with the email ${email} in this organization`, { field: option });
  return user.id;
}

async function ownerOf(db: Db, organizationId: string, opts: WorklistOptions): Promise<WorkOwner | undefined> {
  if (opts.mine) {
    const email = opts.user ?? process.env.RELANCE_USER;
    if (!email) throw new AppError('validation_failed', '--mine needs to know who you are: give --user EMAIL or set RELANCE_USER', { field: '--user' });
    return userIdOf(db, organizationId, email, '--user');
  }
  if (opts.owner === undefined) return undefined;
  if (opts.owner === 'unassigned') return null;
  return userIdOf(db, organizationId, opts.owner, '--owner');
}

/** `relance worklist`: today's work for people, ranked by expected cash impact, as on the Today page. */
export function registerWorklist(program: Command): void {
  program
    .command('worklist')
    .description("today's work for people (approvals, calls, broken promises, disputes, failed deliveries…), ranked by expected cash impact")
    .option('--json', 'print JSON, as GET /api/worklist answers')
    .option('--mine', 'only the work of the user named by --user or RELANCE_USER')
    .option('--user <email>', 'who "--mine" means (default: RELANCE_USER)')
    .option('--owner <email>', 'only the work of this user, or "unassigned" for work nobody is responsible for')
    .addOption(new Option('--kind <kind>', 'only one kind of work').choices([...WORK_KINDS]))
    .option('--segment <segment>', "only customers of this segment")
    .option('--limit <n>', 'lines per page', wholeNumber, 50)
    .option('--offset <n>', 'lines to skip', wholeNumber, 0)
    .option('--as-of <date>', 'the day (YYYY-MM-DD), default today in the organization time zone')
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (opts: WorklistOptions) => {
      await withContext(opts.org, async ({ db, organization }) => {
        const owner = await ownerOf(db, organization.id, opts);
        const asOf = opts.asOf === undefined ? todayIn(organization.time_zone, new Date()) : parseCliDate(opts.asOf, '--as-of');
        const list = await getWorklist(db, organization, asOf, {
          ...(owner !== undefined ? { owner } : {}),
          ...(opts.kind ? { kind: opts.kind } : {}),
          ...(opts.segment ? { segment: opts.segment } : {}),
          limit: opts.limit,
          offset: opts.offset,
        });
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ ...list, ranking_rule: RANKING_RULE }, null, 2)}\n`);
          return;
        }
        const money = (json: { amount: string; currency: string }) => {
          const reading = parseAmount(json.amount, json.currency);
          return 'minor' in reading ? formatMoneyForPeople(reading.minor, json.currency, 'en-GB') : `${json.amount} ${json.currency}`;
        };
        for (const [index, line] of list.items.entries()) {
          const late = line.days_late === 1 ? '1 day late' : `${line.days_late} days late`;
          process.stdout.write(`${String(list.offset + index + 1).padStart(3)}. ${line.customer.name} (${line.customer.reference})  ${money(line.amount)}  ${late}  ${line.risk.level} risk\n`);
          process.stdout.write(`     ${line.why.en}\n     ${line.ranking.en}\n`);
          if (line.task_id) process.stdout.write(`     task ${line.task_id}\n`);
        }
        if (list.total === 0) process.stdout.write('nothing needs a person today\n');
        else process.stdout.write(`${list.items.length} of ${list.total} lines, from ${list.offset + 1}. ${RANKING_RULE.en}\n`);
      });
    });
}
