import { electronicFormatIBAN, friendlyFormatIBAN, isValidBIC, validateIBAN, ValidationErrorsIBAN, countrySpecs } from 'ibantools';
import { AppError } from '../core/app-error.js';
import type { Db } from '../adapters/db/database.js';
import type { OrganizationRow } from '../adapters/db/schema.js';
import { setOrganizationBankAccounts, type BankAccount } from '../adapters/db/stores/organizations.js';

/** The account customers are asked to pay into: the organization's first bank account. */
export interface BankDetails {
  /** Electronic form: no spaces, capitals. */
  iban: string;
  bic: string | null;
  /** Null: the organization's legal name is the beneficiary. */
  accountHolder: string | null;
}

/** What a change names; a field left out keeps its value, `iban: null` removes the bank details. */
export interface BankDetailsChanges {
  iban?: string | null;
  bic?: string | null;
  accountHolder?: string | null;
}

/** How each input is named to the person who typed it: JSON fields for the API, options for the CLI. */
export interface BankDetailsFieldNames {
  iban: string;
  bic: string;
  accountHolder: string;
}

export const API_BANK_FIELDS: BankDetailsFieldNames = { iban: 'iban', bic: 'bic', accountHolder: 'account_holder' };

function bankAccounts(organization: OrganizationRow): BankAccount[] {
  const parsed = JSON.parse(organization.bank_accounts) as unknown;
  return Array.isArray(parsed) ? (parsed as BankAccount[]) : [];
}

export function bankDetailsOf(organization: OrganizationRow): BankDetails | null {
  const first = bankAccounts(organization)[0];
  if (!first || !first.iban?.trim()) return null;
  return { iban: electronicFormatIBAN(first.iban) ?? first.iban, bic: first.bic?.trim() || null, accountHolder: first.accountHolder?.trim() || null };
}

/**
 * The bank block of a message or a statement: IBAN in groups of four as banks print it, the
 * account holder as beneficiary; null when the organization has no bank details, so nothing
 * prints "IBAN :" with nothing after it.
 */
export function printedBankDetails(organization: OrganizationRow): { beneficiary: string; iban: string; bic: string } | null {
  const details = bankDetailsOf(organization);
  if (!details) return null;
  return { beneficiary: details.accountHolder ?? organization.legal_name, iban: friendlyFormatIBAN(details.iban) ?? details.iban, bic: details.bic ?? '' };
}

/** Why an IBAN is refused, in words a person can act on. */
function ibanProblem(iban: string): string | null {
  const { valid, errorCodes } = validateIBAN(iban);
  if (valid) return null;
  const country = iban.slice(0, 2);
  const expected = countrySpecs[country]?.chars;
  if (errorCodes.includes(ValidationErrorsIBAN.NoIBANCountry)) return `"${iban}" does not start with the code of a country that has IBANs (FR, BE, DE…)`;
  if (errorCodes.includes(ValidationErrorsIBAN.WrongBBANLength) && expected) return `"${friendlyFormatIBAN(iban) ?? iban}" has ${iban.length} characters; an IBAN of ${country} has ${expected}`;
  if (errorCodes.includes(ValidationErrorsIBAN.WrongIBANChecksum) || errorCodes.includes(ValidationErrorsIBAN.WrongAccountBankBranchChecksum)) {
    return `"${friendlyFormatIBAN(iban) ?? iban}" is not a valid IBAN: its check digits do not match, a character is probably mistyped`;
  }
  return `"${friendlyFormatIBAN(iban) ?? iban}" is not a valid IBAN`;
}

/** Refuses an IBAN or a BIC that is not one, naming the field as the person typed it. */
export function checkIbanAndBic(iban: string | null, bic: string | null, fields: Pick<BankDetailsFieldNames, 'iban' | 'bic'>): void {
  if (iban) {
    const problem = ibanProblem(iban);
    if (problem) throw new AppError('validation_failed', problem, { field: fields.iban });
  }
  if (bic && !isValidBIC(bic)) {
    throw new AppError('validation_failed', `"${bic}" is not a valid BIC: 8 or 11 characters, bank code, country, place (and branch), such as AGRIFRPP`, { field: fields.bic });
  }
}

function cleaned(value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * Checks the new bank details and stores them as the organization's first bank account (the
 * others are kept). Nothing is written when a field is refused; the error names it.
 */
export async function updateBankDetails(db: Db, organization: OrganizationRow, changes: BankDetailsChanges, fields: BankDetailsFieldNames = API_BANK_FIELDS): Promise<BankDetails | null> {
  const current = bankDetailsOf(organization);
  const typedIban = cleaned(changes.iban);
  const iban = typedIban === undefined ? current?.iban : typedIban === null ? null : (electronicFormatIBAN(typedIban) ?? typedIban.toUpperCase());
  const typedBic = cleaned(changes.bic);
  const bic = typedBic === undefined ? (current?.bic ?? null) : typedBic === null ? null : typedBic.replace(/\s+/g, '').toUpperCase();
  const holder = cleaned(changes.accountHolder);
  const accountHolder = holder === undefined ? (current?.accountHolder ?? null) : holder;

  checkIbanAndBic(iban ?? null, bic, fields);
  if (accountHolder && accountHolder.length > 140) throw new AppError('validation_failed', 'the account holder is at most 140 characters', { field: fields.accountHolder });
  if (!iban && (typedBic || holder)) {
    throw new AppError('validation_failed', 'bank details need an IBAN: give it with the BIC and the account holder', { field: fields.iban });
  }

  const others = bankAccounts(organization).slice(1);
  const label = bankAccounts(organization)[0]?.label ?? 'main';
  const first: BankAccount[] = iban ? [{ label, iban, ...(bic ? { bic } : {}), ...(accountHolder ? { accountHolder } : {}) }] : [];
  await setOrganizationBankAccounts(db, organization.id, [...first, ...others]);
  return iban ? { iban, bic, accountHolder } : null;
}
