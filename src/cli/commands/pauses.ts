import type { Command } from 'commander';
import { AppError } from '../../core/app-error.js';
import { parseDecimalToMinor } from '../../core/money.js';
import { todayIn } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { CustomerRow } from '../../adapters/db/schema.js';
import { getCustomerByRef } from '../../adapters/db/stores/customers.js';
import { addHold } from '../../app/collection/add-hold.js';
import { addPaymentPlan } from '../../app/collection/add-payment-plan.js';
import { addPaymentPromise } from '../../app/collection/add-payment-promise.js';
import { openDispute } from '../../app/collection/open-dispute.js';
import { resolveDispute } from '../../app/collection/resolve-dispute.js';
import { withContext } from '../context.js';

export async function requireCustomer(db: Db, organizationId: string, ref: string): Promise<CustomerRow> {
  const customer = await getCustomerByRef(db, organizationId, ref);
  if (!customer) throw new AppError('not_found', `no customer with reference "${ref}"`, { field: '--customer' });
  return customer;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `relance dispute|promise|plan|hold`: the pauses a collector records from the terminal. */
export function registerPauses(program: Command): void {
  const dispute = program.command('dispute').description('disputed invoices are not reminded until the dispute is resolved');
  dispute
    .command('open')
    .description('set an invoice as disputed')
    .requiredOption('--customer <ref>', 'customer reference')
    .requiredOption('--invoice <number>', 'invoice number')
    .requiredOption('--reason <reason>', 'invoice_error, not_delivered, not_as_agreed, price or other')
    .option('--note <text>', 'what the customer said')
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (opts: { customer: string; invoice: string; reason: string; note?: string; org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        const customer = await requireCustomer(db, organization.id, opts.customer);
        const row = await openDispute(db, organization.id, customer, { invoice: { number: opts.invoice }, reason: opts.reason, note: opts.note ?? null }, todayIn(organization.time_zone, new Date()), null);
        process.stdout.write(`Dispute ${row.id} opened on invoice ${row.invoice_number}; it is no longer reminded\n`);
      });
    });
  dispute
    .command('resolve <id>')
    .description('end a dispute')
    .requiredOption('--resolution <resolution>', 'credit_note, partial_write_off or rejected')
    .option('--note <text>', 'how it was settled')
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (id: string, opts: { resolution: string; note?: string; org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        const row = await resolveDispute(db, organization.id, id, { resolution: opts.resolution, note: opts.note ?? null }, todayIn(organization.time_zone, new Date()));
        process.stdout.write(`Dispute on invoice ${row.invoice_number} resolved (${row.resolution})\n`);
      });
    });

  program
    .command('promise')
    .description('promises to pay')
    .command('add')
    .description('record a promise to pay: the invoices are silenced until the date plus grace')
    .requiredOption('--customer <ref>', 'customer reference')
    .requiredOption('--date <date>', 'promised payment date (YYYY-MM-DD)')
    .option('--grace <days>', 'days of grace after the date', (v) => Number(v))
    .option('--invoice <number>', 'an invoice the promise covers (repeat; default: every open invoice)', collect)
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (opts: { customer: string; date: string; grace?: number; invoice?: string[]; org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        const customer = await requireCustomer(db, organization.id, opts.customer);
        const row = await addPaymentPromise(
          db,
          organization.id,
          customer,
          { promisedOn: opts.date, ...(opts.grace !== undefined ? { graceDays: opts.grace } : {}), invoiceNumbers: opts.invoice ?? null },
          todayIn(organization.time_zone, new Date()),
          null,
        );
        process.stdout.write(`Promise to pay by ${row.promised_on} recorded (grace ${row.grace_days} days)\n`);
      });
    });

  program
    .command('plan')
    .description('payment plans')
    .command('add')
    .description('agree a payment plan; its instalments replace the due dates of the invoices it covers')
    .requiredOption('--customer <ref>', 'customer reference')
    .requiredOption('--instalment <date:amount>', 'an instalment, e.g. 2025-06-30:500.00 (repeat)', collect)
    .option('--invoice <number>', 'an invoice the plan covers (repeat; default: every open invoice)', collect)
    .option('--grace <days>', 'days of grace after each instalment', (v) => Number(v))
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (opts: { customer: string; instalment: string[]; invoice?: string[]; grace?: number; org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        const customer = await requireCustomer(db, organization.id, opts.customer);
        const instalments = opts.instalment.map((text) => {
          const [dueDate, amount] = text.split(':');
          const amountMinor = amount === undefined ? null : parseDecimalToMinor(amount, organization.currency);
          if (!dueDate || amountMinor === null) throw new AppError('validation_failed', `--instalment takes DATE:AMOUNT such as 2025-06-30:500.00, got "${text}"`, { field: '--instalment' });
          return { dueDate, amountMinor };
        });
        const row = await addPaymentPlan(
          db,
          organization.id,
          customer,
          { invoiceNumbers: opts.invoice ?? [], instalments, ...(opts.grace !== undefined ? { graceDays: opts.grace } : {}) },
          todayIn(organization.time_zone, new Date()),
          null,
        );
        process.stdout.write(`Payment plan ${row.id} in ${instalments.length} instalments recorded\n`);
      });
    });

  program
    .command('hold')
    .description('manual holds')
    .command('add')
    .description('silence a customer until a date, with a reason')
    .requiredOption('--customer <ref>', 'customer reference')
    .requiredOption('--until <date>', 'last day of the hold (YYYY-MM-DD)')
    .requiredOption('--reason <text>', 'why, in words the team will understand later')
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (opts: { customer: string; until: string; reason: string; org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        const customer = await requireCustomer(db, organization.id, opts.customer);
        const row = await addHold(db, organization.id, customer, { reason: opts.reason, until: opts.until }, todayIn(organization.time_zone, new Date()), null);
        process.stdout.write(`${customer.name} on hold until ${row.until}\n`);
      });
    });
}
