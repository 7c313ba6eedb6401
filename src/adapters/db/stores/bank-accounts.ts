import type { BankAccountRow } from '../bank-schema.js';
import type { Db } from '../database.js';
import { newId, nowIso } from '../ids.js';

/** An account as the organization row's JSON copy keeps it (the shape messages have always read). */
export interface BankAccountEntry {
  label: string;
  iban: string;
  bic?: string;
  /** Whom transfers are made out to; the organization's legal name when absent. */
  accountHolder?: string;
  /** The account's currency; the organization's when absent. */
  currency?: string;
}

/** The organization's accounts, the one customers pay into first. */
export async function listBankAccounts(db: Db, organizationId: string): Promise<BankAccountRow[]> {
  return db.kysely.selectFrom('bank_accounts').selectAll().where('organization_id', '=', organizationId).orderBy('position').execute();
}

/**
 * Makes the account rows what `accounts` lists, in its order: an IBAN already held keeps its row
 * (and its currency unless a new one is given), an IBAN no longer listed loses it. Call inside
 * the transaction that also writes the organization row's JSON copy.
 */
export async function writeBankAccountRows(db: Db, organizationId: string, accounts: readonly BankAccountEntry[], defaultCurrency: string): Promise<void> {
  const held = new Map((await listBankAccounts(db, organizationId)).map((row) => [row.iban, row]));
  const listed = new Set<string>();
  for (const [position, account] of accounts.entries()) {
    const iban = account.iban.replace(/\s+/g, '').toUpperCase();
    if (!iban || listed.has(iban)) continue;
    listed.add(iban);
    const current = held.get(iban);
    const values = {
      bic: account.bic ?? null,
      currency: account.currency ?? current?.currency ?? defaultCurrency,
      label: account.label,
      account_holder: account.accountHolder ?? null,
      position,
    };
    if (current) await db.kysely.updateTable('bank_accounts').set(values).where('id', '=', current.id).execute();
    else await db.kysely.insertInto('bank_accounts').values({ id: newId(), organization_id: organizationId, iban, ...values, created_at: nowIso() }).execute();
  }
  const gone = [...held.keys()].filter((iban) => !listed.has(iban));
  if (gone.length > 0) await db.kysely.deleteFrom('bank_accounts').where('organization_id', '=', organizationId).where('iban', 'in', gone).execute();
}

/** The JSON copy of the rows, in the shape the organization row has always held. */
export function bankAccountEntries(rows: readonly BankAccountRow[]): BankAccountEntry[] {
  return rows.map((row) => ({
    label: row.label,
    iban: row.iban,
    ...(row.bic ? { bic: row.bic } : {}),
    ...(row.account_holder ? { accountHolder: row.account_holder } : {}),
    currency: row.currency,
  }));
}
