import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../src/core/app-error.js';
import type { Db } from '../src/adapters/db/database.js';
import { openDatabase } from '../src/adapters/db/database.js';
import { createCustomer } from '../src/adapters/db/stores/customers.js';
import { getInvoiceFile } from '../src/adapters/db/stores/invoice-files.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { buildApp } from '../src/http/build-app.js';
import { signIn } from './support/api-session.js';
import { readEInvoiceFile } from '../src/adapters/files/einvoice-file.js';
import { importEInvoices } from '../src/app/import/import-einvoices.js';
import { getCustomerTimeline } from '../src/app/timeline/get-customer-timeline.js';
import type { ImportSource } from '../src/app/import/import-source.js';
import { facturXPdf } from './fixtures/einvoice/factur-x-pdf.js';
import { snapshotLedger } from './fixtures/imports/database-snapshot.js';
import { ENGINES, freshDatabase, freshDatabaseUrl } from './support/engines.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'einvoice');
const sample = (name: string) => readFileSync(join(FIXTURES, name));
const text = (name: string) => sample(name).toString('utf8');

function source(name: string, content: Buffer | string): ImportSource {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return {
    name,
    size: bytes.length,
    open: async function* () {
      yield bytes;
    },
  };
}

/** The UBL sample turned into a credit note, as a Peppol BIS 3 credit note is written. */
function ublCreditNote(): string {
  return text('akretion_ubl-21-en16931.xml')
    .replace('<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"', '<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"')
    .replace('</Invoice>', '</CreditNote>')
    .replace('<cbc:ID>F124212</cbc:ID>', '<cbc:ID>AV-0001</cbc:ID>')
    .replace('<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>', '<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>');
}

async function refusal(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('reading e-invoices by their content', () => {
  it('reads each sample’s number, dates, amounts and buyer', async () => {
    const read = async (name: string) => {
      const reading = await readEInvoiceFile(sample(name));
      if ('problems' in reading) throw new Error(JSON.stringify(reading.problems));
      return reading.invoice;
    };
    expect(await read('akretion_factur-x-minimum.xml')).toMatchObject({
      syntax: 'cii',
      kind: 'invoice',
      number: 'F20260023',
      issueDate: '2026-01-31',
      dueDate: null,
      currency: 'EUR',
      totalMinor: 10490,
      amountDueMinor: 10490,
      buyer: { name: 'LE CLIENT', ids: [{ scheme: 'siren', value: '987654321' }] },
    });
    for (const name of ['akretion_factur-x-basic.xml', 'akretion_factur-x-en16931.xml']) {
      expect(await read(name)).toMatchObject({
        number: 'F20260023',
        dueDate: '2026-03-02',
        totalMinor: 10490,
        amountDueMinor: 10490,
        buyer: {
          name: 'LE CLIENT',
          ids: [
            { scheme: 'siren', value: '987654321' },
            { scheme: 'vat', value: 'FR05987654321' },
            { scheme: 'gln', value: '3654789851' },
          ],
        },
      });
    }
    expect(await read('akretion_ubl-21-en16931.xml')).toMatchObject({
      syntax: 'ubl',
      kind: 'invoice',
      number: 'F124212',
      issueDate: '2026-06-17',
      dueDate: '2026-07-16',
      totalMinor: 30803,
      amountDueMinor: 20803,
      buyer: { name: 'Ma jolie boutique SARL', ids: [{ scheme: 'siret', value: '78787878400018' }, { scheme: 'siren', value: '787878784' }, { scheme: 'vat', value: 'FR19787878784' }, { scheme: '0225', value: '787878784' }] },
    });
    expect(await read('akretion_zugferd-basic.xml')).toMatchObject({ syntax: 'zugferd1', number: '471102', issueDate: '2013-03-05', dueDate: null, totalMinor: 23562, amountDueMinor: 23562, buyer: { name: 'Kunden AG Mitte', ids: [] } });
  });

  it('reads amounts as XML writes them, zeros past the cents included, and names the element of one that is not', async () => {
    const withDue = (amount: string) => Buffer.from(text('akretion_factur-x-minimum.xml').replace('<ram:DuePayableAmount>104.90</ram:DuePayableAmount>', `<ram:DuePayableAmount>${amount}</ram:DuePayableAmount>`));
    expect(await readEInvoiceFile(withDue('104.9000'))).toMatchObject({ invoice: { amountDueMinor: 10490 } });
    expect(await readEInvoiceFile(withDue('104.905'))).toEqual({
      problems: [
        {
          code: 'einvoice_not_an_amount',
          path: '/CrossIndustryInvoice/SupplyChainTradeTransaction/ApplicableHeaderTradeSettlement/SpecifiedTradeSettlementHeaderMonetarySummation/DuePayableAmount',
          message: '"104.905" is not an amount in EUR',
          value: '104.905',
        },
      ],
    });
  });

  it('refuses a date out of the ledger’s years, a number on two lines and a NUL character, each at its place', async () => {
    const minimum = text('akretion_factur-x-minimum.xml');
    const far = await readEInvoiceFile(Buffer.from(minimum.replace('>20260131<', '>00260131<')));
    expect(far).toEqual({ problems: [expect.objectContaining({ code: 'einvoice_date_out_of_range', path: '/CrossIndustryInvoice/ExchangedDocument/IssueDateTime/DateTimeString', value: '00260131' })] });
    const lines = await readEInvoiceFile(Buffer.from(minimum.replace('<ram:ID>F20260023</ram:ID>', '<ram:ID>F2026&#10;0023</ram:ID>')));
    expect(lines).toEqual({ problems: [expect.objectContaining({ code: 'einvoice_number_on_lines', path: '/CrossIndustryInvoice/ExchangedDocument/ID' })] });
    const nul = await readEInvoiceFile(Buffer.from(minimum.replace('LE CLIENT', 'LE\u0000CLIENT')));
    expect(nul).toEqual({ problems: [expect.objectContaining({ code: 'malformed_xml', line: 38, column: 33 })] });
    const reference = await readEInvoiceFile(Buffer.from(minimum.replace('LE CLIENT', 'LE&#0;CLIENT')));
    expect(reference).toMatchObject({ invoice: { buyer: { name: 'LE&#0;CLIENT' } } });
  });

  it('reads a UBL date that carries a time zone as its day', async () => {
    const zoned = text('akretion_ubl-21-en16931.xml').replace('<cbc:IssueDate>2026-06-17</cbc:IssueDate>', '<cbc:IssueDate>2026-06-17+02:00</cbc:IssueDate>');
    expect(await readEInvoiceFile(Buffer.from(zoned))).toMatchObject({ invoice: { issueDate: '2026-06-17' } });
  });

  it('reads a UBL credit note as a credit note', async () => {
    const reading = await readEInvoiceFile(Buffer.from(ublCreditNote()));
    expect(reading).toMatchObject({ invoice: { kind: 'credit_note', number: 'AV-0001', amountDueMinor: 20803 } });
  });

  it('finds the Factur-X XML inside a PDF whatever the file is called, and keeps the PDF', async () => {
    const pdf = await facturXPdf(sample('akretion_factur-x-basic.xml'));
    const reading = await readEInvoiceFile(pdf);
    expect(reading).toMatchObject({ invoice: { number: 'F20260023', dueDate: '2026-03-02' }, embeddedName: 'factur-x.xml' });
    expect('pdf' in reading && reading.pdf?.length).toBe(pdf.length);
  });

  it('refuses an XML bomb unread, and says where a file is not well formed', async () => {
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n<Invoice>&lol2;</Invoice>`;
    expect(await readEInvoiceFile(Buffer.from(bomb))).toEqual({ problems: [expect.objectContaining({ code: 'xml_doctype_refused', line: 2, column: 1 })] });
    const broken = text('akretion_factur-x-minimum.xml').replace('</ram:TypeCode>', '</ram:Type>');
    expect(await readEInvoiceFile(Buffer.from(broken))).toEqual({ problems: [expect.objectContaining({ code: 'malformed_xml', line: 17 })] });
  });
});

describe.each(ENGINES)('importing e-invoices on %s', (engine) => {
  let db: Db;
  let orgId: string;

  beforeEach(async () => {
    await db?.close();
    db = await freshDatabase(engine);
    orgId = (await createOrganization(db, { name: 'Le Fournisseur', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' })).id;
  });

  afterAll(async () => {
    await db?.close();
  });

  const invoices = () => db.kysely.selectFrom('invoices').select(['number', 'customer_id', 'issue_date', 'due_date', 'amount_minor', 'currency', 'source']).where('organization_id', '=', orgId).orderBy('number').execute();

  it('collects the amount due, not the grand total, when part was prepaid, and creates the buyer from its identifiers', async () => {
    const report = await importEInvoices(db, orgId, [source('ubl.xml', sample('akretion_ubl-21-en16931.xml'))]);
    expect(report.created).toMatchObject({ customers: 1, contacts: 1, invoices: 1, credit_notes: 0 });
    expect(report.documents).toEqual([
      {
        file: 'ubl.xml',
        kind: 'invoice',
        number: 'F124212',
        issue_date: '2026-06-17',
        due_date: '2026-07-16',
        currency: 'EUR',
        total: '308.03',
        amount_due: '208.03',
        buyer_name: 'Ma jolie boutique SARL',
        buyer_ids: [
          { scheme: 'siret', value: '78787878400018' },
          { scheme: 'siren', value: '787878784' },
          { scheme: 'vat', value: 'FR19787878784' },
          { scheme: '0225', value: '787878784' },
        ],
      },
    ]);
    const [invoice] = await invoices();
    expect(invoice).toMatchObject({ number: 'F124212', amount_minor: 20803, due_date: '2026-07-16', source: 'einvoice' });
    // Like every invoice recorded, it has a payment reference for the customer to pay with (RF in France).
    const { payment_reference: reference } = await db.kysely.selectFrom('invoices').select('payment_reference').where('number', '=', 'F124212').executeTakeFirstOrThrow();
    expect(reference).toMatch(/^RF\d{2}/);
    const customer = await db.kysely.selectFrom('customers').selectAll().where('id', '=', invoice!.customer_id).executeTakeFirstOrThrow();
    expect(customer).toMatchObject({ external_ref: '78787878400018', name: 'Ma jolie boutique SARL', registration_id: '78787878400018', vat_id: 'FR19787878784' });
    // Reminders can go out at once: the buyer's contact point becomes the customer's contact.
    const contacts = await db.kysely.selectFrom('contacts').select(['name', 'email', 'phone', 'address', 'role']).where('customer_id', '=', customer.id).execute();
    expect(contacts).toEqual([
      { name: 'Mme Laëtitia Durand', email: 'laetita.durand@jolieboutique.com', phone: '+33 7 42 12 42 12', address: "35 rue de la République, La presqu'île, 69001, Lyon, FR", role: 'accounts_payable' },
    ]);
  });

  it('files the invoice under the customer whose VAT number the buyer gives, however it is spaced', async () => {
    const known = await createCustomer(db, orgId, { externalRef: 'C-MAJOLIE', name: 'Boutique Ma Jolie', vatId: 'FR 19 787 878 784' });
    const report = await importEInvoices(db, orgId, [source('ubl.xml', sample('akretion_ubl-21-en16931.xml'))]);
    expect(report.created.customers).toBe(0);
    expect((await invoices())[0]!.customer_id).toBe(known.id);
  });

  it('gives a MINIMUM invoice, which has no due date, the due date of its customer’s payment terms', async () => {
    await createCustomer(db, orgId, { externalRef: 'CLIENT', name: 'Le Client', registrationId: '987 654 321', paymentTerms: 'net 45' });
    const report = await importEInvoices(db, orgId, [source('minimum.xml', sample('akretion_factur-x-minimum.xml'))]);
    expect(report.documents[0]).toMatchObject({ number: 'F20260023', issue_date: '2026-01-31', due_date: '2026-03-17', amount_due: '104.90' });
    expect((await invoices())[0]!.due_date).toBe('2026-03-17');
  });

  it('imports a UBL credit note as a credit note of the customer', async () => {
    const report = await importEInvoices(db, orgId, [source('avoir', ublCreditNote())]);
    expect(report.created).toMatchObject({ customers: 1, invoices: 0, credit_notes: 1 });
    const note = await db.kysely.selectFrom('credit_notes').selectAll().where('organization_id', '=', orgId).executeTakeFirstOrThrow();
    expect(note).toMatchObject({ number: 'AV-0001', amount_minor: 20803, source: 'einvoice' });
  });

  it('sets a credit note against the invoice it names (BT-25), both in the same import, so nothing is left to collect on it', async () => {
    const correcting = ublCreditNote().replace('<cbc:ID>F124211</cbc:ID>', '<cbc:ID>F124212</cbc:ID>');
    const report = await importEInvoices(db, orgId, [source('ubl.xml', sample('akretion_ubl-21-en16931.xml')), source('avoir.xml', correcting)]);
    expect(report.created).toMatchObject({ customers: 1, invoices: 1, credit_notes: 1, allocations: 1 });
    const invoice = await db.kysely.selectFrom('invoices').select(['id', 'open_minor']).where('organization_id', '=', orgId).executeTakeFirstOrThrow();
    expect(Number(invoice.open_minor)).toBe(0);
    const note = await db.kysely.selectFrom('credit_notes').select(['invoice_id', 'unapplied_minor']).where('organization_id', '=', orgId).executeTakeFirstOrThrow();
    expect(note.invoice_id).toBe(invoice.id);
    expect(Number(note.unapplied_minor)).toBe(0);
  });

  it('creates nothing new when the same files come again, and refuses the same number with another amount', async () => {
    const files = () => [source('ubl.xml', sample('akretion_ubl-21-en16931.xml')), source('zugferd.xml', sample('akretion_zugferd-basic.xml'))];
    const first = await importEInvoices(db, orgId, files());
    expect(first.created).toMatchObject({ customers: 2, invoices: 2 });
    // The German buyer of the ZUGFeRD invoice is written to in German, the French one in French.
    const languages = await db.kysely.selectFrom('customers').select(['name', 'language']).where('organization_id', '=', orgId).orderBy('name').execute();
    expect(languages).toEqual([
      { name: 'Kunden AG Mitte', language: 'de' },
      { name: 'Ma jolie boutique SARL', language: 'fr' },
    ]);
    const before = await snapshotLedger(db);
    const again = await importEInvoices(db, orgId, files());
    expect(again.created).toMatchObject({ customers: 0, invoices: 0 });
    expect(again.skipped).toBe(2);
    expect(await snapshotLedger(db)).toEqual(before);
    // The customer's timeline tells where its invoice came from.
    const customer = await db.kysely.selectFrom('customers').select('id').where('name', '=', 'Kunden AG Mitte').executeTakeFirstOrThrow();
    const timeline = await getCustomerTimeline(db, orgId, customer.id, { kinds: ['import'], limit: 10, offset: 0 });
    expect(timeline.items.map((item) => item.summary)).toEqual([{ en: 'Import of e-invoices from ubl.xml, zugferd.xml: this account changed', fr: 'Import de factures électroniques depuis ubl.xml, zugferd.xml : ce compte a changé' }]);

    const changed = text('akretion_ubl-21-en16931.xml').replace('<cbc:PayableAmount currencyID="EUR">208.03</cbc:PayableAmount>', '<cbc:PayableAmount currencyID="EUR">108.03</cbc:PayableAmount>');
    const error = await refusal(importEInvoices(db, orgId, [source('changed.xml', changed)]));
    expect(error.issues).toEqual([
      expect.objectContaining({ file: 'changed.xml', message: expect.stringContaining('invoice F124212 is already in Relance with other values (amount 208.03 EUR, here 108.03 EUR)'), reason: expect.objectContaining({ code: 'recorded_with_other_values' }) }),
    ]);
    expect(await snapshotLedger(db)).toEqual(before);
  });

  it('names the file and the element at fault and imports none of the files when one is wrong', async () => {
    const before = await snapshotLedger(db);
    const wrong = text('akretion_ubl-21-en16931.xml').replace('<cbc:IssueDate>2026-06-17</cbc:IssueDate>', '<cbc:IssueDate>2026-02-30</cbc:IssueDate>').replace('<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>', '');
    const error = await refusal(importEInvoices(db, orgId, [source('good.xml', sample('akretion_factur-x-basic.xml')), source('wrong.xml', wrong)]));
    expect(error.message).toBe('good.xml, wrong.xml: 2 problems found, nothing was imported');
    expect(error.issues.map((i) => `${i.file}: ${i.message}`)).toEqual(['wrong.xml: /Invoice/IssueDate: "2026-02-30" is not a date', 'wrong.xml: /Invoice/DocumentCurrencyCode: the currency is missing']);
    expect(await snapshotLedger(db)).toEqual(before);
  });

  it('refuses an XML bomb and leaves the ledger as it was', async () => {
    const before = await snapshotLedger(db);
    const bomb = `<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><Invoice><ID>&c;</ID></Invoice>`;
    const error = await refusal(importEInvoices(db, orgId, [source('bomb.xml', bomb)]));
    expect(error.issues).toEqual([expect.objectContaining({ file: 'bomb.xml', reason: expect.objectContaining({ code: 'xml_doctype_refused' }) })]);
    expect(await snapshotLedger(db)).toEqual(before);
  });

  it('keeps the PDF a Factur-X invoice came in as the invoice’s document', async () => {
    const pdf = await facturXPdf(sample('akretion_factur-x-basic.xml'));
    const report = await importEInvoices(db, orgId, [source('download', pdf)]);
    expect(report.created.invoices).toBe(1);
    const [invoice] = await db.kysely.selectFrom('invoices').select('id').where('organization_id', '=', orgId).execute();
    const file = await getInvoiceFile(db, orgId, invoice!.id);
    expect(file).toMatchObject({ file_name: 'F20260023.pdf', content_type: 'application/pdf', size_bytes: pdf.length });
    expect(Buffer.from(file!.content_base64, 'base64').equals(pdf)).toBe(true);
  });
});

describe.each(ENGINES)('POST /api/imports/einvoice on %s', (engine) => {
  it('answers with the documents read, and with the element at fault as a problem when the file is wrong', async () => {
    const db = await freshDatabase(engine);
    const org = await createOrganization(db, { name: 'Le Fournisseur', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    await createUser(db, org.id, { email: 'ada@fournisseur.test', name: 'Ada', password: 'collector secret', role: 'collector' });
    const app = await buildApp({ db });
    try {
      await app.ready();
      const ada = await signIn(app, 'ada@fournisseur.test', 'collector secret');
      const upload = (body: Buffer | string) => ada.request('POST', '/api/imports/einvoice?file_name=facture', body, { 'content-type': 'application/octet-stream' });
      const done = await upload(sample('akretion_factur-x-minimum.xml'));
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json()).toMatchObject({
        kind: 'einvoice',
        created: { customers: 1, invoices: 1 },
        documents: [{ file: 'facture', kind: 'invoice', number: 'F20260023', issue_date: '2026-01-31', due_date: '2026-03-02', total: '104.90', amount_due: '104.90', buyer_name: 'LE CLIENT', buyer_ids: [{ scheme: 'siren', value: '987654321' }] }],
      });
      const wrong = await upload(text('akretion_factur-x-minimum.xml').replace('<ram:DuePayableAmount>104.90</ram:DuePayableAmount>', '<ram:DuePayableAmount>104,90 €</ram:DuePayableAmount>'));
      expect(wrong.statusCode).toBe(422);
      expect(wrong.json()).toMatchObject({
        issues: [
          {
            file: 'facture',
            message: '/CrossIndustryInvoice/SupplyChainTradeTransaction/ApplicableHeaderTradeSettlement/SpecifiedTradeSettlementHeaderMonetarySummation/DuePayableAmount: "104,90 €" is not an amount in EUR',
            reason: { code: 'einvoice_not_an_amount', value: '104,90 €' },
          },
        ],
      });
    } finally {
      await app.close();
      await db.close();
    }
  });
});

describe('relance import einvoice', () => {
  let url: string;
  let dir: string;
  beforeAll(async () => {
    url = await freshDatabaseUrl('sqlite');
    const db = await openDatabase(url);
    await createOrganization(db, { name: 'Le Fournisseur', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    await db.close();
    dir = mkdtempSync(join(tmpdir(), 'relance-einvoice-'));
    writeFileSync(join(dir, 'ubl'), sample('akretion_ubl-21-en16931.xml'));
    writeFileSync(join(dir, 'facture.pdf'), await facturXPdf(sample('akretion_factur-x-basic.xml')));
  });

  const relance = (...args: string[]) =>
    spawnSync(process.execPath, [join(import.meta.dirname, '..', 'bin', 'relance.mjs'), ...args], { cwd: dir, env: { ...process.env, DATABASE_URL: url, RELANCE_ORG: '' }, encoding: 'utf8' });

  it('prints the documents of several files as JSON, and writes nothing on a dry run', () => {
    const dry = relance('import', 'einvoice', 'ubl', 'facture.pdf', '--dry-run', '--json');
    expect(dry.status, dry.stderr).toBe(0);
    const report = JSON.parse(dry.stdout) as { dry_run: boolean; created: { invoices: number }; documents: Array<Record<string, unknown>> };
    expect(report).toMatchObject({ dry_run: true, created: { invoices: 2 } });
    expect(report.documents.map((d) => [d.file, d.kind, d.number, d.due_date, d.total, d.amount_due, d.buyer_name])).toEqual([
      ['ubl', 'invoice', 'F124212', '2026-07-16', '308.03', '208.03', 'Ma jolie boutique SARL'],
      ['facture.pdf', 'invoice', 'F20260023', '2026-03-02', '104.90', '104.90', 'LE CLIENT'],
    ]);
    const run = relance('import', 'einvoice', 'ubl', 'facture.pdf');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('created: 2 customers, 2 contacts, 2 invoices');
    expect(run.stdout).toContain('ubl: invoice F124212 of 2026-06-17, due 2026-07-16, 208.03 EUR (total 308.03, the rest prepaid), Ma jolie boutique SARL');
  });
});
