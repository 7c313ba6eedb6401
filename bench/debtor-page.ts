/**
 * How many debtors' pages `relance serve` answers per second, and how fast: the page a customer
 * opens from a reminder (`GET /p/<token>`, as HTML and as JSON), on the demo bench ledger. The
 * server runs as a child process; the load comes from this process over loopback (autocannon),
 * spread over the links of many customers who owe something, so the pages are not one cached
 * row. Prints requests per second and latency percentiles, and writes them to
 * bench/output/debtor-page-<engine>.json; nothing here asserts a time.
 *
 *   npx tsx bench/debtor-page.ts --keep-ledger FILE [--from FILE] [--postgres] [--customers 100000]
 *                                [--links 1000] [--seconds 20] [--connections 10]
 *
 * SQLite: the page is measured on FILE, a copy made once from `--from` (the ledger
 * bench/collection-run.ts generates, by default) and reused as it is afterwards; the ledger it
 * came from is never written to. `--postgres` measures the PostgreSQL bench ledger (its cluster
 * under bench/output, which must exist: `npx tsx bench/collection-run.ts --postgres` makes it).
 * Before serving, today's collection run is marked as done so it never starts while measuring.
 */
import autocannon from 'autocannon';
import { once } from 'node:events';
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { openDatabase } from '../src/adapters/db/database.js';
import { claimDailyRun } from '../src/adapters/db/stores/collection-runs.js';
import { keepCustomerFigures, keptFiguresDay } from '../src/adapters/db/stores/customer-figures.js';
import { listOrganizations } from '../src/adapters/db/stores/organizations.js';
import { localMomentOf } from '../src/app/collection/local-time.js';
import { issuePortalLink } from '../src/app/portal/portal-links.js';
import { addDays } from '../src/core/plain-date.js';
import { benchLedger, option, serveRelance, sqliteLedgerPath } from './bench-ledger.js';

const here = join(import.meta.dirname, '..');
const output = join(here, 'bench', 'output');
const customers = Number(option('customers', '100000'));
const onPostgres = process.argv.includes('--postgres');
const engine = onPostgres ? 'postgres' : 'sqlite';
const linkCount = Number(option('links', '1000'));
const seconds = Number(option('seconds', '20'));
const connections = Number(option('connections', '10'));
const PUBLIC_URL = 'http://debtors.bench.example';

async function prepare(databaseUrl: string): Promise<string[]> {
  const db = await openDatabase(databaseUrl);
  try {
    const tokens: string[] = [];
    for (const organization of await listOrganizations(db)) {
      const today = localMomentOf(new Date(), organization.time_zone).date;
      for (const day of [today, addDays(today, 1)]) await claimDailyRun(db, organization.id, day);
      if ((await keptFiguresDay(db, organization.id)) !== today) await keepCustomerFigures(db, organization.id, today);
      const owing = await db.kysely
        .selectFrom('invoices')
        .select('customer_id')
        .distinct()
        .where('organization_id', '=', organization.id)
        .where('open_minor', '>', 0)
        .orderBy('customer_id')
        .limit(linkCount - tokens.length)
        .execute();
      for (const { customer_id } of owing) {
        const link = await issuePortalLink(db, organization.id, customer_id, { now: new Date(), days: 1, by: null, publicUrl: PUBLIC_URL });
        tokens.push(link.token);
      }
      if (tokens.length >= linkCount) break;
    }
    return tokens;
  } finally {
    await db.close();
  }
}

interface Figures {
  name: string;
  requests: number;
  perSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
}

async function load(base: string, tokens: readonly string[], name: string, accept: string): Promise<Figures> {
  let next = 0;
  const result = await autocannon({
    url: base,
    connections,
    duration: seconds,
    headers: { accept },
    requests: [
      {
        setupRequest: (request) => {
          const token = tokens[next++ % tokens.length]!;
          return { ...request, path: `/p/${token}` };
        },
      },
    ],
  });
  return {
    name,
    requests: result.requests.total,
    perSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

async function main(): Promise<void> {
  let databaseUrl: string;
  let stop = async () => {};
  if (onPostgres) {
    const ledger = await benchLedger({ output, customers, invoices: customers * 10, reuse: true, postgres: true, load: async () => {
      throw new Error('the PostgreSQL bench ledger does not exist: make it with bench/collection-run.ts --postgres first');
    } });
    databaseUrl = ledger.databaseUrl;
    stop = ledger.stop;
  } else {
    const kept = option('keep-ledger', '');
    if (!kept) throw new Error('--keep-ledger FILE is required: the page is measured on a copy, never on the generated ledger');
    const file = resolve(kept);
    if (!existsSync(file)) {
      const from = resolve(option('from', sqliteLedgerPath(output, customers)));
      if (!existsSync(from)) throw new Error(`no ledger to copy at ${from}: make it with bench/collection-run.ts`);
      process.stderr.write(`copying ${from} to ${file}\n`);
      copyFileSync(from, file);
    }
    databaseUrl = `sqlite:${file}`;
  }
  try {
    const tokens = await prepare(databaseUrl);
    process.stderr.write(`${tokens.length} debtor links ready\n`);
    const { child, base } = await serveRelance(here, { DATABASE_URL: databaseUrl, PUBLIC_URL });
    try {
      // One pass over every link first, so each page is measured warm, as a second click would be.
      await load(base, tokens, 'warm-up', 'text/html');
      const rows = [await load(base, tokens, 'debtor page (HTML)', 'text/html'), await load(base, tokens, 'debtor page (JSON)', 'application/json')];
      const machine = `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, load ${loadavg().map((n) => n.toFixed(1)).join(' ')}`;
      console.log(`${engine}, ${customers} customers, ${tokens.length} links, ${connections} connections, ${seconds} s each; ${machine}`);
      console.log('| page | requests/s | p50 ms | p90 ms | p99 ms | max ms | errors | not 2xx |');
      console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
      for (const row of rows) console.log(`| ${row.name} | ${row.perSecond} | ${row.p50} | ${row.p90} | ${row.p99} | ${row.max} | ${row.errors} | ${row.non2xx} |`);
      writeFileSync(join(output, `debtor-page-${engine}.json`), JSON.stringify({ engine, customers, links: tokens.length, connections, seconds, machine, rows }, null, 2));
    } finally {
      // The server lets go of its connections before PostgreSQL is stopped under it.
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
  } finally {
    await stop();
  }
}

await main();
