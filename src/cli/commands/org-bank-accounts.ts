import type { Command } from 'commander';
import { addBankAccount, getBankAccounts, removeBankAccount, type BankAccountJson } from '../../app/bank/bank-accounts.js';
import { withContext } from '../context.js';

const ORG_OPTION = ['--org <name>', 'organization (id or name); needed when the database holds several'] as const;

function describe(account: BankAccountJson): string {
  const parts = [account.iban_display, account.currency, account.bic ?? 'no BIC', account.label];
  return `${parts.join('\t')}${account.printed ? '\tcustomers pay into this one' : ''}`;
}

/**
 * `relance org bank-accounts add|list|remove`: the accounts whose statements Relance reads; the
 * first is the one messages print (`relance org set --iban` changes that one).
 */
export function addBankAccountsCommand(org: Command): void {
  const accounts = org.command('bank-accounts').description("the organization's bank accounts: statements of these can be imported; the first is printed on messages");

  accounts
    .command('add')
    .description('add a bank account (IBAN checked)')
    .argument('<iban>', 'the IBAN, with or without spaces')
    .option('--bic <bic>', 'BIC of the bank')
    .option('--currency <code>', "the account's currency (default: the organization's)")
    .option('--label <text>', 'a name for people, such as "USD account"')
    .option(...ORG_OPTION)
    .action(async (iban: string, opts: { bic?: string; currency?: string; label?: string; org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        const account = await addBankAccount(db, organization, { iban, bic: opts.bic ?? null, currency: opts.currency ?? null, label: opts.label ?? null }, { iban: '<iban>', bic: '--bic', currency: '--currency', label: '--label' });
        process.stdout.write(`${organization.name}: added ${describe(account)}\n`);
      });
    });

  accounts
    .command('list')
    .description('list the bank accounts, the one customers pay into first')
    .option('--json', 'print them as JSON')
    .option(...ORG_OPTION)
    .action(async (opts: { json?: boolean; org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        const list = await getBankAccounts(db, organization.id);
        if (opts.json) process.stdout.write(`${JSON.stringify({ items: list }, null, 2)}\n`);
        else if (list.length === 0) process.stdout.write(`${organization.name} has no bank account yet: add one with "relance org bank-accounts add IBAN"\n`);
        else for (const account of list) process.stdout.write(`${describe(account)}\n`);
      });
    });

  accounts
    .command('remove')
    .description('remove a bank account; lines already imported from its statements stay')
    .argument('<iban>', 'the IBAN (or the id) of the account')
    .option(...ORG_OPTION)
    .action(async (iban: string, opts: { org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        await removeBankAccount(db, organization.id, iban);
        process.stdout.write(`${organization.name}: removed ${iban}\n`);
      });
    });
}
