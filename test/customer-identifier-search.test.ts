import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { countMatchingCustomers, createCustomer, getCustomerByRef, listCustomers, updateCustomer } from '../src/adapters/db/stores/customers.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { importCustomers } from '../src/app/import/import-customers.js';
import type { ImportSource } from '../src/app/import/import-source.js';
import { copyForSimulation } from '../src/app/simulation/copy-for-simulation.js';
import { ENGINES, freshDatabase } from './support/engines.js';

function csvSource(text: string): ImportSource {
  const bytes = new TextEncoder().encode(text);
  return {
    name: 'customers.csv',
    size: bytes.length,
    open: async function* () {
      yield bytes;
    },
  };
}

describe.each(ENGINES)('customer search by name, reference and VAT or registration number on %s', (engine) => {
  let db: Db;
  let orgId: string;
  let otherOrgId: string;

  const refs = async (search: string, on: Db = db) => (await listCustomers(on, orgId, { search })).map((row) => row.external_ref);

  beforeAll(async () => {
    db = await freshDatabase(engine);
    orgId = (await createOrganization(db, { name: 'Atelier', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' })).id;
    otherOrgId = (await createOrganization(db, { name: 'Ailleurs', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' })).id;
    await createCustomer(db, orgId, { externalRef: 'C-SGB', name: 'Société Générale du Bâtiment', vatId: 'FR12552120222', registrationId: '552 120 222' });
    await createCustomer(db, orgId, { externalRef: 'C-BE', name: 'Brasserie Dupont', vatId: 'BE0123.456', registrationId: '789-012' });
    await createCustomer(db, orgId, { externalRef: 'C-50', name: 'Remise 50% A_B', vatId: null, registrationId: null });
    await createCustomer(db, orgId, { externalRef: 'C-A1B', name: 'Atelier A1B', vatId: null, registrationId: null });
    await createCustomer(db, otherOrgId, { externalRef: 'X-SGB', name: 'Société Générale du Bâtiment', vatId: 'FR12552120222', registrationId: '552120222' });
  });

  afterAll(async () => {
    await db?.close();
  });

  it('finds a VAT or registration number however it is typed: spaces, dots, dashes, slashes, any case', async () => {
    const found: [string, string][] = [
      ['FR12552120222', 'C-SGB'],
      ['fr 12 552 120 222', 'C-SGB'],
      ['Fr12.552.120', 'C-SGB'],
      ['552-120-222', 'C-SGB'],
      ['552/120/222', 'C-SGB'],
      ['0123 456', 'C-BE'],
      ['be0123-456', 'C-BE'],
      ['789.012', 'C-BE'],
    ];
    for (const [typed, ref] of found) expect(await refs(typed), typed).toEqual([ref]);
    expect(await countMatchingCustomers(db, orgId, { search: 'FR 12 552 120 222' })).toBe(1);
  });

  it('never matches across the VAT and the registration number of one customer', async () => {
    // BE0123456 then 789012: "456789" runs across the two numbers.
    expect(await refs('456789')).toEqual([]);
    expect(await refs('456 7')).toEqual([]);
  });

  it('never matches across the name and the reference of one customer', async () => {
    expect(await refs('dupontc-be')).toEqual([]);
    expect(await refs('dupont\u001fc-be')).toEqual([]);
    expect(await refs('upont')).toEqual(['C-BE']);
    // A name holding the separator itself is still found by it.
    await createCustomer(db, orgId, { externalRef: 'C-ODD', name: 'Odd\u001fName' });
    expect(await refs('odd\u001fname')).toEqual(['C-ODD']);
  });

  it('compares a search with the numbers only when it holds digits and three characters', async () => {
    // "fr" is in the French VAT number but in no name or reference.
    expect(await refs('fr')).toEqual([]);
    expect(await refs('12')).toEqual([]);
    expect(await refs('dupont')).toEqual(['C-BE']);
    expect(await refs('c-sg')).toEqual(['C-SGB']);
  });

  it('takes % and _ literally in a name', async () => {
    expect(await refs('50%')).toEqual(['C-50']);
    expect(await refs('a_b')).toEqual(['C-50']);
  });

  it('finds a customer by its new VAT number and name once they are changed, and no longer by the old ones', async () => {
    const customer = (await getCustomerByRef(db, orgId, 'C-BE'))!;
    await updateCustomer(db, orgId, customer.id, { vat_id: 'BE 0999 888 777', name: 'Brasserie Lefebvre' });
    expect(await refs('0123456')).toEqual([]);
    expect(await refs('dupont')).toEqual([]);
    expect(await refs('0999.888.777')).toEqual(['C-BE']);
    expect(await refs('lefebvre')).toEqual(['C-BE']);
    await updateCustomer(db, orgId, customer.id, { registration_id: null });
    expect(await refs('789012')).toEqual([]);
  });

  it('finds the customers an import creates, and the numbers an import changes', async () => {
    const report = await importCustomers(
      db,
      orgId,
      csvSource('Code client;Raison sociale;SIREN;Numéro TVA\nC-DE;Müller GmbH;;DE 811 907 980\nC-50;Remise 50% A_B;432 109 876;\n'),
    );
    expect(report.created.customers).toBe(1);
    expect(report.updated.customers).toBe(1);
    expect(await refs('de811907')).toEqual(['C-DE']);
    expect(await refs('432.109.876')).toEqual(['C-50']);
  });

  it('finds the same customers in the copy a simulation works on', async () => {
    const copy = await copyForSimulation(db, orgId);
    try {
      expect(await refs('fr 12 552', copy.db)).toEqual(['C-SGB']);
      expect(await refs('de811907', copy.db)).toEqual(['C-DE']);
    } finally {
      await copy.dispose();
    }
  });
});
