import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { createCustomer } from '../src/adapters/db/stores/customers.js';
import { createInvoice } from '../src/adapters/db/stores/documents.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { importStatements } from '../src/app/bank/import-statements.js';
import { AppError } from '../src/core/app-error.js';
import { seededRandom } from './fixtures/imports/fuzz-oracle.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'camt');
const SAMPLES = ['relance_camt053.v8.batch.xml', 'relance_camt052.v2.intraday.xml', 'relance_camt054.v2.reversal.xml'];
const VARIANTS_PER_SAMPLE = 40;
// What an import may write: the bank lines, and the payments and allocations matching makes of them.
const TABLES = ['bank_lines', 'payments', 'allocations', 'invoices', 'payment_claims', 'timeline_events'] as const;

async function checksums(db: Db): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of TABLES) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by id`.execute(db.kysely);
    result[table] = `${rows.length}:${createHash('sha256').update(JSON.stringify(rows.map((row) => Object.entries(row).map(([k, v]) => [k, v === null ? null : String(v)])))).digest('hex')}`;
  }
  return result;
}

describe.each(ENGINES)('mutated and truncated statements imported into a ledger, on %s', (engine) => {
  let db: Db;
  let org: OrganizationRow;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    org = await createOrganization(db, { name: 'Atelier Durand', country: 'BE', currency: 'EUR', timeZone: 'Europe/Brussels', locale: 'fr', bankAccounts: [{ label: 'main', iban: 'BE68539007547034' }] });
    // Invoices the samples' credits name, so that some variants are matched and allocated.
    const customer = await createCustomer(db, org.id, { externalRef: 'C1', name: 'Garage Dupont' });
    await createInvoice(db, org.id, { customerId: customer.id, number: 'F-2026-0042', issueDate: '2026-02-01', dueDate: '2026-03-01', currency: 'EUR', amountMinor: 250_50 });
    await createInvoice(db, org.id, { customerId: customer.id, number: 'F-2026-0007', issueDate: '2026-02-01', dueDate: '2026-03-01', currency: 'EUR', amountMinor: 120_00 });
  });

  afterAll(async () => {
    await db?.close();
  });

  it(`imports ${VARIANTS_PER_SAMPLE} variants of each sample, or refuses them leaving every table as it was`, async () => {
    const next = seededRandom(20261206);
    const tokens = ['<', '</Ntry>', '<Amt Ccy="EUR">', 'CRDT', 'DBIT', '-1.00', '99999999999999999999', '<TxDtls>', '2026-13-45'];
    const outcomes = { imported: 0, refused: 0 };
    for (const name of SAMPLES) {
      const original = readFileSync(join(FIXTURES, name), 'utf8');
      for (let variant = 0; variant < VARIANTS_PER_SAMPLE; variant += 1) {
        const cut = Math.floor(next() * original.length);
        const mutated =
          variant % 3 === 0
            ? original.slice(0, cut)
            : variant % 3 === 1
              ? original.slice(0, cut) + tokens[Math.floor(next() * tokens.length)] + original.slice(cut)
              : original.slice(0, cut) + String.fromCharCode(32 + Math.floor(next() * 90)) + original.slice(cut + 1);
        const before = await checksums(db);
        try {
          await importStatements(db, org.id, [{ name: `${name}#${variant}`, bytes: new TextEncoder().encode(mutated) }]);
          outcomes.imported += 1;
        } catch (error) {
          if (!(error instanceof AppError) || error.code !== 'import_failed') expect.fail(`${name}#${variant}: ${String(error)}`);
          expect(await checksums(db), `${name}#${variant}`).toEqual(before);
          outcomes.refused += 1;
        }
      }
    }
    expect(outcomes.refused).toBeGreaterThan(0);
    expect(outcomes.imported).toBeGreaterThan(0);
  }, 120_000);
});
