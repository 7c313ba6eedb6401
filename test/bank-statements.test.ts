import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { readStatementFile } from '../src/adapters/files/statement-file.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { importStatements, type StatementFile } from '../src/app/bank/import-statements.js';
import { readStatements } from '../src/app/bank/read-bank-csv.js';
import { readStatementLines } from '../src/core/bank/statement-lines.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'camt');
const fixture = (name: string): StatementFile => ({ name, bytes: readFileSync(join(FIXTURES, name)) });
const text = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const OUR_IBAN = 'BE68539007547034';

/** The lines and exclusions of files read alone, without a database. */
function read(...files: StatementFile[]) {
  return readStatementLines(files.flatMap((file) => readStatementFile(file.name, file.bytes)));
}

describe('reading bank statements', () => {
  it('reads every public sample with its account, amounts and directions', () => {
    const minimal = read(fixture('genkgo_camt053.v2.minimal.xml'));
    expect(minimal.lines).toEqual([
      expect.objectContaining({ accountIban: 'NL26VAYB8060476890', amountMinor: 885, currency: 'EUR', bookingDate: '2014-12-31', valueDate: '2015-01-02', payerName: 'NAME NAME', payerIban: 'NL56AGDH9619008421', reference: '4654654654654654' }),
    ]);
    const v8 = read(fixture('genkgo_camt053.v8.xml'));
    // The only detail of the entry gives 0 SEK: the entry's 8.85 EUR is what reached the account.
    expect(v8.lines.map((l) => [l.amountMinor, l.currency, l.reference, l.bankReference])).toEqual([[885, 'EUR', '4654654654654654', 'AAAASESS-FP-CN_98765/01']]);
    // Its related parties name only the creditor (the account holder): the payer is unknown.
    const multi = read(fixture('genkgo_camt053.v2.multi.statement.xml'));
    expect(multi.lines.map((l) => [l.amountMinor, l.payerName, l.reference, l.remittance])).toEqual([[885, null, '000000001', 'Transaction Description 1']]);
    expect(multi.excluded.map((e) => [e.reason, e.amountMinor, e.path])).toEqual([['debit', 700, 'Document/BkToCstmrStmt/Stmt[2]/Ntry[1]/NtryDtls[1]/TxDtls[1]']]);
    expect(read(fixture('genkgo_camt053.v2.with-party-ids.xml')).lines.map((l) => l.amountMinor)).toEqual([885]);
    // Both notifications book debits only: nothing in them is a payment.
    for (const name of ['genkgo_camt054.v2.xml', 'genkgo_camt054.v8.xml']) {
      const reading = read(fixture(name));
      expect(reading.lines).toEqual([]);
      expect(new Set(reading.excluded.map((e) => e.reason))).toEqual(new Set(['debit']));
    }
    // Its details give amounts in CHF on a SEK entry: the batch stays one booking of the entry's amount.
    expect(read(fixture('genkgo_camt054.v8.xml')).excluded.map((e) => [e.amountMinor, e.currency])).toEqual([[200000_00, 'SEK']]);
  });

  it('gives one payment per transaction of a batch, and leaves out reversals, returns, pending entries and debits with their reason', () => {
    const { lines, excluded, reversals } = read(fixture('relance_camt053.v8.batch.xml'));
    expect(lines.map((l) => [l.amountMinor, l.payerName, l.reference, l.remittance])).toEqual([
      [100_00, 'Boulangerie Martin SARL', 'RF18539007547034', null],
      [250_50, 'Garage Dupont', null, 'Facture F-2026-0042 merci'],
      [49_50, 'Librairie Lefèvre', '010806817183', null],
    ]);
    expect(excluded.map((e) => [e.reason, e.amountMinor])).toEqual([
      ['reversal', 120_00],
      ['return', 75_00],
      ['pending', 300_00],
      ['debit', 59_90],
      ['reversal', 120_00],
    ]);
    expect(excluded[0]!.note).toContain('Ntry[2]');
    expect(reversals).toEqual([]);
  });

  it('never identifies a payment by its end-to-end id alone', () => {
    const { lines } = read(fixture('relance_camt053.v8.batch.xml'));
    expect(new Set(lines.map((l) => l.identity)).size).toBe(3);
    expect(lines[1]!.identity).not.toContain('NOTPROVIDED');
  });

  it('recognises a statement by its content whatever its name, alone or in a ZIP', () => {
    const bytes = readFileSync(join(FIXTURES, 'relance_camt053.v8.batch.xml'));
    expect(read({ name: 'download', bytes }).lines).toHaveLength(3);
    const zip = zipSync({ 'a/statement': bytes, 'b.xml': readFileSync(join(FIXTURES, 'genkgo_camt053.v2.minimal.xml')) });
    const statements = readStatementFile('bank-export', zip);
    expect(statements.map((s) => [s.file, s.format])).toEqual([
      ['bank-export/a/statement', 'camt.053'],
      ['bank-export/b.xml', 'camt.053'],
    ]);
  });

  it('refuses a broken file naming the file and the element path', () => {
    const broken = text('relance_camt053.v8.batch.xml').replace('<Amt Ccy="EUR">250.50</Amt>', '<Amt Ccy="EUR">25O.50</Amt>');
    expect(() => readStatementFile('march.xml', strToU8(broken))).toThrow(
      'march.xml: Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/NtryDtls[1]/TxDtls[2]/Amt: "25O.50" is not an amount in EUR; nothing was imported',
    );
    const noDirection = text('genkgo_camt053.v2.minimal.xml').replace(/<CdtDbtInd>CRDT<\/CdtDbtInd>\s*<RvslInd>/, '<RvslInd>');
    expect(() => readStatementFile('min.xml', strToU8(noDirection))).toThrow('Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/CdtDbtInd: this element is required');
    const cut = text('genkgo_camt053.v2.minimal.xml').slice(0, 3000);
    expect(() => readStatementFile('cut.xml', strToU8(cut))).toThrow(/cut\.xml: line \d+, column \d+: the XML is broken/);
    expect(() => readStatementFile('notes.txt', strToU8('date;amount\n2026-03-01;12.00\n'))).toThrow('notes.txt: this is neither an ISO 20022 bank statement');
  });

  it('reads a statement its bank wrote in Latin-1', () => {
    const latin1 = Buffer.from(text('relance_camt053.v8.batch.xml').replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'), 'latin1');
    expect(read({ name: 'latin1.xml', bytes: latin1 }).lines[2]!.payerName).toBe('Librairie Lefèvre');
  });

  it('refuses an XML bomb without expanding it', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Acct><Id><IBAN>&lol2;</IBAN></Id></Acct></Stmt></BkToCstmrStmt></Document>`;
    expect(() => readStatementFile('bomb.xml', strToU8(bomb))).toThrow('bomb.xml: the file declares a document type (DOCTYPE) or entities');
  });

  it('refuses a ZIP that would inflate beyond its limits', () => {
    // 120 MB of zeros compress to about 120 KB: a file no bank sends.
    const zip = zipSync({ 'huge.xml': new Uint8Array(120 * 1024 * 1024) }, { level: 9 });
    expect(zip.length).toBeLessThan(1024 * 1024);
    expect(() => readStatementFile('bomb.zip', zip)).toThrow(/bomb\.zip: the ZIP is refused: huge\.xml would be 120 MB once uncompressed/);
  });
});

describe.each(ENGINES)('importing bank statements on %s', (engine) => {
  let db: Db;
  let organizationId: string;
  let otherOrganizationId: string;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    organizationId = (await createOrganization(db, { name: 'Atelier Durand', country: 'BE', currency: 'EUR', timeZone: 'Europe/Brussels', locale: 'fr-BE', bankAccounts: [{ label: 'main', iban: 'BE68 5390 0754 7034' }] })).id;
    otherOrganizationId = (await createOrganization(db, { name: 'Other', country: 'NL', currency: 'EUR', timeZone: 'Europe/Amsterdam', locale: 'nl-NL' })).id;
  });
  afterAll(async () => {
    await db?.close();
  });

  const lineCount = async (orgId: string) => Number((await db.kysely.selectFrom('bank_lines').select((eb) => eb.fn.countAll().as('n')).where('organization_id', '=', orgId).executeTakeFirstOrThrow()).n);

  it('refuses a statement of an account the organization does not hold, with a sentence saying so, and stores nothing', async () => {
    await expect(importStatements(db, otherOrganizationId, [fixture('relance_camt053.v8.batch.xml')])).rejects.toThrow(
      "relance_camt053.v8.batch.xml: the statement is for the account BE68 5390 0754 7034, which is not one of this organization's bank accounts",
    );
    expect(await lineCount(otherOrganizationId)).toBe(0);
  });

  it('a dry run says what would be imported and stores nothing', async () => {
    const report = await importStatements(db, organizationId, [fixture('relance_camt052.v2.intraday.xml')], { dryRun: true });
    expect(report.payments.map((p) => p.amount)).toEqual(['100.00', '250.50', '49.50']);
    expect(await lineCount(organizationId)).toBe(0);
  });

  it('stores each credit once: an intraday report, then the statement of the same day, then the statement again', async () => {
    const intraday = await importStatements(db, organizationId, [fixture('relance_camt052.v2.intraday.xml')]);
    expect(intraday.payments.map((p) => [p.amount, p.status, p.invoices])).toEqual([
      ['100.00', 'unmatched', []],
      ['250.50', 'unmatched', []],
      ['49.50', 'unmatched', []],
    ]);
    expect(intraday.excluded.map((e) => e.reason)).toEqual(['pending']);

    const statement = await importStatements(db, organizationId, [fixture('relance_camt053.v8.batch.xml')]);
    expect(statement.payments).toEqual([]);
    expect(statement.excluded.map((e) => [e.reason, e.amount]).sort()).toEqual(
      [['debit', '59.90'], ['duplicate', '100.00'], ['duplicate', '250.50'], ['duplicate', '49.50'], ['pending', '300.00'], ['return', '75.00'], ['reversal', '120.00'], ['reversal', '120.00']].sort(),
    );
    const again = await importStatements(db, organizationId, [fixture('relance_camt053.v8.batch.xml'), fixture('relance_camt052.v2.intraday.xml')]);
    expect(again.payments).toEqual([]);
    expect(await lineCount(organizationId)).toBe(3);
  });

  it('a reversal in a later statement takes back the credit stored from an earlier one', async () => {
    const report = await importStatements(db, organizationId, [fixture('relance_camt054.v2.reversal.xml')]);
    expect(report.excluded).toEqual([expect.objectContaining({ reason: 'reversal', amount: '100.00', note: 'takes back the credit of 2026-03-03 from relance_camt052.v2.intraday.xml' })]);
    const statuses = await db.kysely.selectFrom('bank_lines').select(['amount_minor', 'status']).where('organization_id', '=', organizationId).orderBy('amount_minor').execute();
    expect(statuses).toEqual([
      { amount_minor: 49_50, status: 'unmatched' },
      { amount_minor: 100_00, status: 'reversed' },
      { amount_minor: 250_50, status: 'unmatched' },
    ]);
  });

  it('reads a bank CSV export by its headers, once, and names the line of a broken one', async () => {
    const csv = [
      'Date comptable;Date valeur;Montant;Devise;Contrepartie;IBAN contrepartie;Communication',
      '04/03/2026;04/03/2026;1 250,00;EUR;Garage Dupont;BE71 0961 2345 6769;Facture F-2026-0051',
      '04/03/2026;04/03/2026;-80,00;EUR;Fournisseur;;Achat',
      '05/03/2026;05/03/2026;1 250,00;EUR;Garage Dupont;BE71 0961 2345 6769;Facture F-2026-0052',
    ].join('\n');
    const file = { name: 'export-banque', bytes: Buffer.from(csv, 'latin1') };
    const first = await importStatements(db, organizationId, [file]);
    expect(first.payments.map((p) => [p.booking_date, p.amount, p.payer_name, p.payer_iban, p.remittance])).toEqual([
      ['2026-03-04', '1250.00', 'Garage Dupont', 'BE71096123456769', 'Facture F-2026-0051'],
      ['2026-03-05', '1250.00', 'Garage Dupont', 'BE71096123456769', 'Facture F-2026-0052'],
    ]);
    expect(first.excluded.map((e) => [e.reason, e.amount, e.path])).toEqual([['debit', '80.00', 'line 3']]);
    expect((await importStatements(db, organizationId, [file])).payments).toEqual([]);

    const mapped = 'Jour,Somme,Texte\n06/03/2026,99.00,F-2026-0060\n';
    const report = await importStatements(db, organizationId, [{ name: 'mapped.csv', bytes: strToU8(mapped) }], { dryRun: true, columnMap: 'date=Jour,amount=Somme,remittance=Texte' });
    expect(report.payments.map((p) => [p.amount, p.currency, p.remittance])).toEqual([['99.00', 'EUR', 'F-2026-0060']]);
    const broken = 'Date;Montant\n06/03/2026;12,00\n31/02/2026;5,00\n';
    await expect(importStatements(db, organizationId, [{ name: 'broken.csv', bytes: strToU8(broken) }])).rejects.toThrow('broken.csv: line 3: "31/02/2026" is not a date; nothing was imported');
  });

  it('a broken file among several imports nothing', async () => {
    const broken = { name: 'broken.xml', bytes: strToU8(text('relance_camt053.v8.batch.xml').replace('<BookgDt><Dt>2026-03-03</Dt></BookgDt>', '<BookgDt><Dt>2026-02-30</Dt></BookgDt>').replace(/BANK-20260303/g, 'BANK-X')) };
    const before = await lineCount(organizationId);
    await expect(importStatements(db, organizationId, [fixture('genkgo_camt053.v2.minimal.xml'), broken])).rejects.toThrow('broken.xml: Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/BookgDt: "2026-02-30" is not a date');
    expect(await lineCount(organizationId)).toBe(before);
  });
});

describe('reading mutated and truncated statements', () => {
  /** A small deterministic generator: the same variants on every run. */
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
  }

  it('either reads a variant or refuses it as an import problem naming the file, for 1,000 variants of each sample', () => {
    const next = random(20260306);
    const samples = ['genkgo_camt053.v2.minimal.xml', 'genkgo_camt053.v8.xml', 'genkgo_camt054.v8.xml', 'relance_camt053.v8.batch.xml', 'relance_camt052.v2.intraday.xml'];
    const tokens = ['<', '>', '</Ntry>', '<Amt Ccy="EUR">', 'CRDT', 'DBIT', '&amp;', '\u0000', '-1.00', '99999999999999999999', 'BOOK', '<TxDtls>', '"', '2026-13-45'];
    let refused = 0;
    for (const name of samples) {
      const original = text(name);
      for (let variant = 0; variant < 1000; variant += 1) {
        let mutated = original;
        const cut = Math.floor(next() * mutated.length);
        const kind = variant % 4;
        if (kind === 0) mutated = mutated.slice(0, cut);
        else if (kind === 1) mutated = mutated.slice(0, cut) + mutated.slice(cut + 1 + Math.floor(next() * 40));
        else if (kind === 2) mutated = mutated.slice(0, cut) + tokens[Math.floor(next() * tokens.length)] + mutated.slice(cut);
        else mutated = mutated.slice(0, cut) + String.fromCharCode(32 + Math.floor(next() * 90)) + mutated.slice(cut + 1);
        try {
          readStatementLines(readStatementFile(`${name}#${variant}`, strToU8(mutated)));
        } catch (error) {
          refused += 1;
          expect(error, `${name}#${variant}`).toMatchObject({ code: 'import_failed', place: { file: `${name}#${variant}` } });
          expect((error as { issues: unknown[] }).issues).toHaveLength(1);
        }
      }
    }
    expect(refused).toBeGreaterThan(1000);
  });

  it('either reads a variant of a bank CSV export or refuses it naming the file, for 1,000 variants', () => {
    const next = random(20260308);
    const csv = 'Date comptable;Montant;Devise;Contrepartie;IBAN contrepartie;Communication\n04/03/2026;1 250,00;EUR;Garage Dupont;BE71 0961 2345 6769;Facture F-2026-0051\n05/03/2026;-80,00;EUR;"Fournisseur; SA";;"Achat ""urgent"""\n';
    const context = { accounts: [{ iban: OUR_IBAN, currency: 'EUR' }] };
    for (let variant = 0; variant < 1000; variant += 1) {
      const cut = Math.floor(next() * csv.length);
      const mutated = variant % 2 === 0 ? csv.slice(0, cut) : csv.slice(0, cut) + '";\n,'[Math.floor(next() * 4)] + csv.slice(cut + 1);
      try {
        readStatementLines(readStatements(`csv#${variant}`, strToU8(mutated), context));
      } catch (error) {
        expect(error, `csv#${variant}`).toMatchObject({ code: 'import_failed', place: { file: `csv#${variant}` } });
      }
    }
  });

  it('refuses a damaged ZIP as an import problem naming the file, for 1,000 variants', () => {
    const next = random(20260307);
    const zip = zipSync({ 'a.xml': readFileSync(join(FIXTURES, 'relance_camt053.v8.batch.xml')), 'b.xml': readFileSync(join(FIXTURES, 'genkgo_camt054.v2.xml')) });
    for (let variant = 0; variant < 1000; variant += 1) {
      const damaged = Uint8Array.from(zip);
      for (let flips = 1 + Math.floor(next() * 4); flips > 0; flips -= 1) damaged[4 + Math.floor(next() * (damaged.length - 4))] = Math.floor(next() * 256);
      const cut = variant % 3 === 0 ? damaged.subarray(0, 4 + Math.floor(next() * (damaged.length - 4))) : damaged;
      try {
        readStatementLines(readStatementFile(`zip#${variant}`, cut));
      } catch (error) {
        expect(error, `zip#${variant}`).toMatchObject({ code: 'import_failed', place: { file: expect.stringContaining(`zip#${variant}`) } });
      }
    }
  });
});
