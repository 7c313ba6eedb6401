import { writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { AppError } from '../../core/app-error.js';
import { parseDate } from '../../core/plain-date.js';
import { findOutboxMessage, listOutboxMessages, OUTBOX_CHANNELS, OUTBOX_STATUSES } from '../../adapters/db/stores/outbox.js';
import { cancelOutboxMessage, retryOutboxMessage } from '../../app/outbox/retry-outbox-message.js';
import { emptySendSummary, type SendSummary } from '../../app/outbox/send-due-messages.js';
import { sendCollectionMessages } from '../../app/collection/send-collection-messages.js';
import { noSenderEmailWarning } from '../../app/collection/setup-warnings.js';
import { isInsideSendingWindow } from '../../app/collection/sending-window.js';
import { getCollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { listOrganizations } from '../../adapters/db/stores/organizations.js';
import { deliverDueWebhooks } from '../../app/webhooks/deliver-due-webhooks.js';
import { openCliDatabase, withContext } from '../context.js';

export function registerOutbox(program: Command): void {
  const outbox = program.command('outbox').description('messages waiting to go out, sent, kept as files, or needing a person');

  outbox
    .command('list')
    .description('list messages, newest first')
    .option('--status <status>', `one of ${OUTBOX_STATUSES.join(', ')}`)
    .option('--channel <channel>', `one of ${OUTBOX_CHANNELS.join(', ')}`)
    .option('--json', 'print JSON')
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (opts: { status?: string; channel?: string; json?: boolean; org?: string }) => {
      const status = oneOf(opts.status, OUTBOX_STATUSES, '--status');
      const channel = oneOf(opts.channel, OUTBOX_CHANNELS, '--channel');
      await withContext(opts.org, async ({ db, organization }) => {
        const rows = await listOutboxMessages(db, organization.id, { status, channel });
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          return;
        }
        for (const row of rows) {
          const to = JSON.parse(row.recipient) as { email?: string; phone?: string; name?: string };
          const note = row.status === 'failed' || row.status === 'unknown' ? `  ← ${row.last_error ?? ''}` : '';
          process.stdout.write(`${row.id}  ${row.status.padEnd(9)} ${row.channel.padEnd(17)} ${(to.email ?? to.phone ?? to.name ?? '').padEnd(30)} ${row.subject}${note}\n`);
        }
        if (rows.length === 0) process.stdout.write('no message\n');
      });
    });

  outbox
    .command('show <id>')
    .description('print one message with its text')
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (id: string, opts: { org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        const row = await findOutboxMessage(db, organization.id, id);
        if (!row) throw new AppError('not_found', `outbox message ${id} does not exist`);
        const { text_body, html_body: _html, ...rest } = row;
        process.stdout.write(`${JSON.stringify(rest, null, 2)}\n\n${text_body}\n`);
      });
    });

  outbox
    .command('send')
    .description(
      "send what is due now, through SMTP_URL / SMS_PROVIDER_URL, or keep it as files under OUTBOX_DIR; each organization's messages go only inside its business hours, after the last check that they are still due",
    )
    .option('--limit <n>', 'messages per pass and organization', '50')
    .option('--watch', 'keep sending every few seconds until stopped')
    .option('--worker <id>', 'name of this worker in the claims', `${hostname()}:${process.pid}`)
    .option('--now <instant>', 'act as if it were this moment (ISO 8601, e.g. 2026-03-02T09:00:00Z): what a pass then would send; not with --watch')
    .action(async (opts: { limit: string; watch?: boolean; worker: string; now?: string }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new AppError('validation_failed', '--limit takes a positive whole number', { field: '--limit' });
      const fixed = opts.now === undefined ? null : new Date(opts.now);
      if (fixed !== null && (Number.isNaN(fixed.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(opts.now!))) {
        throw new AppError('validation_failed', `--now takes an ISO 8601 instant such as 2026-03-02T09:00:00Z, got "${opts.now}"`, { field: '--now' });
      }
      if (fixed !== null && opts.watch) throw new AppError('validation_failed', '--now and --watch do not go together', { field: '--now' });
      const clock = () => fixed ?? new Date();
      const db = await openCliDatabase();
      // With --watch the warning is said once, not on every pass.
      const warnedHeld = new Set<string>();
      try {
        for (;;) {
          // The same pass as the server's minute pass: business hours, the last check before
          // sending, actions and webhooks kept in step, a task for each message a person must see.
          const total = emptySendSummary();
          let fullPass = false;
          const waiting: string[] = [];
          for (const organization of await listOrganizations(db)) {
            const now = clock();
            if (!isInsideSendingWindow(organization, await getCollectionSettings(db, organization.id), now)) {
              waiting.push(organization.name);
              continue;
            }
            const summary = await sendCollectionMessages(db, organization, { now, workerId: opts.worker, limit });
            for (const key of Object.keys(total) as (keyof SendSummary)[]) total[key] += summary[key];
            if (summary.held > 0 && !warnedHeld.has(organization.id)) {
              warnedHeld.add(organization.id);
              process.stderr.write(`relance: warning: ${noSenderEmailWarning(organization, summary.held).message}\n`);
            }
            fullPass ||= summary.claimed >= limit;
          }
          await deliverDueWebhooks(db, { now: clock() });
          if (total.claimed > 0 || !opts.watch) {
            process.stdout.write(
              `sent ${total.sent}, kept ${total.kept}, to retry ${total.retried}, failed ${total.failed}, unknown ${total.unknown}, cancelled ${total.cancelled}${total.held > 0 ? `, held ${total.held}` : ''}\n`,
            );
            if (total.failed + total.unknown > 0) process.stdout.write('failed and unknown messages wait for a person: see the task inbox, or relance outbox list --status failed\n');
            if (!opts.watch && waiting.length > 0) process.stdout.write(`outside business hours, messages wait: ${waiting.join(', ')}\n`);
          }
          if (!opts.watch && !fullPass) break;
          if (total.claimed === 0) await new Promise((resolve) => setTimeout(resolve, 5000));
        }
      } finally {
        await db.close();
      }
    });

  outbox
    .command('letters')
    .description('write every letter and registered letter that left on a day into one PDF, for the post room')
    .requiredOption('--date <YYYY-MM-DD>', 'the day, in the organization\'s calendar')
    .requiredOption('--out <file.pdf>', 'where to write the PDF')
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (opts: { date: string; out: string; org?: string }) => {
      const date = parseDate(opts.date, '--date');
      // Loaded here: the PDF library is not worth its start-up time to every other command.
      const { mergeLettersOfDay } = await import('../../app/outbox/merge-letters-of-day.js');
      await withContext(opts.org, async ({ db, organization }) => {
        const letters = await mergeLettersOfDay(db, organization, { organizationId: organization.id, role: 'admin', userId: null, apiKeyId: null }, date, new Date());
        await writeFile(opts.out, letters.pdf);
        process.stdout.write(`${letters.letters} ${letters.letters === 1 ? 'letter' : 'letters'}, ${letters.pages} ${letters.pages === 1 ? 'page' : 'pages'}, written to ${opts.out}\n`);
      });
    });

  for (const [name, description] of [
    ['retry', 'queue a failed, unknown, kept or cancelled message again'],
    ['cancel', 'make sure a message does not go out'],
  ] as const) {
    outbox
      .command(`${name} <id>`)
      .description(description)
      .option('--reason <text>', 'why (cancel only)')
      .option('--org <name>', 'organization (id or name) when the database holds several')
      .action(async (id: string, opts: { reason?: string; org?: string }) => {
        await withContext(opts.org, async ({ db, organization }) => {
          const row =
            name === 'retry'
              ? await retryOutboxMessage(db, organization.id, id, new Date())
              : await cancelOutboxMessage(db, organization.id, id, new Date(), opts.reason);
          process.stdout.write(`${row.id} is now ${row.status}\n`);
        });
      });
  }
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], option: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new AppError('validation_failed', `${option} takes one of ${allowed.join(', ')}, got "${value}"`, { field: option });
  return value as T;
}
