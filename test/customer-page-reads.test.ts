import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { getCustomerStatement } from '../src/app/get-customer-statement.js';
import { getCustomerTimeline } from '../src/app/timeline/get-customer-timeline.js';
import { importFile } from '../src/app/import/import-file.js';
import { fileSource } from '../src/app/import/import-source.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { writeTextFile } from './fixtures/imports/database-snapshot.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const HEADER =
  'JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise';

// Lettered AA: an invoice of 100 and a payment of 60; the other 40 was paid before this file.
const FEC = [
  HEADER,
  'VE\tVentes\t1\t20250110\t411000\tClients\tC1\tClient Un\tF1\t20250110\tFacture F1\t100,00\t0,00\tAA\t20250301\t\t\t',
  'VE\tVentes\t1\t20250110\t706000\tPrestations\t\t\tF1\t20250110\tFacture F1\t0,00\t100,00\t\t\t\t\t',
  'BQ\tBanque\t2\t20250301\t411000\tClients\tC1\tClient Un\tVIR1\t20250301\tVirement\t0,00\t60,00\tAA\t20250301\t\t\t',
  'BQ\tBanque\t2\t20250301\t512000\tBanque\t\t\tVIR1\t20250301\tVirement\t60,00\t0,00\t\t\t\t\t',
  'VE\tVentes\t3\t20250115\t411000\tClients\tC2\tClient Deux\tF2\t20250115\tFacture F2\t50,00\t0,00\t\t\t\t\t',
  'VE\tVentes\t3\t20250115\t706000\tPrestations\t\t\tF2\t20250115\tFacture F2\t0,00\t50,00\t\t\t\t\t',
].join('\n');

describe.each(ENGINES)("a customer's statement and timeline on %s", (engine) => {
  let db: Db;
  beforeAll(async () => {
    db = await freshDatabase(engine);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('shows the settlement recorded before the ledger for that customer only, in that organization only', async () => {
    const organizations = [];
    for (const name of ['Ours', 'Theirs']) {
      const organization = await createOrganization(db, { name, country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
      await importFile(db, organization.id, 'fec', fileSource(writeTextFile(`${name}.txt`, FEC), `${name}.txt`));
      organizations.push(organization);
    }
    const ours = organizations[0]!;
    const customers = await db.kysely.selectFrom('customers').selectAll().where('organization_id', '=', ours.id).orderBy('external_ref').execute();
    const statementOf = (reference: string) =>
      getCustomerStatement(db, ours, customers.find((c) => c.external_ref === reference)!, { from: '2025-01-01' as PlainDate, to: '2025-03-31' as PlainDate });

    const first = await statementOf('C1');
    expect(first.lines.map((l) => [l.date, l.description, l.debit.amount, l.credit.amount, l.balance.amount])).toEqual([
      ['2025-01-10', 'Invoice F1', '100.00', '0.00', '100.00'],
      ['2025-03-01', 'Settlement of invoice F1 recorded before this ledger (FEC lettering AA: settled by entries outside this file)', '0.00', '40.00', '60.00'],
      ['2025-03-01', 'Payment VIR1', '0.00', '60.00', '0.00'],
    ]);
    expect(first.closing_balance.amount).toBe('0.00');

    const second = await statementOf('C2');
    expect(second.lines.map((l) => l.description)).toEqual(['Invoice F2']);
    expect(second.closing_balance.amount).toBe('50.00');
  });

  it('counts the whole timeline on every page, and past the last one', async () => {
    const organization = await createOrganization(db, { name: 'Paged', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    await importFile(db, organization.id, 'fec', fileSource(writeTextFile('paged.txt', FEC), 'paged.txt'));
    const customer = await db.kysely.selectFrom('customers').select('id').where('organization_id', '=', organization.id).where('external_ref', '=', 'C1').executeTakeFirstOrThrow();
    const page = (offset: number) => getCustomerTimeline(db, organization.id, customer.id, { kinds: [], limit: 2, offset });
    const all = await getCustomerTimeline(db, organization.id, customer.id, { kinds: [], limit: 100, offset: 0 });
    // The payment, its allocation, the settlement outside the ledger and the import.
    expect(all.total).toBe(all.items.length);
    expect(all.total).toBeGreaterThanOrEqual(4);
    expect((await page(0)).total).toBe(all.total);
    expect((await page(2)).items.map((i) => i.id)).toEqual(all.items.slice(2, 4).map((i) => i.id));
    expect(await page(all.total + 5)).toMatchObject({ items: [], total: all.total });
    const empty = await getCustomerTimeline(db, organization.id, 'no-such-customer', { kinds: [], limit: 2, offset: 0 });
    expect(empty).toMatchObject({ items: [], total: 0 });
  });
});
