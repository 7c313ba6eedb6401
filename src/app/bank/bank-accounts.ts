import { electronicFormatIBAN, friendlyFormatIBAN } from 'ibantools';
import { AppError } from '../../core/app-error.js';
import { isCurrency } from '../../core/money.js';
import type { BankAccountRow } from '../../adapters/db/bank-schema.js';
import type { Db } from '../../adapters/db/database.js';
import type { OrganizationRow } from '../../adapters/db/schema.js';
import { bankAccountEntries, listBankAccounts } from '../../adapters/db/stores/bank-accounts.js';
import { setOrganizationBankAccounts } from '../../adapters/db/stores/organizations.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import { checkIbanAndBic } from '../bank-details.js';

/** An account to add; what is left out takes the organization's currency and the label "main" or "account N". */
export interface NewBankAccount {
  iban: string;
  bic?: string | null;
  currency?: string | null;
  label?: string | null;
}

/** How each input is named to the person who typed it: JSON fields for the API, options for the CLI. */
export interface BankAccountFieldNames {
  iban: string;
  bic: string;
  currency: string;
  label: string;
}

export const API_BANK_ACCOUNT_FIELDS: BankAccountFieldNames = { iban: 'iban', bic: 'bic', currency: 'currency', label: 'label' };

/** An account as the API and `relance org bank-accounts list --json` show it. */
export interface BankAccountJson {
  id: string;
  /** Electronic form: capitals, no spaces. */
  iban: string;
  /** In groups of four, as banks print it. */
  iban_display: string;
  bic: string | null;
  currency: string;
  label: string;
  /** True for the account customers are asked to pay into: the one messages, letters and statements print. */
  printed: boolean;
}

export function bankAccountJson(row: BankAccountRow, index: number): BankAccountJson {
  return { id: row.id, iban: row.iban, iban_display: friendlyFormatIBAN(row.iban) ?? row.iban, bic: row.bic, currency: row.currency, label: row.label, printed: index === 0 };
}

export async function getBankAccounts(db: Db, organizationId: string): Promise<BankAccountJson[]> {
  return (await listBankAccounts(db, organizationId)).map(bankAccountJson);
}

/**
 * Adds an account after the others (the first stays the one messages print; an organization
 * without any gets its first). Statements of this account can then be imported. Nothing is
 * written when a field is refused; the error names it.
 */
export async function addBankAccount(db: Db, organization: OrganizationRow, input: NewBankAccount, fields: BankAccountFieldNames = API_BANK_ACCOUNT_FIELDS): Promise<BankAccountJson> {
  const typed = input.iban.trim();
  const iban = electronicFormatIBAN(typed) ?? typed.toUpperCase();
  const bic = input.bic?.replace(/\s+/g, '').toUpperCase() || null;
  const currency = input.currency?.trim().toUpperCase() || organization.currency;
  const label = input.label?.trim() || null;
  if (!iban) throw new AppError('validation_failed', 'give the IBAN of the account', { field: fields.iban });
  checkIbanAndBic(iban, bic, fields);
  if (!isCurrency(currency)) throw new AppError('validation_failed', `"${currency}" is not a currency code such as EUR, CHF or USD`, { field: fields.currency });
  if (label && label.length > 60) throw new AppError('validation_failed', 'the label is at most 60 characters', { field: fields.label });
  return inTransaction(db, async (tx) => {
    const rows = await listBankAccounts(tx, organization.id);
    if (rows.some((row) => row.iban === iban)) {
      throw new AppError('conflict', `the account ${friendlyFormatIBAN(iban) ?? iban} is already one of the organization's bank accounts`, { field: fields.iban });
    }
    const entry = { label: label ?? (rows.length === 0 ? 'main' : `account ${rows.length + 1}`), iban, currency, ...(bic ? { bic } : {}) };
    await setOrganizationBankAccounts(tx, organization.id, [...bankAccountEntries(rows), entry]);
    const saved = await listBankAccounts(tx, organization.id);
    const index = saved.findIndex((row) => row.iban === iban);
    return bankAccountJson(saved[index]!, index);
  });
}

/**
 * Removes an account, named by its id or its IBAN. When it was the one messages print, the next
 * one takes its place; without any left, messages leave the bank block out. Lines already
 * imported from its statements stay.
 */
export async function removeBankAccount(db: Db, organizationId: string, idOrIban: string): Promise<void> {
  const wanted = electronicFormatIBAN(idOrIban.trim()) ?? idOrIban.trim();
  await inTransaction(db, async (tx) => {
    const rows = await listBankAccounts(tx, organizationId);
    const gone = rows.find((row) => row.id === idOrIban || row.iban === wanted);
    if (!gone) throw new AppError('not_found', 'this organization has no such bank account');
    await setOrganizationBankAccounts(tx, organizationId, bankAccountEntries(rows.filter((row) => row !== gone)));
  });
}
