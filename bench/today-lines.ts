/**
 * Today with thousands of lines, in this process (no HTTP): a copy of a bench ledger gets
 * `--lines` open tasks due (calls, approvals of held steps, disputes, deliveries, hand-offs…),
 * two per customer with something overdue, and the standing the daily run keeps for those
 * customers; then `getWorklist` is asked for the first page (25 lines), a page deep in the list
 * and the counts alone (the dashboard's call), `--runs` times each after 3 warm-up calls.
 * Prints wall time p50 / p95 and CPU time p50 / p95 of each, the load average, and a digest of
 * each answer, so that two versions of the code measured on the same copy can be seen to answer
 * the same. Nothing here asserts a time.
 *
 *   npx tsx bench/today-lines.ts [--ledger /tmp/t-ledger.db] [--from FILE] [--lines 5000] [--runs 20] [--as-of 2025-07-01]
 *   npx tsx bench/today-lines.ts --postgres-cluster DIR [--from CLUSTER-DIR] …
 *   … --no-migrate   (an older checkout, on a copy the current code has migrated)
 *
 * `--from` is copied to `--ledger` (or to the cluster directory) when that does not exist yet;
 * the tasks and standings are added once, and reused as they are on the next call. Never point
 * `--ledger` or `--postgres-cluster` at a ledger under bench/output: they are written to.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { constants, copyFileSync, existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { openDatabase, type Db } from '../src/adapters/db/database.js';
import { newId } from '../src/adapters/db/ids.js';
import type { CollectionTaskRow, CustomerRow, OrganizationRow } from '../src/adapters/db/schema.js';
import { getCollectionSettings } from '../src/adapters/db/stores/collection-settings.js';
import { listOrganizations } from '../src/adapters/db/stores/organizations.js';
import { loadPlanningContext, planCustomers, PLANNING_BATCH_SIZE } from '../src/app/collection/plan-customer-collection.js';
import { getWorklist, keepWorklistStandings, type WorklistFilter } from '../src/app/worklist/get-worklist.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { startPostgres } from '../test/support/postgres-server.js';
import { option, percentile } from './bench-ledger.js';

const lines = Number(option('lines', '5000'));
const runs = Number(option('runs', '20'));
const asOf = option('as-of', '2025-07-01') as PlainDate;
const from = option('from', '');
const cluster = option('postgres-cluster', '');
const ledger = option('ledger', '/tmp/t-ledger.db');
const KEY = 'bench-today:';
const DUE_DAYS = ['2025-06-16', '2025-06-20', '2025-06-24', '2025-06-27', '2025-07-01'];
const KINDS = ['call', 'call', 'approval', 'call', 'dispute', 'approval', 'delivery', 'handoff', 'call', 'owner_notice', 'small_claim', 'approval'] as const;

/** Open tasks due, two per customer with something overdue, and those customers' standings for the day. */
async function addLines(db: Db, organization: OrganizationRow): Promise<void> {
  const present = await db.kysely.selectFrom('collection_tasks').select((eb) => eb.fn.countAll().as('n')).where('organization_id', '=', organization.id).where('dedupe_key', 'like', `${KEY}%`).executeTakeFirstOrThrow();
  if (Number(present.n) >= lines) return;
  const started = performance.now();
  const owing = await db.kysely
    .selectFrom('invoices')
    .select('customer_id')
    .distinct()
    .where('organization_id', '=', organization.id)
    .where('open_minor', '>', 0)
    .where('due_date', '<', asOf)
    .orderBy('customer_id')
    .limit(Math.ceil(lines / 2))
    .execute();
  const ids = owing.map((row) => row.customer_id);
  const context = await loadPlanningContext(db, organization, await getCollectionSettings(db, organization.id));
  const heldSteps = new Map<string, string>();
  for (let start = 0; start < ids.length; start += PLANNING_BATCH_SIZE) {
    const batch = ids.slice(start, start + PLANNING_BATCH_SIZE);
    const customers: CustomerRow[] = await db.kysely.selectFrom('customers').selectAll().where('organization_id', '=', organization.id).where('id', 'in', batch).execute();
    await keepWorklistStandings(db, organization, await planCustomers(db, context, customers, asOf), new Date(`${asOf}T04:00:00Z`));
    const actions = await db.kysely.selectFrom('collection_actions').select(['customer_id', 'id']).where('organization_id', '=', organization.id).where('customer_id', 'in', batch).execute();
    for (const action of actions) heldSteps.set(action.customer_id, action.id);
  }
  const users = await db.kysely.selectFrom('users').select('id').where('organization_id', '=', organization.id).execute();
  const tasks: CollectionTaskRow[] = [];
  for (let n = 0; n < lines; n += 1) {
    const customerId = ids[n % ids.length]!;
    const kind = KINDS[n % KINDS.length]!;
    const actionId = kind === 'approval' ? (heldSteps.get(customerId) ?? null) : null;
    tasks.push({
      id: newId(), organization_id: organization.id, customer_id: customerId, case_id: null, action_id: actionId, kind, step_id: null, dedupe_key: `${KEY}${n}`, status: 'open',
      title_en: `Bench ${kind} ${n}`, title_fr: `Banc ${kind} ${n}`, detail: null, due_on: DUE_DAYS[n % DUE_DAYS.length]!,
      assignee_user_id: n % 5 === 0 && users.length > 0 ? users[n % users.length]!.id : null, outcome: null, created_on: '2025-06-20', created_at: '2025-06-20T08:00:00.000Z',
      completed_at: null, attempt: kind === 'call' ? 1 + (n % 3) : 1, call_outcome: null, stake_minor: 0,
    });
  }
  for (let start = 0; start < tasks.length; start += 200) await db.kysely.insertInto('collection_tasks').values(tasks.slice(start, start + 200)).execute();
  console.log(`added ${tasks.length} tasks over ${ids.length} customers, with their standings, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function measure(name: string, work: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 3; i += 1) await work();
  const walls: number[] = [];
  const cpus: number[] = [];
  let answer: unknown;
  for (let i = 0; i < runs; i += 1) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    answer = await work();
    walls.push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1000);
  }
  walls.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  const digest = createHash('sha256').update(JSON.stringify(answer)).digest('hex').slice(0, 12);
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  console.log(`| ${name} | ${ms(percentile(walls, 50))} / ${ms(percentile(walls, 95))} | ${ms(percentile(cpus, 50))} / ${ms(percentile(cpus, 95))} | ${digest} |`);
}

async function main(): Promise<void> {
  let stop = async () => {};
  let url = `sqlite:${ledger}`;
  if (cluster) {
    if (!existsSync(cluster)) execFileSync('cp', ['-a', from, cluster]);
    const server = await startPostgres({ keepIn: cluster });
    url = server.url;
    stop = () => server.stop();
  } else if (!existsSync(ledger)) {
    copyFileSync(from, ledger, constants.COPYFILE_FICLONE);
  }
  // An older version of the code is measured on a copy the newer one migrated: `--no-migrate`.
  const db = await openDatabase(url, { migrate: !process.argv.includes('--no-migrate') });
  try {
    const organization = (await listOrganizations(db))[0]!;
    await addLines(db, organization);
    const counts = await getWorklist(db, organization, asOf, { limit: 0 });
    console.log(`${db.engine}, ${counts.total} lines as of ${asOf}, load average ${loadavg().map((load) => load.toFixed(1)).join(' ')}`);
    console.log('| call | wall p50 / p95 | CPU p50 / p95 | answer |\n| --- | --- | --- | --- |');
    const ask = (filter: WorklistFilter) => () => getWorklist(db, organization, asOf, filter);
    await measure('first page (25 lines)', ask({ limit: 25, offset: 0 }));
    await measure('a page at the middle', ask({ limit: 25, offset: Math.floor(counts.total / 2) }));
    await measure('calls only, first page', ask({ limit: 25, offset: 0, kind: 'call' }));
    await measure('counts (limit 0)', ask({ limit: 0 }));
    console.log(`load average after: ${loadavg().map((load) => load.toFixed(1)).join(' ')}`);
  } finally {
    await db.close();
    await stop();
  }
}

await main();
