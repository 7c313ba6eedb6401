import { Option, type Command } from 'commander';
import { AppError } from '../../core/app-error.js';
import { todayIn } from '../../core/plain-date.js';
import { CONTACT_CHANNELS, listContactLogs } from '../../adapters/db/stores/contact-logs.js';
import { getCustomerByRef } from '../../adapters/db/stores/customers.js';
import { logContact } from '../../app/collection/log-contact.js';
import { withContext } from '../context.js';

/** `relance contact`: contacts made outside Relance, which count like the ones it makes. */
export function registerContacts(program: Command): void {
  const contact = program.command('contact').alias('contacts').description('contacts made outside Relance: calls, emails written by hand, meetings');
  contact
    .command('log <customer-ref>')
    .description('log a contact: the next step keeps the minimum gap after it, and letters may cite it')
    .addOption(new Option('--channel <channel>', 'how the customer was contacted').choices(CONTACT_CHANNELS).makeOptionMandatory())
    .requiredOption('--note <text>', 'what was said')
    .option('--on <date>', 'the day of the contact (YYYY-MM-DD; default today)')
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (ref: string, opts: { channel: string; note: string; on?: string; org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        const customer = await getCustomerByRef(db, organization.id, ref);
        if (!customer) throw new AppError('not_found', `no customer with reference "${ref}"`, { field: 'customer-ref' });
        const today = todayIn(organization.time_zone, new Date());
        const row = await logContact(db, organization.id, customer, { channel: opts.channel, on: opts.on ?? today, note: opts.note }, today, null);
        process.stdout.write(`Contact logged for ${customer.name} on ${row.occurred_on} (${row.channel})\n`);
      });
    });
  contact
    .command('list <customer-ref>')
    .description("the customer's contacts logged outside Relance, newest first")
    .option('--json', 'print JSON')
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (ref: string, opts: { json?: boolean; org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        const customer = await getCustomerByRef(db, organization.id, ref);
        if (!customer) throw new AppError('not_found', `no customer with reference "${ref}"`, { field: 'customer-ref' });
        const rows = await listContactLogs(db, organization.id, customer.id);
        if (opts.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        else for (const row of rows) process.stdout.write(`${row.occurred_on}  ${row.channel.padEnd(8)} ${row.note}\n`);
      });
    });
}
