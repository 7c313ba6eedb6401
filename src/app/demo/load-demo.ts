import type { Insertable } from 'kysely';
import { AppError } from '../../core/app-error.js';
import type { Db } from '../../adapters/db/database.js';
import { newId, nowIso } from '../../adapters/db/ids.js';
import type { ContactRow, CreditNoteRow, CustomerRow, Database, InvoiceRow, PaymentRow, UserRow } from '../../adapters/db/schema.js';
import { customerRow } from '../../adapters/db/stores/customers.js';
import { allocationRow } from '../../adapters/db/stores/documents.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import { moveStoredOpenAmounts } from '../../adapters/db/stores/stored-open-amounts.js';
import { refreshStatisticsAfterBulkLoad } from '../../adapters/db/stores/planner-statistics.js';
import { createOrganization } from '../../adapters/db/stores/organizations.js';
import { hashPassword, newReadablePassword } from '../../adapters/security/password.js';
import { DEMO_LOGIN, DEMO_ORGANIZATION, DEMO_COLLECTION_PARTNER, DEMO_SENDER, DEMO_USERS, type DemoUser } from './demo-organization.js';
import { saveCollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { generateLedger, type DemoOptions } from './generate-ledger.js';
import { withPaymentReferences } from '../../adapters/db/stores/payment-references.js';
import { DEMO_AGENCY, DEMO_AGENCY_USERS, loadDemoAgency, type LoadedDemoAgency } from './demo-agency.js';

/** A demo user and the password generated for it, known only to whoever loaded the demo. */
export interface DemoCredential extends DemoUser {
  password: string;
  /** The organization of a user that is not the demo creditor's: the demo's collection agency. */
  organization?: string;
}

export interface LoadDemoOptions extends DemoOptions {
  /**
   * Also a collection agency on the same instance, with its own admin, and the creditor's most
   * overdue customers handed to it on the ledger's as-of date: what a person opening the demo sees.
   */
  withAgency?: boolean;
}

export interface LoadedDemo {
  organizationId: string;
  organizationName: string;
  /** The admin's sign-in. */
  login: { email: string; password: string };
  users: DemoCredential[];
  counts: {
    users: number;
    customers: number;
    contacts: number;
    invoices: number;
    creditNotes: number;
    payments: number;
    allocations: number;
  };
  /** Invoices the demo leaves unpaid because the customer will contest them. */
  disputeCandidates: string[];
  /** The collection agency and the cases handed to it, when loaded `withAgency`. */
  agency: LoadedDemoAgency | null;
}

// 1,000 rows of at most 13 columns stay far below the bound-parameter limits of SQLite
// (32,766) and PostgreSQL (65,535) while keeping round trips few.
const BATCH_ROWS = 1000;

type TableName = 'customers' | 'contacts' | 'invoices' | 'credit_notes' | 'payments' | 'allocations';

/**
 * Loads the demo organization, its users and a generated ledger in one transaction: either
 * all of it is there afterwards or none of it. Rows go in batches in foreign-key order, and
 * only the current customer's document ids are remembered, so memory stays flat however many
 * invoices are generated.
 */
export async function loadDemo(db: Db, options: LoadDemoOptions, onProgress?: (invoicesLoaded: number) => void): Promise<LoadedDemo> {
  const ledger = generateLedger(options);
  const credentials: DemoCredential[] = DEMO_USERS.map((u) => ({ ...u, password: newReadablePassword() }));
  const agencyCredentials: DemoCredential[] = options.withAgency ? DEMO_AGENCY_USERS.map((u) => ({ ...u, password: newReadablePassword(), organization: DEMO_AGENCY.name })) : [];
  const passwordHashes = await Promise.all([...credentials, ...agencyCredentials].map((c) => hashPassword(c.password)));
  const now = nowIso();

  const loaded = await inTransaction(db, async (tdb) => {
    const trx = tdb.kysely;
    const existing = await trx.selectFrom('organizations').select('id').where('name', '=', DEMO_ORGANIZATION.name).executeTakeFirst();
    if (existing) {
      throw new AppError('conflict', `${db.description} already holds an organization named "${DEMO_ORGANIZATION.name}": the demo is loaded only once per database`);
    }

    const organization = await createOrganization(tdb, DEMO_ORGANIZATION);
    const orgId = organization.id;
    await saveCollectionSettings(tdb, orgId, { ...DEMO_SENDER, ...DEMO_COLLECTION_PARTNER });
    const users: UserRow[] = credentials.map((u, i) => ({
      id: newId(),
      organization_id: orgId,
      email: u.email,
      name: u.name,
      password_hash: passwordHashes[i]!,
      role: u.role,
      locale: 'fr',
      created_at: now,
    }));
    await trx.insertInto('users').values(users).execute();
    const userIdByEmail = new Map(users.map((u) => [u.email, u.id]));

    const pending: { [T in TableName]: Insertable<Database[T]>[] } = {
      customers: [],
      contacts: [],
      invoices: [],
      credit_notes: [],
      payments: [],
      allocations: [],
    };
    const counts = { users: users.length, customers: 0, contacts: 0, invoices: 0, creditNotes: 0, payments: 0, allocations: 0 };
    const flush = async () => {
      // Parents before children, so every foreign key finds its row.
      if (pending.customers.length) await trx.insertInto('customers').values(pending.customers.splice(0)).execute();
      if (pending.contacts.length) await trx.insertInto('contacts').values(pending.contacts.splice(0)).execute();
      if (pending.invoices.length) await trx.insertInto('invoices').values(await withPaymentReferences(tdb, pending.invoices.splice(0))).execute();
      if (pending.credit_notes.length) await trx.insertInto('credit_notes').values(pending.credit_notes.splice(0)).execute();
      if (pending.payments.length) await trx.insertInto('payments').values(pending.payments.splice(0)).execute();
      if (pending.allocations.length) {
        const allocations = pending.allocations.splice(0);
        await trx.insertInto('allocations').values(allocations).execute();
        await moveStoredOpenAmounts(tdb, orgId, allocations, 1);
      }
      onProgress?.(counts.invoices);
    };
    const add = async <T extends TableName>(table: T, row: Insertable<Database[T]>) => {
      (pending[table] as Insertable<Database[T]>[]).push(row);
      if (pending[table].length >= BATCH_ROWS) await flush();
    };

    let customerId = '';
    const invoiceIds = new Map<string, string>();
    const creditNoteIds = new Map<string, string>();
    const paymentIds = new Map<string, string>();
    const disputeCandidates: string[] = [];
    const idOf = (map: Map<string, string>, key: string, what: string): string => {
      const id = map.get(key);
      if (id === undefined) throw new AppError('internal', `demo ${what} ${key} is referred to before it is generated`);
      return id;
    };

    for (const record of ledger.records()) {
      switch (record.kind) {
        case 'customer': {
          invoiceIds.clear();
          creditNoteIds.clear();
          paymentIds.clear();
          const row: CustomerRow = customerRow(
            orgId,
            {
              externalRef: record.reference,
              name: record.name,
              registrationId: record.registrationId,
              vatId: record.vatId,
              language: record.language,
              segment: record.segment,
              ownerUserId: userIdByEmail.get(record.accountOwner) ?? null,
              creditLimitMinor: record.creditLimitMinor,
              paymentTerms: record.paymentTerms,
            },
            now,
          );
          customerId = row.id;
          counts.customers += 1;
          await add('customers', row);
          for (const contact of record.contacts) {
            const contactRow: ContactRow = {
              id: newId(),
              organization_id: orgId,
              customer_id: customerId,
              name: contact.name,
              email: contact.email,
              phone: contact.phone,
              address: contact.address,
              role: contact.role,
              created_at: now,
            };
            counts.contacts += 1;
            await add('contacts', contactRow);
          }
          break;
        }
        case 'invoice': {
          const row: InvoiceRow = {
            id: newId(),
            organization_id: orgId,
            customer_id: customerId,
            number: record.number,
            issue_date: record.issueDate,
            due_date: record.dueDate,
            currency: record.currency,
            amount_minor: record.amountMinor,
            payment_terms: record.paymentTerms,
            source: 'demo',
            created_at: now,
          };
          invoiceIds.set(record.number, row.id);
          counts.invoices += 1;
          await add('invoices', { ...row, open_minor: row.amount_minor });
          break;
        }
        case 'credit_note': {
          const row: CreditNoteRow = {
            id: newId(),
            organization_id: orgId,
            customer_id: customerId,
            number: record.number,
            issue_date: record.issueDate,
            currency: record.currency,
            amount_minor: record.amountMinor,
            invoice_id: record.invoice === null ? null : idOf(invoiceIds, record.invoice, 'invoice'),
            source: 'demo',
            created_at: now,
          };
          creditNoteIds.set(record.number, row.id);
          counts.creditNotes += 1;
          await add('credit_notes', { ...row, unapplied_minor: row.amount_minor });
          break;
        }
        case 'payment': {
          const row: PaymentRow = {
            id: newId(),
            organization_id: orgId,
            customer_id: customerId,
            reference: record.reference,
            received_on: record.receivedOn,
            currency: record.currency,
            amount_minor: record.amountMinor,
            method: record.method,
            source: 'demo',
            created_at: now,
          };
          paymentIds.set(record.reference, row.id);
          counts.payments += 1;
          await add('payments', { ...row, unapplied_minor: row.amount_minor });
          break;
        }
        case 'allocation': {
          const row = allocationRow(
            orgId,
            {
              invoiceId: idOf(invoiceIds, record.invoice, 'invoice'),
              paymentId: record.payment === null ? null : idOf(paymentIds, record.payment, 'payment'),
              creditNoteId: record.creditNote === null ? null : idOf(creditNoteIds, record.creditNote, 'credit note'),
              amountMinor: record.amountMinor,
              allocatedOn: record.allocatedOn,
            },
            now,
          );
          counts.allocations += 1;
          await add('allocations', row);
          break;
        }
        case 'dispute_candidate':
          disputeCandidates.push(record.invoice);
          break;
      }
    }
    await flush();
    const agency = options.withAgency
      ? await loadDemoAgency(tdb, organization, {
          users: agencyCredentials.map((u, i) => ({ ...u, passwordHash: passwordHashes[credentials.length + i]! })),
          handedBy: userIdByEmail.get(DEMO_LOGIN.email) ?? null,
          on: options.asOf,
          now: new Date(now),
        })
      : null;
    return {
      organizationId: orgId,
      organizationName: organization.name,
      login: { email: DEMO_LOGIN.email, password: credentials.find((c) => c.email === DEMO_LOGIN.email)!.password },
      users: [...credentials, ...agencyCredentials],
      counts,
      disputeCandidates,
      agency,
    };
  });
  await refreshStatisticsAfterBulkLoad(db, Object.values(loaded.counts).reduce((sum, n) => sum + n, 0));
  return loaded;
}
