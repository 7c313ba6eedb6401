/**
 * What the exact-sum check costs each write: an organization holding N invoices (a million by
 * default) in a fresh SQLite file, or in the PostgreSQL database of BENCH_DATABASE_URL, then
 * the time of the check alone and of recording one invoice through the use case the API calls.
 *
 *   npx tsx bench/ledger-total.ts [--invoices N]
 *   BENCH_DATABASE_URL=postgres://… npx tsx bench/ledger-total.ts
 *
 * The figures go by hand into docs/performance.md; nothing here asserts a time.
 */
import { rmSync } from 'node:fs';
import { sql } from 'kysely';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/adapters/db/database.js';
import { newId, nowIso } from '../src/adapters/db/ids.js';
import { createCustomer } from '../src/adapters/db/stores/customers.js';
import { inTransaction } from '../src/adapters/db/stores/in-transaction.js';
import { insertRows } from '../src/adapters/db/stores/import-writer.js';
import { lockedLedgerTotal } from '../src/adapters/db/stores/ledger-total.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import type { InvoiceRow } from '../src/adapters/db/schema.js';
import { createInvoiceFromInput } from '../src/app/save-invoice.js';
import { medianTime } from './median-time.js';

const at = process.argv.indexOf('--invoices');
const invoices = at >= 0 ? Number(process.argv[at + 1]) : 1_000_000;
const file = join(import.meta.dirname, 'output', 'ledger-total.db');

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(3)} s`;

async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) rmSync(file, { force: true });
  const db = await openDatabase(url ?? `sqlite:${file}`);
  const organization = await createOrganization(db, { name: `Bench ${Date.now()}`, country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr', defaultTerms: 'net 30' });
  const customer = await createCustomer(db, organization.id, { externalRef: 'C1', name: 'Client' });
  let started = performance.now();
  await inTransaction(db, async (tx) => {
    const now = nowIso();
    for (let i = 0; i < invoices; i += 10_000) {
      const rows: InvoiceRow[] = [];
      for (let n = i; n < Math.min(invoices, i + 10_000); n += 1) {
        rows.push({ id: newId(), organization_id: organization.id, customer_id: customer.id, number: `F${n}`, issue_date: '2025-01-15', due_date: '2025-02-14', currency: 'EUR', amount_minor: 1 + (n % 500_000), payment_terms: null, source: 'bench', created_at: now });
      }
      await insertRows(tx, 'invoices', rows);
    }
  });
  process.stdout.write(`${db.description}: ${invoices.toLocaleString('en')} invoices written in ${seconds(started)}\n`);
  if (db.engine === 'postgres') {
    // What autovacuum soon does after a bulk load: without a visibility map the sum cannot read the index alone.
    started = performance.now();
    await sql`vacuum analyze invoices`.execute(db.kysely);
    process.stdout.write(`vacuum analyze: ${seconds(started)}\n`);
  }
  started = performance.now();
  await inTransaction(db, (tx) => lockedLedgerTotal(tx, organization.id));
  process.stdout.write(`first check (cold): ${seconds(started)}\n`);
  process.stdout.write(`check alone, median of 9: ${await medianTime(9, () => inTransaction(db, (tx) => lockedLedgerTotal(tx, organization.id)))}\n`);
  let n = 0;
  const create = () =>
    createInvoiceFromInput(db, organization, { customer_id: customer.id, number: `NEW-${(n += 1)}`, issue_date: '2025-01-15', amount: { amount: '100.00', currency: 'EUR' } });
  process.stdout.write(`one invoice through the API's use case, median of 9: ${await medianTime(9, create)}\n`);
  process.stdout.write(`machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`);
  await db.close();
}

await main();
