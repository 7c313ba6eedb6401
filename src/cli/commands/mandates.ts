import type { Command } from 'commander';
import { AppError } from '../../core/app-error.js';
import { todayIn } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import { MANDATE_STATUSES, type MandateStatus } from '../../adapters/db/mandate-schema.js';
import type { OrganizationRow } from '../../adapters/db/schema.js';
import { getCustomer } from '../../adapters/db/stores/customers.js';
import { activeMandateOfCustomer, listAgencies, listCreditorMandates } from '../../adapters/db/stores/mandates.js';
import type { Caller } from '../../app/auth/caller.js';
import { endMandate, takeBackCase } from '../../app/mandates/close-mandate-case.js';
import { handOffCase, type HandOffInput } from '../../app/mandates/hand-off-case.js';
import { mandateJson, mandatesJson, type MandateJson } from '../../app/mandates/mandate-view.js';
import { withContext } from '../context.js';
import { parseCliDate } from '../options.js';
import { requireCustomer } from './pauses.js';

/** The terminal acts as an administrator of the organization it names, as every other command does. */
function terminalCaller(organization: OrganizationRow): Caller {
  return { organizationId: organization.id, role: 'admin', userId: null, apiKeyId: null };
}

async function requireAgency(db: Db, nameOrId: string): Promise<string> {
  const wanted = nameOrId.trim().toLowerCase();
  const agency = (await listAgencies(db)).find((row) => row.id === nameOrId.trim() || row.name.toLowerCase() === wanted || row.legal_name.toLowerCase() === wanted);
  if (!agency) throw new AppError('not_found', `no collection agency "${nameOrId}" works on this instance (create one with relance org create --kind agency)`, { field: '--agency' });
  return agency.id;
}

const partnerOf = (m: MandateJson) => (m.partner.kind === 'agency' ? m.partner.name : `${m.partner.name} <${m.partner.email}>`);
const amount = (money: { amount: string; currency: string }) => `${money.amount} ${money.currency}`;

function describe(m: MandateJson): string {
  const until = m.ends_on ? `until ${m.ends_on}` : 'until ended or taken back';
  const fixed = Number(m.fee_fixed.amount) > 0 ? ` + ${amount(m.fee_fixed)}` : '';
  return (
    `Mandate ${m.id}: ${m.customer.name} (${m.customer.external_ref}) handed to ${partnerOf(m)} from ${m.starts_on} ${until}, ${m.status}${m.closed_on ? ` on ${m.closed_on}` : ''}\n` +
    `  acting in the name of ${m.acting_as === 'creditor' ? 'the creditor' : 'the partner'}, fee ${m.fee_percent} %${fixed}\n` +
    `  handed ${amount(m.handed)}, recovered ${amount(m.recovered)} (${m.recovery_rate_percent} %), outstanding ${amount(m.outstanding)}, fee ${amount(m.fee)}\n`
  );
}

/** `relance mandate create|end|list` and `relance case take-back`: hand-offs from the terminal, as the API makes them. */
export function registerMandates(program: Command): void {
  const mandate = program.command('mandate').description("hand a customer's case to a collection agency or an outside partner, and follow it");

  mandate
    .command('create')
    .description("hand a customer's case to a partner: the creditor's own reminders stop while the mandate lasts")
    .requiredOption('--customer <ref>', 'customer reference')
    .option('--agency <name>', 'a collection agency on this instance (its name or id)')
    .option('--partner-email <email>', 'an outside partner, sent the case file by email')
    .option('--partner-name <name>', 'the outside partner’s name (with --partner-email)')
    .requiredOption('--acting <as>', 'in whose name the partner writes: creditor or agency')
    .requiredOption('--fee-percent <percent>', 'fee on what is recovered, in percent: 15, 12.5')
    .option('--fixed-fee <amount>', "a fixed fee per case, in the creditor's currency: 50.00")
    .option('--until <date>', 'last day of the mandate (YYYY-MM-DD); none: until ended or taken back')
    .option('--note <text>', 'a word for the partner')
    .option('--org <name>', 'the creditor (id or name) when the database holds several')
    .action(async (opts: { customer: string; agency?: string; partnerEmail?: string; partnerName?: string; acting: string; feePercent: string; fixedFee?: string; until?: string; note?: string; org?: string }) => {
      const endsOn = opts.until === undefined ? null : parseCliDate(opts.until, '--until');
      await withContext(opts.org, async ({ db, organization }) => {
        const customer = await requireCustomer(db, organization.id, opts.customer);
        if (opts.acting !== 'creditor' && opts.acting !== 'agency') throw new AppError('validation_failed', `--acting must be creditor or agency, got "${opts.acting}"`, { field: '--acting' });
        const input: HandOffInput = {
          ...(opts.agency !== undefined ? { agency_organization_id: await requireAgency(db, opts.agency) } : {}),
          ...(opts.partnerEmail !== undefined ? { partner_email: opts.partnerEmail } : {}),
          ...(opts.partnerName !== undefined ? { partner_name: opts.partnerName } : {}),
          acting_as: opts.acting,
          fee_percent: opts.feePercent,
          ...(opts.fixedFee !== undefined ? { fee_fixed: { amount: opts.fixedFee, currency: organization.currency } } : {}),
          ends_on: endsOn,
          note: opts.note ?? null,
        };
        const now = new Date();
        const row = await handOffCase(db, terminalCaller(organization), customer, input, now);
        process.stdout.write(describe(await mandateJson(db, row, customer, todayIn(organization.time_zone, now))));
        process.stdout.write(row.agency_organization_id ? `The case is in ${row.partner_name}'s inbox.\n` : `The case file is queued for ${row.partner_email}; it leaves with the next sending (relance outbox send).\n`);
      });
    });

  mandate
    .command('end <mandate-id>')
    .description("end a mandate before its term; the creditor's own collection resumes where it stands")
    .option('--org <name>', 'the creditor (id or name) when the database holds several')
    .action(async (id: string, opts: { org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        const now = new Date();
        const row = await endMandate(db, terminalCaller(organization), id, now);
        const customer = (await getCustomer(db, organization.id, row.customer_id))!;
        process.stdout.write(describe(await mandateJson(db, row, customer, todayIn(organization.time_zone, now))));
      });
    });

  mandate
    .command('list')
    .description('handed cases, newest first, with what was handed, recovered and owed to the partner')
    .option('--status <status>', `only ${MANDATE_STATUSES.join(', ')}`)
    .option('--customer <ref>', 'only this customer')
    .option('--json', 'print JSON, as GET /api/mandates answers')
    .option('--org <name>', 'the creditor (id or name) when the database holds several')
    .action(async (opts: { status?: string; customer?: string; json?: boolean; org?: string }) => {
      if (opts.status !== undefined && !(MANDATE_STATUSES as readonly string[]).includes(opts.status)) {
        throw new AppError('validation_failed', `--status must be one of ${MANDATE_STATUSES.join(', ')}, got "${opts.status}"`, { field: '--status' });
      }
      await withContext(opts.org, async ({ db, organization }) => {
        const customerId = opts.customer === undefined ? undefined : (await requireCustomer(db, organization.id, opts.customer)).id;
        const rows = await listCreditorMandates(db, organization.id, { ...(opts.status ? { status: opts.status as MandateStatus } : {}), ...(customerId ? { customerId } : {}) });
        const items = await mandatesJson(db, organization.id, rows, todayIn(organization.time_zone, new Date()));
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ items }, null, 2)}\n`);
          return;
        }
        if (items.length === 0) {
          process.stdout.write('No handed case.\n');
          return;
        }
        const header = ['mandate', 'customer', 'partner', 'status', 'since', 'until', 'handed', 'recovered', 'rate', 'fee'];
        const lines = items.map((m) => [m.id, `${m.customer.external_ref} ${m.customer.name}`, partnerOf(m), m.status, m.starts_on, m.ends_on ?? '-', amount(m.handed), amount(m.recovered), `${m.recovery_rate_percent} %`, amount(m.fee)]);
        const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
        for (const line of [header, ...lines]) process.stdout.write(`${line.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()}\n`);
      });
    });

  program
    .command('case')
    .description("a customer's collection case")
    .command('take-back <customer-ref>')
    .description("take a handed case back from the partner: its access ends at once, and the creditor's own collection resumes where it stands")
    .option('--org <name>', 'the creditor (id or name) when the database holds several')
    .action(async (ref: string, opts: { org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        const customer = await requireCustomer(db, organization.id, ref);
        const active = await activeMandateOfCustomer(db, organization.id, customer.id);
        if (!active) throw new AppError('not_found', `${customer.name} (${ref}) is not handed to any partner`, { field: 'customer-ref' });
        const now = new Date();
        const row = await takeBackCase(db, terminalCaller(organization), active.id, now);
        process.stdout.write(describe(await mandateJson(db, row, customer, todayIn(organization.time_zone, now))));
        process.stdout.write("The creditor's own collection resumes with the next run.\n");
      });
    });
}
