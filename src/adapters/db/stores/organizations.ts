import type { Db } from '../database.js';
import { newId, nowIso } from '../ids.js';
import type { OrganizationKind } from '../mandate-schema.js';
import type { OrganizationRow } from '../schema.js';
import { bankAccountEntries, listBankAccounts, writeBankAccountRows, type BankAccountEntry } from './bank-accounts.js';
import { inTransaction } from './in-transaction.js';

/** An account as the organization row keeps a copy of it; the rows of `bank_accounts` are the record. */
export type BankAccount = BankAccountEntry;

export interface NewOrganization {
  name: string;
  legalName?: string;
  country: string;
  currency: string;
  timeZone: string;
  locale: string;
  registrationId?: string | null;
  vatId?: string | null;
  address?: string | null;
  bankAccounts?: BankAccount[];
  defaultTerms?: string;
  holidayRegion?: string | null;
  /** creditor by default; an agency works cases creditors hand to it. */
  kind?: OrganizationKind;
}

export async function createOrganization(db: Db, input: NewOrganization): Promise<OrganizationRow> {
  const row: OrganizationRow = {
    id: newId(),
    name: input.name,
    legal_name: input.legalName ?? input.name,
    country: input.country,
    currency: input.currency,
    time_zone: input.timeZone,
    locale: input.locale,
    registration_id: input.registrationId ?? null,
    vat_id: input.vatId ?? null,
    address: input.address ?? null,
    bank_accounts: JSON.stringify(input.bankAccounts ?? []),
    default_terms: input.defaultTerms ?? 'net 30',
    holiday_region: input.holidayRegion ?? null,
    // Left to the column's default for a creditor, so the row also fits a database migrated before 0042-m.
    ...(input.kind ? { kind: input.kind } : {}),
    created_at: nowIso(),
  };
  await inTransaction(db, async (tx) => {
    await tx.kysely.insertInto('organizations').values(row).execute();
    if (input.bankAccounts?.length) await writeBankAccounts(tx, row.id, input.bankAccounts, input.currency);
  });
  return { ...row, bank_accounts: (await getOrganization(db, row.id))?.bank_accounts ?? row.bank_accounts };
}

export async function getOrganization(db: Db, organizationId: string): Promise<OrganizationRow | undefined> {
  return db.kysely.selectFrom('organizations').selectAll().where('id', '=', organizationId).executeTakeFirst();
}

export async function listOrganizations(db: Db): Promise<OrganizationRow[]> {
  return db.kysely.selectFrom('organizations').selectAll().orderBy('created_at').execute();
}

export async function setHolidayRegion(db: Db, organizationId: string, region: string | null): Promise<void> {
  await db.kysely.updateTable('organizations').set({ holiday_region: region }).where('id', '=', organizationId).execute();
}

/** Replaces the organization's bank accounts; the first is the one messages print. */
export async function setOrganizationBankAccounts(db: Db, organizationId: string, accounts: readonly BankAccount[]): Promise<void> {
  await inTransaction(db, async (tx) => {
    const organization = await tx.kysely.selectFrom('organizations').select('currency').where('id', '=', organizationId).executeTakeFirstOrThrow();
    await writeBankAccounts(tx, organizationId, accounts, organization.currency);
  });
}

/** The account rows, then the organization row's copy of them, which messages print from. */
async function writeBankAccounts(tx: Db, organizationId: string, accounts: readonly BankAccount[], currency: string): Promise<void> {
  await writeBankAccountRows(tx, organizationId, accounts, currency);
  const copy = bankAccountEntries(await listBankAccounts(tx, organizationId));
  await tx.kysely.updateTable('organizations').set({ bank_accounts: JSON.stringify(copy) }).where('id', '=', organizationId).execute();
}
