import type { Command } from 'commander';
import type { Db } from '../../adapters/db/database.js';
import type { OrganizationRow } from '../../adapters/db/schema.js';
import { getOrganization } from '../../adapters/db/stores/organizations.js';
import { printedBankDetails, updateBankDetails } from '../../app/bank-details.js';

export interface BankDetailsOptions {
  iban?: string;
  bic?: string;
  accountHolder?: string;
}

/** The options of `relance org set` that change the bank details messages print. */
export function withBankDetailsOptions(command: Command): Command {
  return command
    .option('--iban <iban>', 'IBAN customers pay into, printed on every message and statement ("" removes the bank details)')
    .option('--bic <bic>', 'BIC of that account ("" for none)')
    .option('--account-holder <name>', 'whom transfers are made out to ("" for the legal name)');
}

export function namesBankDetails(opts: BankDetailsOptions): boolean {
  return opts.iban !== undefined || opts.bic !== undefined || opts.accountHolder !== undefined;
}

/** Checks and saves them (nothing is changed when one is refused), then says what messages will print. */
export async function setBankDetailsFromOptions(db: Db, organization: OrganizationRow, opts: BankDetailsOptions): Promise<void> {
  await updateBankDetails(
    db,
    organization,
    {
      ...(opts.iban !== undefined ? { iban: opts.iban } : {}),
      ...(opts.bic !== undefined ? { bic: opts.bic } : {}),
      ...(opts.accountHolder !== undefined ? { accountHolder: opts.accountHolder } : {}),
    },
    { iban: '--iban', bic: '--bic', accountHolder: '--account-holder' },
  );
  const printed = printedBankDetails((await getOrganization(db, organization.id))!);
  process.stdout.write(
    printed
      ? `${organization.name}: messages print IBAN ${printed.iban}${printed.bic ? `, BIC ${printed.bic}` : ''}, beneficiary ${printed.beneficiary}\n`
      : `${organization.name}: no bank details; messages leave the bank block out\n`,
  );
}
