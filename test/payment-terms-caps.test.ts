import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { importFile } from '../src/app/import/import-file.js';
import { fileSource } from '../src/app/import/import-source.js';
import { createCustomerFromInput } from '../src/app/save-customer.js';
import { writeTextFile } from './fixtures/imports/database-snapshot.js';
import { ENGINES, freshDatabase } from './support/engines.js';

// "31 eom" gives 59 days from 31 January but 61 from 31 March: over the 60-day caps of Belgium
// and Germany on some invoices, within the French cap (45 days end of month) on all of them.
const CASES = [
  { country: 'BE', terms: '31 eom', warned: true },
  { country: 'DE', terms: '31 eom', warned: true },
  { country: 'FR', terms: '31 eom', warned: false },
  { country: 'BE', terms: 'net 60', warned: false },
  { country: 'FR', terms: 'eom + 45', warned: true },
];

describe.each(ENGINES)('legal caps on a customer’s standing terms on %s', (engine) => {
  let db: Db;
  beforeAll(async () => {
    db = await freshDatabase(engine);
  });
  afterAll(async () => {
    await db?.close();
  });

  it.each(CASES)('gives the same verdict on "$terms" in $country whether the customer is saved through the API or imported', async ({ country, terms, warned }) => {
    const organization = await createOrganization(db, { name: `${country} ${terms}`, country, currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    const saved = await createCustomerFromInput(db, organization, { reference: 'API-1', name: 'Saved SA', payment_terms: terms });
    const name = `terms-${country}.csv`;
    const report = await importFile(db, organization.id, 'customers', fileSource(writeTextFile(name, `customer;name;terms\nCSV-1;Imported SA;${terms}\n`), name));

    expect(saved.warnings.length > 0, JSON.stringify(saved.warnings)).toBe(warned);
    expect(report.warnings_total > 0, JSON.stringify(report.warnings)).toBe(warned);
    if (warned) expect(report.warnings[0]!.message).toBe(`terms: ${saved.warnings[0]!.message}`);
  });
});
