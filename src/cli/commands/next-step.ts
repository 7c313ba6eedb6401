import type { Command } from 'commander';
import { todayIn } from '../../core/plain-date.js';
import { previewNextStep } from '../../app/collection/preview-next-step.js';
import { requireCustomerInvoice } from '../../app/collection/pause-inputs.js';
import { sendNextStepNow } from '../../app/collection/send-next-step-now.js';
import { setInvoiceReminders } from '../../app/collection/set-invoice-reminders.js';
import { withContext } from '../context.js';
import { requireCustomer } from './pauses.js';
import { publicUrlFrom } from '../../http/origin-check.js';

const orgOption = ['--org <name>', 'organization (id or name) when the database holds several'] as const;

/** `relance reminders exclude|include` and `relance next-step preview|send-now`: acting on one customer from the terminal. */
export function registerNextStep(program: Command): void {
  const reminders = program.command('reminders').description('leave one invoice out of reminders, or remind it again');
  reminders
    .command('exclude')
    .description('no message lists the invoice nor counts it, from the next run on')
    .requiredOption('--customer <ref>', 'customer reference')
    .requiredOption('--invoice <number>', 'invoice number')
    .requiredOption('--reason <text>', 'why, in words the team will understand later')
    .option(...orgOption)
    .action(async (opts: { customer: string; invoice: string; reason: string; org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        const customer = await requireCustomer(db, organization.id, opts.customer);
        const invoice = await requireCustomerInvoice(db, organization.id, customer.id, { number: opts.invoice }, '--invoice');
        const state = await setInvoiceReminders(db, invoice, { excluded: true, reason: opts.reason }, todayIn(organization.time_zone, new Date()), null);
        process.stdout.write(`Invoice ${state.invoice.number} left out of reminders since ${state.excluded_on}: ${state.reason}\n`);
      });
    });
  reminders
    .command('include')
    .description('remind the invoice again from the next run')
    .requiredOption('--customer <ref>', 'customer reference')
    .requiredOption('--invoice <number>', 'invoice number')
    .option(...orgOption)
    .action(async (opts: { customer: string; invoice: string; org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        const customer = await requireCustomer(db, organization.id, opts.customer);
        const invoice = await requireCustomerInvoice(db, organization.id, customer.id, { number: opts.invoice }, '--invoice');
        await setInvoiceReminders(db, invoice, { excluded: false }, todayIn(organization.time_zone, new Date()), null);
        process.stdout.write(`Invoice ${invoice.number} is reminded again from the next run\n`);
      });
    });

  const nextStep = program.command('next-step').description("the customer's next step: see it as it would go, or send it now");
  nextStep
    .command('preview')
    .description('the next message exactly as it would go, written nowhere')
    .requiredOption('--customer <ref>', 'customer reference')
    .option('--json', 'print the preview as the API answers it')
    .option(...orgOption)
    .action(async (opts: { customer: string; json?: boolean; org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        const customer = await requireCustomer(db, organization.id, opts.customer);
        const preview = await previewNextStep(db, organization, customer, { now: new Date(), portalBase: publicUrlFrom(process.env.PUBLIC_URL) });
        if (opts.json) return void process.stdout.write(`${JSON.stringify(preview, null, 2)}\n`);
        if (preview.status !== 'ready') return void process.stdout.write(`Nothing to remind today: ${preview.status === 'nothing_to_remind' ? preview.reason.en : 'the account owner is told first'}\n`);
        for (const message of preview.messages) {
          const to = message.recipient ? (message.recipient.email ?? message.recipient.phone ?? message.recipient.postalAddress ?? '') : 'nobody: no contact has the address this channel needs';
          const files = message.attachments.map((file) => file.filename).join(', ') || 'none';
          process.stdout.write(`Channel: ${message.channel}\nTo: ${to}\nSubject: ${message.subject ?? ''}\nLeaves: ${message.not_before ?? (message.needs_approval ? 'after approval' : '—')}\nAttachments: ${files}\n\n${message.text ?? ''}\n`);
        }
      });
    });
  nextStep
    .command('send-now')
    .description("plan the customer's due step today; it leaves at the next business-hours slot, never twice")
    .requiredOption('--customer <ref>', 'customer reference')
    .option(...orgOption)
    .action(async (opts: { customer: string; org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        const customer = await requireCustomer(db, organization.id, opts.customer);
        const sent = await sendNextStepNow(db, organization, customer, { now: new Date(), portalBase: publicUrlFrom(process.env.PUBLIC_URL) });
        for (const action of sent.actions) process.stdout.write(`${action.step_id} (${action.channel}): ${action.status}${action.not_before ? `, leaves at ${action.not_before}` : ''}\n`);
        if (sent.actions.length === 0) process.stdout.write('The account owner is told first; the step follows\n');
      });
    });
}
