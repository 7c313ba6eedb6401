import { checkStandingTermsCap, formatPaymentTerms, parsePaymentTerms } from '../../core/payment-terms.js';
import type { Db } from '../../adapters/db/database.js';
import { newId, nowIso } from '../../adapters/db/ids.js';
import { customerRow } from '../../adapters/db/stores/customers.js';
import { findContactsOf, findCustomersByRef, type CustomerPatch } from '../../adapters/db/stores/import-writer.js';
import type { ContactRow, CustomerRow } from '../../adapters/db/schema.js';
import { CSV_COLUMNS } from './import-columns.js';
import type { ImportOptions, ImportReport } from './import-report.js';
import type { ImportSource } from './import-source.js';
import { IssueList } from './issue-list.js';
import { CellReader, detached, parseColumnMap, readCsvRows, type CsvCell, type CsvRow } from './csv-rows.js';
import { assertNoIssues, runImport, type ImportContext, type WriteBatch } from './run-import.js';

interface CustomerLine {
  ref: string;
  refCell: CsvCell;
  /** Only the details the file gives: an empty cell leaves what Relance knows unchanged. */
  patch: CustomerPatch;
  contact: { email: string | null; phone: string | null; address: string | null } | null;
}

const LANGUAGES: Record<string, string> = {
  francais: 'fr', french: 'fr', neerlandais: 'nl', nederlands: 'nl', dutch: 'nl', flamand: 'nl', vlaams: 'nl',
  anglais: 'en', english: 'en', allemand: 'de', deutsch: 'de', german: 'de', espagnol: 'es', spanish: 'es', italien: 'it', italian: 'it',
};

function languageCode(text: string): string | null {
  const s = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').trim().toLowerCase();
  const code = LANGUAGES[s] ?? s.split(/[-_]/)[0]!;
  return /^[a-z]{2}$/.test(code) ? code : null;
}

const BATCH = 500;

function readLine(row: CsvRow, reader: CellReader, ctx: ImportContext, validating: boolean): CustomerLine | null {
  const ref = reader.text(row, 'customer', true);
  const name = reader.text(row, 'name', true);
  const patch: CustomerPatch = {};
  let ok = ref !== null && name !== null;
  if (name !== null) patch.name = name;
  const registration = reader.text(row, 'registration', false);
  if (registration !== null) patch.registration_id = registration.replace(/[\s.]/g, '');
  const vat = reader.text(row, 'vat', false);
  if (vat !== null) patch.vat_id = vat.replace(/[\s.]/g, '').toUpperCase();
  const segment = reader.text(row, 'segment', false);
  if (segment !== null) patch.segment = segment;
  const language = reader.text(row, 'language', false);
  if (language !== null) {
    const code = languageCode(language);
    if (code === null) {
      reader.problem(row.cell('language')!, `"${language}" is not a language (write fr, nl, en or de)`, { code: 'not_a_language', field: 'language', value: language });
      ok = false;
    } else patch.language = code;
  }
  if (reader.text(row, 'credit_limit', false) !== null) {
    const limit = reader.amount(row, 'credit_limit', ctx.organization.currency, false, null);
    if (limit === null) ok = false;
    else if (limit < 0) {
      reader.problem(row.cell('credit_limit')!, `a credit limit cannot be negative`, { code: 'negative_credit_limit', field: 'credit_limit' });
      ok = false;
    } else patch.credit_limit_minor = limit;
  }
  const termsText = reader.text(row, 'terms', false);
  if (termsText !== null) {
    const terms = parsePaymentTerms(termsText);
    const cell = row.cell('terms')!;
    if (terms === null) {
      reader.problem(cell, `"${termsText}" is not a payment term (write "net 30", "45 eom", "eom + 10" or "on receipt")`, { code: 'not_payment_terms', field: 'terms', value: termsText });
      ok = false;
    } else {
      patch.payment_terms = formatPaymentTerms(terms);
      const warning = checkStandingTermsCap(ctx.organization.country, terms);
      if (warning && validating) {
        ctx.warnings.add({
          file: ctx.file,
          line: cell.line,
          column: cell.column,
          message: `${cell.header}: ${warning.message}`,
          reason: { code: 'terms_over_legal_cap', field: 'terms', value: String(warning.termDays), expected: warning.capDays },
        });
      }
    }
  }
  const email = reader.text(row, 'email', false);
  const phone = reader.text(row, 'phone', false);
  const address = reader.text(row, 'address', false);
  if (email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    reader.problem(row.cell('email')!, `"${email}" is not an email address`, { code: 'not_an_email', field: 'email', value: email });
    ok = false;
  }
  if (!ok) return null;
  const contact = email || phone || address ? { email: email?.toLowerCase() ?? null, phone, address } : null;
  return { ref: ref!, refCell: row.cell('customer')!, patch, contact };
}

function contactKey(c: { email: string | null; phone: string | null; address: string | null }): string {
  return c.email ? `e:${c.email.toLowerCase()}` : c.phone ? `p:${c.phone.replace(/\s/g, '')}` : `a:${c.address ?? ''}`;
}

/** What a batch of lines changes: new customers, changed details, contacts Relance lacks. */
async function decide(db: Db, ctx: ImportContext, lines: CustomerLine[], now: string): Promise<WriteBatch & { unchanged: number }> {
  const organizationId = ctx.organization.id;
  const existing = new Map((await findCustomersByRef(db, organizationId, lines.map((l) => l.ref))).map((c) => [c.external_ref, c]));
  const contacts = await findContactsOf(db, organizationId, [...existing.values()].map((c) => c.id));
  const contactKeys = new Set(contacts.map((c) => `${c.customer_id}|${contactKey(c)}`));
  const batch = { customers: [] as CustomerRow[], customerUpdates: [] as NonNullable<WriteBatch['customerUpdates']>, contacts: [] as ContactRow[], unchanged: 0 };
  for (const line of lines) {
    let customer = existing.get(line.ref);
    let changed = false;
    if (!customer) {
      const p = line.patch;
      customer = customerRow(
        organizationId,
        {
          externalRef: line.ref,
          name: p.name!,
          registrationId: p.registration_id ?? null,
          vatId: p.vat_id ?? null,
          // Without a language column, customers speak the organization's language.
          language: p.language ?? ctx.organization.locale.slice(0, 2),
          segment: p.segment ?? null,
          creditLimitMinor: p.credit_limit_minor ?? null,
          paymentTerms: p.payment_terms ?? null,
        },
        now,
      );
      batch.customers.push(customer);
      changed = true;
    } else {
      const patch: CustomerPatch = {};
      for (const [field, value] of Object.entries(line.patch) as Array<[keyof CustomerPatch, never]>) {
        if (customer[field] !== value) patch[field] = value;
      }
      if (Object.keys(patch).length > 0) {
        batch.customerUpdates.push({ id: customer.id, patch });
        changed = true;
      }
    }
    if (line.contact) {
      const key = `${customer.id}|${contactKey(line.contact)}`;
      if (!contactKeys.has(key)) {
        contactKeys.add(key);
        batch.contacts.push({
          id: newId(),
          organization_id: organizationId,
          customer_id: customer.id,
          name: null,
          email: line.contact.email,
          phone: line.contact.phone,
          address: line.contact.address,
          role: 'accounts_payable',
          created_at: now,
        });
        changed = true;
      }
    }
    if (!changed) batch.unchanged += 1;
  }
  return batch;
}

async function validate(ctx: ImportContext): Promise<void> {
  const specs = CSV_COLUMNS.customers;
  const reader = new CellReader(ctx.file, ctx.issues);
  const seen = new Map<string, number>();
  let pending: CustomerLine[] = [];
  const flush = async () => {
    ctx.report.skipped += (await decide(ctx.db, ctx, pending, nowIso())).unchanged;
    pending = [];
  };
  const columnMap = parseColumnMap(ctx.options.columnMap, specs);
  for await (const row of readCsvRows(ctx.read('validate'), { file: ctx.file, encoding: ctx.encoding, specs, columnMap, issues: ctx.issues })) {
    ctx.row();
    const line = readLine(row, reader, ctx, true);
    const ref = row.cell('customer')!;
    if (ref.text !== '') {
      const previous = seen.get(ref.text);
      if (previous !== undefined) {
        reader.problem(ref, `customer ${ref.text} appears twice in the file, on lines ${previous} and ${ref.line}`, {
          code: 'twice_in_file',
          field: 'customer',
          value: ref.text,
          expected: previous,
        });
      }
      else seen.set(detached(ref.text), ref.line);
    }
    if (line === null) continue;
    pending.push(line);
    if (pending.length >= BATCH) await flush();
  }
  await flush();
}

async function* plan(ctx: ImportContext, db: Db): AsyncIterable<WriteBatch> {
  const specs = CSV_COLUMNS.customers;
  const scratch = new IssueList();
  const reader = new CellReader(ctx.file, scratch);
  const now = nowIso();
  let pending: CustomerLine[] = [];
  const columnMap = parseColumnMap(ctx.options.columnMap, specs);
  for await (const row of readCsvRows(ctx.read('write'), { file: ctx.file, encoding: ctx.encoding, specs, columnMap, issues: scratch })) {
    ctx.row();
    const line = readLine(row, reader, ctx, false);
    assertNoIssues(scratch.items);
    if (line === null) continue;
    pending.push(line);
    if (pending.length >= BATCH) {
      yield await decide(db, ctx, pending, now);
      pending = [];
    }
  }
  if (pending.length > 0) yield await decide(db, ctx, pending, now);
}

/**
 * Imports a CSV file of customers, keyed by their reference: new ones are created, known ones
 * get the details the file gives (an empty cell changes nothing), and a contact is added when
 * its email (or phone) is new for the customer.
 */
export async function importCustomers(db: Db, organizationId: string, source: ImportSource, options: ImportOptions = {}): Promise<ImportReport> {
  return runImport(db, organizationId, 'customers', source, options, { validate, plan });
}
