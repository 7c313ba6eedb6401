/**
 * What one page of the task inbox costs when an organization has N customers (100,000 by
 * default), each with an open approval waiting on a step: the count, the first page and a deep
 * page, for each sort, through the query the API uses. A fresh SQLite file, or the PostgreSQL
 * database of BENCH_DATABASE_URL.
 *
 *   npx tsx bench/task-inbox-page.ts [--customers N]
 *   BENCH_DATABASE_URL=postgres://… npx tsx bench/task-inbox-page.ts
 *
 * The figures go by hand into docs/performance.md; nothing here asserts a time.
 */
import { rmSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/adapters/db/database.js';
import { newId, nowIso } from '../src/adapters/db/ids.js';
import type { CollectionActionRow, CollectionTaskRow, CustomerRow } from '../src/adapters/db/schema.js';
import { inTransaction } from '../src/adapters/db/stores/in-transaction.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { listTaskInboxPage, TASK_SORTS } from '../src/adapters/db/stores/task-inbox.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { medianTime } from './median-time.js';

const at = process.argv.indexOf('--customers');
const customers = at >= 0 ? Number(process.argv[at + 1]) : 100_000;
const file = join(import.meta.dirname, 'output', 'task-inbox-page.db');
const TODAY = '2026-03-02' as PlainDate;

async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) rmSync(file, { force: true });
  const db = await openDatabase(url ?? `sqlite:${file}`);
  const organization = await createOrganization(db, { name: `Bench ${Date.now()}`, country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
  const started = performance.now();
  await inTransaction(db, async (tx) => {
    const now = nowIso();
    for (let i = 0; i < customers; i += 5_000) {
      const people: CustomerRow[] = [];
      const actions: Omit<CollectionActionRow, 'coming_due_numbers' | 'retry_on'>[] = [];
      const tasks: CollectionTaskRow[] = [];
      for (let n = i; n < Math.min(customers, i + 5_000); n += 1) {
        const customerId = newId();
        const actionId = newId();
        const dueOn = `2026-0${1 + (n % 6)}-${String(1 + (n % 28)).padStart(2, '0')}`;
        people.push({ id: customerId, organization_id: organization.id, external_ref: `C${n}`, name: `Customer ${n}`, registration_id: null, vat_id: null, language: 'fr', segment: null, owner_user_id: null, credit_limit_minor: null, payment_terms: null, created_at: now, updated_at: now });
        actions.push({
          id: actionId, organization_id: organization.id, customer_id: customerId, case_id: null, episode_key: customerId, step_id: 'formal-notice', scenario_id: 'standard', channel: 'registered_letter',
          status: 'awaiting_approval', planned_on: dueOn, not_before: null, invoice_numbers: `["F${n}"]`, invoice_ids: '[]', invoice_amounts: `[${1 + ((n * 7919) % 5_000_000)}]`,
          balance_minor: 1 + ((n * 7919) % 5_000_000), currency: 'EUR', reason_en: 'bench', reason_fr: 'bench', status_note: null, created_at: now, updated_at: now,
        });
        tasks.push({
          id: newId(), organization_id: organization.id, customer_id: customerId, case_id: null, action_id: actionId, kind: 'approval', step_id: 'formal-notice', dedupe_key: `approval:${actionId}`,
          status: 'open', title_en: 'Approve', title_fr: 'Valider', detail: null, due_on: dueOn, assignee_user_id: null, outcome: null, created_on: dueOn, created_at: now, completed_at: null,
          stake_minor: 1 + ((n * 7919) % 5_000_000), attempt: 1, call_outcome: null,
        });
      }
      for (let k = 0; k < people.length; k += 1_000) await tx.kysely.insertInto('customers').values(people.slice(k, k + 1_000)).execute();
      for (let k = 0; k < actions.length; k += 1_000) await tx.kysely.insertInto('collection_actions').values(actions.slice(k, k + 1_000)).execute();
      for (let k = 0; k < tasks.length; k += 1_000) await tx.kysely.insertInto('collection_tasks').values(tasks.slice(k, k + 1_000)).execute();
    }
  });
  process.stdout.write(`${db.description}: ${customers.toLocaleString('en')} customers with an open approval each, written in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  process.stdout.write(`machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB\n`);
  for (const sort of TASK_SORTS) {
    const page = (offset: number) => () => listTaskInboxPage(db, organization.id, { status: 'open', sort, limit: 25, offset, today: TODAY });
    process.stdout.write(`sort=${sort}: first page ${await medianTime(5, page(0))}, page 2,000 ${await medianTime(5, page(50_000 - 25))}\n`);
  }
  const unassigned = () => listTaskInboxPage(db, organization.id, { status: 'open', kind: 'approval', owner: { unassigned: true }, sort: 'priority', limit: 25, offset: 0, today: TODAY });
  process.stdout.write(`owner=unassigned&kind=approval&sort=priority: first page ${await medianTime(5, unassigned)}\n`);
  await db.close();
}

await main();
