import type { Command } from 'commander';
import { AppError } from '../../core/app-error.js';
import { parseAmount } from '../../core/money.js';
import { getCustomerByRef } from '../../adapters/db/stores/customers.js';
import { confirmBankLine, ignoreBankLine, listReconciliationLines, undoBankLine, type ReconcileAllocation, type ReconciliationLineJson } from '../../app/bank/reconcile.js';
import { withContext } from '../context.js';

const ORG_OPTION = ['--org <name>', 'organization (id or name); needed when the database holds several'] as const;

function describe(line: ReconciliationLineJson): string {
  const head = [line.id, line.booking_date, `${line.amount.amount} ${line.amount.currency}`, line.payer_name ?? '—', line.payer_iban ?? '', line.remittance ?? line.reference ?? ''].join('\t');
  const suggestions = line.suggestions.map(
    (suggestion, index) =>
      `  ${index}: ${suggestion.customer.reference} ${suggestion.customer.name} — ${suggestion.invoices.map((invoice) => `${invoice.number} ${invoice.amount.amount}`).join(', ') || 'on account'} (${suggestion.confidence}%: ${suggestion.reason.en})`,
  );
  return [head, ...suggestions].join('\n');
}

/** "F-2025-0012:120.50" → the invoice (by number, among the customer's) and the amount. */
async function allocationsOf(
  db: Parameters<typeof confirmBankLine>[0],
  organizationId: string,
  customerId: string,
  currency: string,
  typed: readonly string[],
): Promise<ReconcileAllocation[]> {
  const allocations: ReconcileAllocation[] = [];
  for (const text of typed) {
    const at = text.lastIndexOf(':');
    const number = at > 0 ? text.slice(0, at) : '';
    const amount = parseAmount(text.slice(at + 1), currency);
    if (!number || !('minor' in amount)) throw new AppError('validation_failed', `--invoice is written NUMBER:AMOUNT, for example F-2025-0012:120.50, not "${text}"`, { field: '--invoice' });
    const invoice = await db.kysely.selectFrom('invoices').select('id').where('organization_id', '=', organizationId).where('customer_id', '=', customerId).where('number', '=', number).executeTakeFirst();
    if (!invoice) throw new AppError('not_found', `the customer has no invoice ${number}`, { field: '--invoice' });
    allocations.push({ invoiceId: invoice.id, amountMinor: amount.minor });
  }
  return allocations;
}

/** `relance reconcile list|confirm|ignore|undo`: the bank credits matching was not sure of. */
export function registerReconcile(program: Command): void {
  const reconcile = program.command('reconcile').description('the bank credits matching was not sure of: confirm a suggestion, split, assign as credit, ignore or undo');

  reconcile
    .command('list')
    .description('the lines waiting for a person, oldest first, with their ranked suggestions')
    .option('--status <status>', 'the lines in this state instead: suggested, unmatched, matched or ignored')
    .option('--json', 'print them as JSON, as GET /api/reconciliation answers')
    .option(...ORG_OPTION)
    .action(async (opts: { status?: ReconciliationLineJson['status']; json?: boolean; org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        if (opts.status !== undefined && !['suggested', 'unmatched', 'matched', 'ignored'].includes(opts.status)) throw new AppError('validation_failed', '--status is suggested, unmatched, matched or ignored', { field: '--status' });
        const lines = await listReconciliationLines(db, organization.id, opts.status ? { status: opts.status } : {});
        if (opts.json) process.stdout.write(`${JSON.stringify({ items: lines }, null, 2)}\n`);
        else if (lines.length === 0) process.stdout.write('Nothing waits for a person.\n');
        else for (const line of lines) process.stdout.write(`${describe(line)}\n`);
      });
    });

  reconcile
    .command('confirm')
    .description('apply a waiting line: one of its suggestions, or a customer and how much goes on each invoice (the rest stays on account)')
    .argument('<line>', 'the line id, as "reconcile list" prints it')
    .option('--suggestion <n>', 'the number of the suggestion, as listed (0 is the best)')
    .option('--customer <ref>', "the customer's reference, without --suggestion")
    .option('--invoice <number:amount...>', 'with --customer: an invoice and the amount put on it; repeat for a split; none: all of it on account')
    .option(...ORG_OPTION)
    .action(async (lineId: string, opts: { suggestion?: string; customer?: string; invoice?: string[]; org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        let result;
        if (opts.suggestion !== undefined) {
          const index = Number(opts.suggestion);
          if (!Number.isInteger(index) || index < 0) throw new AppError('validation_failed', `--suggestion is a number as listed, not "${opts.suggestion}"`, { field: '--suggestion' });
          result = await confirmBankLine(db, organization.id, lineId, { suggestion: index });
        } else {
          if (!opts.customer) throw new AppError('validation_failed', 'say --suggestion N, or --customer REF with --invoice NUMBER:AMOUNT for each invoice paid', { field: '--customer' });
          const customer = await getCustomerByRef(db, organization.id, opts.customer);
          if (!customer) throw new AppError('not_found', `no customer with reference "${opts.customer}"`, { field: '--customer' });
          const line = await db.kysely.selectFrom('bank_lines').select('currency').where('organization_id', '=', organization.id).where('id', '=', lineId).executeTakeFirst();
          const allocations = await allocationsOf(db, organization.id, customer.id, line?.currency ?? organization.currency, opts.invoice ?? []);
          result = await confirmBankLine(db, organization.id, lineId, { customerId: customer.id, allocations });
        }
        process.stdout.write(result.invoices.length > 0 ? `Applied to ${result.invoices.join(', ')}.\n` : "Applied: it stays on the customer's account as credit.\n");
      });
    });

  reconcile
    .command('ignore')
    .description('leave a waiting line out of the queue (a transfer between own accounts, a refund)')
    .argument('<line>', 'the line id')
    .option(...ORG_OPTION)
    .action(async (lineId: string, opts: { org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        await ignoreBankLine(db, organization.id, lineId);
        process.stdout.write('Left out of the queue.\n');
      });
    });

  reconcile
    .command('undo')
    .description('undo a match: the payment is taken back, the invoices are open again, the line waits in the queue')
    .argument('<line>', 'the line id')
    .option(...ORG_OPTION)
    .action(async (lineId: string, opts: { org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        await undoBankLine(db, organization.id, lineId);
        process.stdout.write('Undone: the line waits in the queue again.\n');
      });
    });
}
