import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { getAgingReport } from '../src/app/get-aging-report.js';
import { importFile } from '../src/app/import/import-file.js';
import { fileSource } from '../src/app/import/import-source.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { snapshotLedger, writeTextFile } from './fixtures/imports/database-snapshot.js';
import { ENGINES, freshDatabase } from './support/engines.js';

// The public FEC samples (neolegal-fr/fec-reader, MIT) live beside the repository, see
// ../shared/samples/SOURCES.md; they are read in place, not copied.
const SAMPLES = join(import.meta.dirname, '..', '..', 'shared', 'samples', 'fec');
const FEC_2022 = join(SAMPLES, '0000000001FEC20220831.txt');
const FEC_2023 = join(SAMPLES, '000000000FEC20231231.txt');

const HEADER =
  'JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise';

describe.each(ENGINES)('FEC import on %s', (engine) => {
  let db: Db;
  let orgCounter = 0;
  beforeAll(async () => {
    db = await freshDatabase(engine);
  });
  afterAll(async () => {
    await db?.close();
  });

  async function newOrganization() {
    orgCounter += 1;
    return createOrganization(db, { name: `Org ${orgCounter}`, country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
  }

  async function balances(organizationId: string, asOf: string): Promise<Record<string, string>> {
    const report = await getAgingReport(db, organizationId, { asOf: asOf as PlainDate });
    const customers = await db.kysely.selectFrom('customers').select('external_ref').where('organization_id', '=', organizationId).execute();
    const result: Record<string, string> = Object.fromEntries(customers.map((c) => [c.external_ref, '0.00']));
    for (const line of report.customers) result[line.reference] = line.balance.amount;
    return result;
  }

  it("gives each customer of the sample ledger the balance of its unlettered 411 lines", async () => {
    const org = await newOrganization();
    const report = await importFile(db, org.id, 'fec', fileSource(FEC_2022, 'FEC20220831.txt'));
    expect(report.rows_read).toBe(5422);
    expect(report.created.customers).toBe(17);
    // Sums of debit − credit over the 411 lines with an empty EcritureLet, per CompAuxNum
    // (worked out from the file with awk); every lettered group is settled.
    expect(await balances(org.id, '2022-08-31')).toEqual({
      CATTEN: '0.00',
      CCALIX: '0.00',
      CCUIPO: '0.00',
      CCUISI: '0.00',
      CDISCO: '0.00',
      CENZA0: '0.00',
      CFLORE: '34.71',
      CLAURE: '6135.88',
      CMOURL: '0.00',
      CNOURR: '-79.13',
      CPERR0: '0.00',
      CPERUZ: '675.20',
      CPMTN0: '15689.96',
      CPRO00: '35724.95',
      CRETAY: '0.00',
      CROUS0: '791.25',
      CRIJK0: '0.00',
    });
  });

  it('numbers documents from PieceRef, made unique with journal, entry and customer when it repeats', async () => {
    const org = await newOrganization();
    await importFile(db, org.id, 'fec', fileSource(FEC_2022, 'FEC20220831.txt'));
    const invoice = (number: string) =>
      db.kysely
        .selectFrom('invoices as i')
        .innerJoin('customers as c', 'c.id', 'i.customer_id')
        .select(['c.external_ref', 'i.issue_date', 'i.due_date', 'i.amount_minor'])
        .where('i.organization_id', '=', org.id)
        .where('i.number', '=', number)
        .executeTakeFirst();
    // Seven opening lines of entry ANO 1 share PieceRef "RAN": journal, entry and customer tell them apart.
    expect(await invoice('ANO-1-RAN-CLAURE')).toEqual({ external_ref: 'CLAURE', issue_date: '2021-09-01', due_date: '2021-10-01', amount_minor: 613588 });
    // A PieceRef seen once is the number as is; without DateRglt the due date is net 30 from the entry.
    expect(await invoice('FA  220272')).toEqual({ external_ref: 'CNOURR', issue_date: '2022-04-20', due_date: '2022-05-20', amount_minor: 811506 });
    // A credit whose entry touches a revenue account is a credit note, the others payments.
    const note = await db.kysely.selectFrom('credit_notes').select('amount_minor').where('organization_id', '=', org.id).where('number', '=', 'AV  220282').executeTakeFirst();
    expect(note).toEqual({ amount_minor: 492639 });
    const payments = await db.kysely.selectFrom('payments').select('reference').where('organization_id', '=', org.id).where('reference', '=', 'CRC-8-0055129').execute();
    expect(payments).toHaveLength(0);
    const payment = await db.kysely.selectFrom('payments').select(['amount_minor']).where('organization_id', '=', org.id).where('reference', '=', '0055129').executeTakeFirst();
    expect(payment).toEqual({ amount_minor: 278098 });
  });

  it('settles a lettered group whose counterpart predates the file against nothing, with a note naming the letter', async () => {
    const org = await newOrganization();
    const text = [
      HEADER,
      // Lettered AA: an invoice of 100 and a payment of 60; the other 40 was paid before this file.
      'VE\tVentes\t1\t20250110\t411000\tClients\tC1\tClient Un\tF1\t20250110\tFacture F1\t100,00\t0,00\tAA\t20250301\t\t\t',
      'VE\tVentes\t1\t20250110\t706000\tPrestations\t\t\tF1\t20250110\tFacture F1\t0,00\t100,00\t\t\t\t\t',
      'BQ\tBanque\t2\t20250301\t411000\tClients\tC1\tClient Un\tVIR1\t20250301\tVirement\t0,00\t60,00\tAA\t20250301\t\t\t',
      'BQ\tBanque\t2\t20250301\t512000\tBanque\t\t\tVIR1\t20250301\tVirement\t60,00\t0,00\t\t\t\t\t',
      // Unlettered: open.
      'VE\tVentes\t3\t20250115\t411000\tClients\tC1\tClient Un\tF2\t20250115\tFacture F2\t50,00\t0,00\t\t\t\t\t',
      'VE\tVentes\t3\t20250115\t706000\tPrestations\t\t\tF2\t20250115\tFacture F2\t0,00\t50,00\t\t\t\t\t',
    ].join('\n');
    const report = await importFile(db, org.id, 'fec', fileSource(writeTextFile('small.txt', text), 'small.txt'));
    expect(report.created).toMatchObject({ customers: 1, invoices: 2, payments: 1, allocations: 2 });
    const allocations = await db.kysely
      .selectFrom('allocations')
      .select(['invoice_id', 'payment_id', 'amount_minor', 'note'])
      .where('organization_id', '=', org.id)
      .orderBy('amount_minor')
      .execute();
    expect(allocations.map((a) => [a.amount_minor, a.invoice_id !== null, a.payment_id !== null, a.note])).toEqual([
      [4000, true, false, 'FEC lettering AA: settled by entries outside this file'],
      [6000, true, true, 'FEC lettering AA'],
    ]);
    expect(await balances(org.id, '2025-03-31')).toEqual({ C1: '50.00' });
  });

  it('reads a "|"-separated FEC in Windows-1252 with Montant and Sens instead of Debit and Credit', async () => {
    const org = await newOrganization();
    const header = HEADER.replace('Debit\tCredit', 'Montant\tSens').replaceAll('\t', '|');
    const text = [
      header,
      'VE|Ventes|7|20250110|411000|Clients|C1|Société Générale|F7|20250110|Facture F7|120,00|D|||||',
      'VE|Ventes|7|20250110|706000|Prestations|||F7|20250110|Facture F7|120,00|C|||||',
    ].join('\r\n');
    const report = await importFile(db, org.id, 'fec', fileSource(writeTextFile('pipe.txt', text, 'windows-1252'), 'pipe.txt'));
    expect(report.encoding).toBe('windows-1252');
    const customer = await db.kysely.selectFrom('customers').select('name').where('organization_id', '=', org.id).executeTakeFirstOrThrow();
    expect(customer.name).toBe('Société Générale');
    expect(await balances(org.id, '2025-01-31')).toEqual({ C1: '120.00' });
  });

  it('reads the 22-column variant, taking DateRglt as the due date', async () => {
    const org = await newOrganization();
    const report = await importFile(db, org.id, 'fec', fileSource(FEC_2023, 'FEC20231231.txt'));
    expect(report.rows_read).toBe(2102);
    // Unlettered 411 lines, debit − credit per CompAuxNum, worked out with awk.
    expect(await balances(org.id, '2023-12-31')).toEqual({ CCB: '1510.52', CCHQ: '542.00', CESP: '25719.18', CVIR: '0.00' });
    const dueDates = await db.kysely
      .selectFrom('invoices')
      .select(['issue_date', 'due_date'])
      .where('organization_id', '=', org.id)
      .where('source', '=', 'fec')
      .execute();
    expect(dueDates.length).toBeGreaterThan(0);
    // In this file DateRglt equals the entry date on every sales line.
    expect(dueDates.every((d) => d.due_date === d.issue_date)).toBe(true);
  });

  it('changes nothing when the same FEC is imported again', async () => {
    const org = await newOrganization();
    await importFile(db, org.id, 'fec', fileSource(FEC_2022, 'FEC20220831.txt'));
    const before = await snapshotLedger(db);
    const again = await importFile(db, org.id, 'fec', fileSource(FEC_2022, 'FEC20220831.txt'));
    expect(again.created).toEqual({ customers: 0, contacts: 0, invoices: 0, credit_notes: 0, payments: 0, allocations: 0 });
    expect(again.skipped).toBe(538);
    expect(await snapshotLedger(db)).toEqual(before);
  });

  it('refuses a FEC whose invoice is already recorded with another amount, naming the PieceRef with its code', async () => {
    const org = await newOrganization();
    const fec = (amount: string) =>
      [
        HEADER,
        `VE\tVentes\t1\t20250110\t411000\tClients\tC1\tClient Un\tF1\t20250110\tFacture\t${amount}\t0,00\t\t\t\t\t`,
        `VE\tVentes\t1\t20250110\t706000\tPrestations\t\t\tF1\t20250110\tFacture\t0,00\t${amount}\t\t\t\t\t`,
      ].join('\n');
    await importFile(db, org.id, 'fec', fileSource(writeTextFile('first.txt', fec('120,00')), 'first.txt'));
    const before = await snapshotLedger(db);
    const error = await importFile(db, org.id, 'fec', fileSource(writeTextFile('second.txt', fec('150,00')), 'second.txt')).then(
      () => null,
      (e: { issues?: unknown }) => e,
    );
    expect(error?.issues).toEqual([
      {
        file: 'second.txt',
        line: 2,
        column: 50,
        message: 'PieceRef: invoice F1 is already in Relance with other values (120.00 on 2025-01-10, here 150.00 on 2025-01-10); an import never changes a recorded invoice',
        reason: { code: 'recorded_with_other_values', field: 'PieceRef', value: 'F1' },
      },
    ]);
    expect(await snapshotLedger(db)).toEqual(before);
  });

  it('writes nothing on a dry run', async () => {
    const org = await newOrganization();
    const before = await snapshotLedger(db);
    const report = await importFile(db, org.id, 'fec', fileSource(FEC_2022, 'FEC20220831.txt'), { dryRun: true });
    expect(report.created.invoices).toBeGreaterThan(0);
    expect(await snapshotLedger(db)).toEqual(before);
  });
});
