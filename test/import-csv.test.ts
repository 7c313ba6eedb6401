import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createCustomer } from '../src/adapters/db/stores/customers.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { getAgingReport } from '../src/app/get-aging-report.js';
import { importFile } from '../src/app/import/import-file.js';
import type { ImportKind, ImportOptions } from '../src/app/import/import-report.js';
import { fileSource } from '../src/app/import/import-source.js';
import { AppError } from '../src/core/app-error.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { snapshotLedger, writeTextFile } from './fixtures/imports/database-snapshot.js';
import { ENGINES, freshDatabase } from './support/engines.js';

describe.each(ENGINES)('CSV imports on %s', (engine) => {
  let db: Db;
  beforeAll(async () => {
    db = await freshDatabase(engine);
  });
  afterAll(async () => {
    await db?.close();
  });

  let orgCounter = 0;
  async function newOrganization(country = 'FR') {
    orgCounter += 1;
    return createOrganization(db, { name: `Org ${orgCounter}`, country, currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
  }

  function run(orgId: string, kind: ImportKind, name: string, text: string, encoding: Parameters<typeof writeTextFile>[2] = 'utf-8', options: ImportOptions = {}) {
    return importFile(db, orgId, kind, fileSource(writeTextFile(name, text, encoding), name), options);
  }

  async function invoices(orgId: string) {
    return db.kysely
      .selectFrom('invoices as i')
      .innerJoin('customers as c', 'c.id', 'i.customer_id')
      .select(['i.number', 'c.external_ref', 'c.name', 'i.issue_date', 'i.due_date', 'i.amount_minor', 'i.currency'])
      .where('i.organization_id', '=', orgId)
      .orderBy('i.number')
      .execute();
  }

  async function failure(promise: Promise<unknown>): Promise<AppError> {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }

  it('reads a French Windows-1252 invoices file: ";" separated, decimal comma, dd/mm/yyyy, accents intact', async () => {
    const org = await newOrganization();
    const text = [
      'N° facture;Code client;Raison sociale;Date facture;Échéance;Montant TTC;Devise;Conditions de paiement',
      'FA-001;C001;Société Générale du Bâtiment;15/01/2025;;1 234,56;EUR;45 jours fin de mois',
      'FA-002;C002;Crème & Cie;31/01/2025;28/02/2025;99,90;;',
      'FA-003;C001;Société Générale du Bâtiment;01/02/2025;;2.500,00;eur;',
    ].join('\r\n');
    const report = await run(org.id, 'invoices', 'factures.csv', text, 'windows-1252');
    expect(report.encoding).toBe('windows-1252');
    expect(report.rows_read).toBe(3);
    expect(report.created).toMatchObject({ customers: 2, invoices: 3 });
    expect(await invoices(org.id)).toEqual([
      // 45 days after 15 January is 1 March, end of that month 31 March.
      { number: 'FA-001', external_ref: 'C001', name: 'Société Générale du Bâtiment', issue_date: '2025-01-15', due_date: '2025-03-31', amount_minor: 123456, currency: 'EUR' },
      { number: 'FA-002', external_ref: 'C002', name: 'Crème & Cie', issue_date: '2025-01-31', due_date: '2025-02-28', amount_minor: 9990, currency: 'EUR' },
      // No due date, no terms on the row or the customer: the organization's net 30.
      { number: 'FA-003', external_ref: 'C001', name: 'Société Générale du Bâtiment', issue_date: '2025-02-01', due_date: '2025-03-03', amount_minor: 250000, currency: 'EUR' },
    ]);
  });

  it('reads an English invoices file: "," separated, quoted fields, decimal point, ISO dates', async () => {
    const org = await newOrganization();
    const text = [
      'Invoice Number,Customer Code,Customer Name,Invoice Date,Due Date,Amount,Currency',
      'INV-1,ACME,"Acme, Inc.",2025-03-01,2025-03-31,"1,234.50",EUR',
      'INV-2,ACME,"Acme, Inc.",2025-03-05,,99.99,USD',
      '',
    ].join('\n');
    const report = await run(org.id, 'invoices', 'invoices.csv', text);
    expect(report.encoding).toBe('utf-8');
    expect(await invoices(org.id)).toEqual([
      { number: 'INV-1', external_ref: 'ACME', name: 'Acme, Inc.', issue_date: '2025-03-01', due_date: '2025-03-31', amount_minor: 123450, currency: 'EUR' },
      { number: 'INV-2', external_ref: 'ACME', name: 'Acme, Inc.', issue_date: '2025-03-05', due_date: '2025-04-04', amount_minor: 9999, currency: 'USD' },
    ]);
  });

  it('ignores a UTF-8 byte order mark and reads TAB-separated files', async () => {
    const org = await newOrganization();
    const text = 'Numéro\tClient\tNom\tDate\tMontant\nB-1\tC9\tÉtablissements Müller\t2025-01-10\t10,00\n';
    const report = await run(org.id, 'invoices', 'bom.csv', text, 'utf-8-bom');
    expect(report.encoding).toBe('utf-8');
    expect(await invoices(org.id)).toMatchObject([{ number: 'B-1', external_ref: 'C9', name: 'Établissements Müller', amount_minor: 1000 }]);
  });

  it('takes an explicit column mapping when the headers are not recognized', async () => {
    const org = await newOrganization();
    const text = 'Pièce;Tiers;Nom tiers;Jour;Valeur\nP-1;T1;Tiers Un;05/01/2025;42,00\n';
    const unmapped = await failure(run(org.id, 'invoices', 'odd.csv', text));
    expect(unmapped.issues.map((i) => [i.line, i.column])).toEqual([
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    expect(unmapped.issues.map((i) => i.message).join('\n')).toMatch(/missing required column customer/);
    const report = await run(org.id, 'invoices', 'odd.csv', text, 'utf-8', {
      columnMap: 'number=Pièce,customer=Tiers,customer_name=Nom tiers,date=Jour,amount=Valeur',
    });
    expect(report.created.invoices).toBe(1);
    expect(await invoices(org.id)).toMatchObject([{ number: 'P-1', external_ref: 'T1', name: 'Tiers Un', amount_minor: 4200 }]);
  });

  it('creates the customers an invoices file names, uses known ones, and refuses an unknown code without a name', async () => {
    const org = await newOrganization();
    await createCustomer(db, org.id, { externalRef: 'K1', name: 'Known SA', paymentTerms: 'net 60' });
    const report = await run(org.id, 'invoices', 'f.csv', 'number;customer;name;date;amount\nI-1;K1;Ignored name;2025-01-01;10\nI-2;N1;New SARL;2025-01-01;20\n');
    expect(report.created.customers).toBe(1);
    const rows = await invoices(org.id);
    // The known customer keeps its name, and its own terms (net 60) set the due date.
    expect(rows.map((r) => [r.number, r.name, r.due_date])).toEqual([
      ['I-1', 'Known SA', '2025-03-02'],
      ['I-2', 'New SARL', '2025-01-31'],
    ]);

    const error = await failure(run(org.id, 'invoices', 'g.csv', 'number;customer;date;amount\nI-3;ZZ;2025-01-01;10\n'));
    expect(error.issues).toEqual([
      { file: 'g.csv', line: 2, column: 5, message: 'customer: customer ZZ is not known and the file has no customer name column to create it', reason: { code: 'unknown_customer_no_name_column', field: 'customer', value: 'ZZ' } },
    ]);
  });

  it('warns, without refusing, about payment terms beyond the legal cap of the creditor country', async () => {
    const org = await newOrganization('FR');
    const report = await run(org.id, 'invoices', 'long.csv', 'number;customer;name;date;terms;amount\nL-1;C1;Client;2025-01-10;net 90;100\nL-2;C1;Client;2025-01-10;net 30;100\n');
    expect(report.created.invoices).toBe(2);
    expect(report.warnings_total).toBe(1);
    expect(report.warnings[0]).toMatchObject({ file: 'long.csv', line: 2, column: 26 });
    expect(report.warnings[0]!.message).toMatch(/invoice L-1.*90 days exceed the French cap/);
  });

  it('allocates payments to the invoice they name up to its open amount and keeps the rest as unapplied credit', async () => {
    const org = await newOrganization();
    await run(org.id, 'invoices', 'i.csv', 'number;customer;name;date;due date;amount\nF1;C1;Client Un;01/01/2025;31/01/2025;1000,00\nF2;C1;Client Un;01/02/2025;03/03/2025;500,00\n');
    const report = await run(
      org.id,
      'payments',
      'p.csv',
      'Référence;Client;Date;Montant;Facture\nVIR-1;C1;10/02/2025;600,00;F1\nVIR-2;C1;11/02/2025;700,00;F1\nVIR-3;C1;12/02/2025;50,00;\n',
    );
    // VIR-1 takes 600 of F1, VIR-2 the last 400 of it; VIR-2's other 300 and all of VIR-3 wait as credit.
    expect(report.created).toMatchObject({ payments: 3, allocations: 2 });
    const aging = await getAgingReport(db, org.id, { asOf: '2025-02-15' as PlainDate });
    const line = aging.customers.find((c) => c.reference === 'C1')!;
    expect(line.unapplied_credit.amount).toBe('350.00');
    expect(line.balance.amount).toBe('150.00');
    expect(line.overdue.amount).toBe('0.00');
  });

  it('allocates credit notes to the invoice they name and links them to it', async () => {
    const org = await newOrganization();
    await run(org.id, 'invoices', 'i.csv', 'number;customer;name;date;due date;amount\nF1;C1;Client Un;01/01/2025;31/01/2025;1000,00\n');
    const report = await run(org.id, 'credit-notes', 'a.csv', 'Numéro avoir;Client;Date avoir;Montant;Facture\nAV-1;C1;15/01/2025;200,00;F1\nAV-2;C1;16/01/2025;100,00;\n');
    expect(report.created).toMatchObject({ credit_notes: 2, allocations: 1 });
    const notes = await db.kysely.selectFrom('credit_notes').select(['number', 'invoice_id']).where('organization_id', '=', org.id).orderBy('number').execute();
    const f1 = await db.kysely.selectFrom('invoices').select('id').where('organization_id', '=', org.id).where('number', '=', 'F1').executeTakeFirstOrThrow();
    expect(notes).toEqual([
      { number: 'AV-1', invoice_id: f1.id },
      { number: 'AV-2', invoice_id: null },
    ]);
    const aging = await getAgingReport(db, org.id, { asOf: '2025-01-20' as PlainDate });
    expect(aging.balance.amount).toBe('700.00');
  });

  it('refuses a payment that names an invoice of another customer or one not imported yet', async () => {
    const org = await newOrganization();
    await run(org.id, 'invoices', 'i.csv', 'number;customer;name;date;amount\nF1;C1;Un;2025-01-01;10\nF2;C2;Deux;2025-01-01;10\n');
    const error = await failure(run(org.id, 'payments', 'p.csv', 'reference;customer;date;amount;invoice\nP1;C1;2025-01-05;10;F2\nP2;C1;2025-01-05;10;F9\n'));
    expect(error.issues.map((i) => `${i.line}:${i.column}: ${i.message}`)).toEqual([
      '2:21: invoice: invoice F2 belongs to another customer',
      '3:21: invoice: invoice F9 is not in Relance: import the invoices first',
    ]);
  });

  it('imports customers with their details and contact, updates changed details, skips unchanged ones', async () => {
    const org = await newOrganization();
    const first = [
      'Code client;Raison sociale;SIREN;N° TVA;Langue;Segment;Limite de crédit;Conditions;Email;Téléphone',
      'C1;Dupont SARL;552 100 554;fr 12 552100554;français;PME;10 000,00;45 fin de mois;Compta@Dupont.fr;01 23 45 67 89',
      'C2;Van Damme NV;;;nl;;;;;',
    ].join('\n');
    const report = await run(org.id, 'customers', 'clients.csv', first);
    expect(report.created).toMatchObject({ customers: 2, contacts: 1 });
    const rows = await db.kysely
      .selectFrom('customers')
      .select(['external_ref', 'name', 'registration_id', 'vat_id', 'language', 'segment', 'credit_limit_minor', 'payment_terms'])
      .where('organization_id', '=', org.id)
      .orderBy('external_ref')
      .execute();
    expect(rows).toEqual([
      { external_ref: 'C1', name: 'Dupont SARL', registration_id: '552100554', vat_id: 'FR12552100554', language: 'fr', segment: 'PME', credit_limit_minor: 1000000, payment_terms: '45 eom' },
      { external_ref: 'C2', name: 'Van Damme NV', registration_id: null, vat_id: null, language: 'nl', segment: null, credit_limit_minor: null, payment_terms: null },
    ]);
    const contacts = await db.kysely.selectFrom('contacts').select(['email', 'phone', 'role']).where('organization_id', '=', org.id).execute();
    expect(contacts).toEqual([{ email: 'compta@dupont.fr', phone: '01 23 45 67 89', role: 'accounts_payable' }]);

    const again = await run(org.id, 'customers', 'clients.csv', first);
    expect(again.created).toMatchObject({ customers: 0, contacts: 0 });
    expect(again.updated.customers).toBe(0);
    expect(again.skipped).toBe(2);

    const changed = await run(org.id, 'customers', 'clients.csv', 'Code client;Raison sociale;Segment\nC2;Van Damme NV;Grands comptes\n');
    expect(changed.updated.customers).toBe(1);
    const c2 = await db.kysely.selectFrom('customers').select(['segment', 'language']).where('organization_id', '=', org.id).where('external_ref', '=', 'C2').executeTakeFirstOrThrow();
    // Columns the file does not have leave what Relance knows alone.
    expect(c2).toEqual({ segment: 'Grands comptes', language: 'nl' });
  });

  it('changes nothing when the same files are imported again', async () => {
    const org = await newOrganization();
    const invoicesText = 'number;customer;name;date;amount\nF1;C1;Un;2025-01-01;100\nF2;C1;Un;2025-01-02;200\n';
    const paymentsText = 'reference;customer;date;amount;invoice\nP1;C1;2025-01-05;150;F1\n';
    const notesText = 'number;customer;date;amount;invoice\nA1;C1;2025-01-06;20;F2\n';
    await run(org.id, 'invoices', 'i.csv', invoicesText);
    await run(org.id, 'payments', 'p.csv', paymentsText);
    await run(org.id, 'credit-notes', 'a.csv', notesText);
    const before = await snapshotLedger(db);
    for (const [kind, text, rows] of [['invoices', invoicesText, 2], ['payments', paymentsText, 1], ['credit-notes', notesText, 1]] as const) {
      const report = await run(org.id, kind, 'again.csv', text);
      expect(Object.values(report.created).every((n) => n === 0)).toBe(true);
      expect(report.skipped).toBe(rows);
    }
    expect(await snapshotLedger(db)).toEqual(before);
  });

  it('refuses a row that differs from what an earlier import recorded, naming both values', async () => {
    const org = await newOrganization();
    await run(org.id, 'invoices', 'i.csv', 'number;customer;name;date;amount\nF1;C1;Un;2025-01-01;100\n');
    const before = await snapshotLedger(db);
    const error = await failure(run(org.id, 'invoices', 'i2.csv', 'number;customer;name;date;amount\nF1;C1;Un;2025-01-01;120\n'));
    expect(error.issues).toEqual([
      {
        file: 'i2.csv',
        line: 2,
        column: 1,
        message: 'number: invoice F1 is already in Relance with other values (amount 100.00 EUR, here 120.00 EUR); an import never changes a recorded invoice',
        reason: { code: 'recorded_with_other_values', field: 'number', value: 'F1' },
      },
    ]);
    expect(await snapshotLedger(db)).toEqual(before);
  });

  it('reports what a dry run would write and writes nothing', async () => {
    const org = await newOrganization();
    const before = await snapshotLedger(db);
    const report = await run(org.id, 'invoices', 'i.csv', 'number;customer;name;date;amount\nF1;C1;Un;2025-01-01;100\nF2;C2;Deux;2025-01-01;100\n', 'utf-8', { dryRun: true });
    expect(report.dry_run).toBe(true);
    expect(report.created).toMatchObject({ customers: 2, invoices: 2 });
    expect(await snapshotLedger(db)).toEqual(before);
  });
});
