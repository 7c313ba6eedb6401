import { hostname } from 'node:os';
import type { Command } from 'commander';
import { AppError } from '../../core/app-error.js';
import { findOutboxMessage, listOutboxMessages, OUTBOX_CHANNELS, OUTBOX_STATUSES, type OutboxChannel, type OutboxStatus } from '../../adapters/db/stores/outbox.js';
import { cancelOutboxMessage, retryOutboxMessage } from '../../app/outbox/retry-outbox-message.js';
import { sendDueMessages } from '../../app/outbox/send-due-messages.js';
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
    .description('send what is due now, through SMTP_URL / SMS_PROVIDER_URL, or keep it as files under OUTBOX_DIR')
    .option('--limit <n>', 'messages per pass', '50')
    .option('--watch', 'keep sending every few seconds until stopped')
    .option('--worker <id>', 'name of this worker in the claims', `${hostname()}:${process.pid}`)
    .action(async (opts: { limit: string; watch?: boolean; worker: string }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new AppError('validation_failed', '--limit takes a positive whole number', { field: '--limit' });
      const db = await openCliDatabase();
      try {
        for (;;) {
          const summary = await sendDueMessages(db, {
            now: new Date(),
            workerId: opts.worker,
            limit,
            onPermanentFailure: async (message, error) => {
              process.stderr.write(`relance: ${message.id} failed for good: ${error}\n`);
            },
            onOutcomeUnknown: async (message, error) => {
              process.stderr.write(`relance: ${message.id} may or may not have gone out (check before retrying): ${error}\n`);
            },
          });
          await deliverDueWebhooks(db, { now: new Date() });
          if (summary.claimed > 0 || !opts.watch) {
            process.stdout.write(
              `sent ${summary.sent}, kept ${summary.kept}, to retry ${summary.retried}, failed ${summary.failed}, unknown ${summary.unknown}, cancelled ${summary.cancelled}\n`,
            );
          }
          if (!opts.watch && summary.claimed < limit) break;
          if (summary.claimed === 0) await new Promise((resolve) => setTimeout(resolve, 5000));
        }
      } finally {
        await db.close();
      }
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
