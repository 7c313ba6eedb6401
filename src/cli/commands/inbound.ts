import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { AppError } from '../../core/app-error.js';
import { getInboundAddress, listInboundMessages, setInboundAddress } from '../../adapters/db/stores/inbound-messages.js';
import { fetchImapReplies, inboundMailConfigFrom, startInboundSmtp } from '../../app/inbound/inbound-mail.js';
import { receiveInboundEmail } from '../../app/inbound/receive-inbound-email.js';
import { openCliDatabase, withContext } from '../context.js';

/** `relance inbound …`: where customers' replies arrive, and reading them back. */
export function registerInbound(program: Command): void {
  const inbound = program.command('inbound').description("customers' replies by email: the inbound address, the SMTP receiver, IMAP");

  inbound
    .command('address [email]')
    .description("show the address customers' replies are received at, or set it (--clear removes it)")
    .option('--clear', 'receive no replies')
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (email: string | undefined, opts: { clear?: boolean; org?: string }) => {
      await withContext(opts.org, async ({ db, organization }) => {
        if (email !== undefined && opts.clear) throw new AppError('validation_failed', 'give an address or --clear, not both', { field: '--clear' });
        if (email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new AppError('validation_failed', `"${email}" is not an email address`, { field: 'email' });
        if (email !== undefined || opts.clear) await setInboundAddress(db, organization.id, opts.clear ? null : email!);
        const address = await getInboundAddress(db, organization.id);
        process.stdout.write(address ? `${organization.name} receives replies at ${address}\n` : `${organization.name} has no inbound address\n`);
      });
    });

  inbound
    .command('listen')
    .description("run the built-in SMTP receiver alone (relance serve starts it too when INBOUND_SMTP_PORT is set)")
    .option('--port <port>', 'port to listen on', process.env.INBOUND_SMTP_PORT ?? '2525')
    .option('--host <host>', 'address to listen on', process.env.INBOUND_SMTP_HOST ?? '0.0.0.0')
    .action(async (opts: { port: string; host: string }) => {
      if (!/^\d{1,5}$/.test(opts.port)) throw new AppError('validation_failed', `--port takes a port number, got "${opts.port}"`, { field: '--port' });
      const db = await openCliDatabase();
      const log = (line: string) => process.stdout.write(`${line}\n`);
      const receiver = await startInboundSmtp(db, { port: Number(opts.port), host: opts.host, now: () => new Date(), log });
      log(`Receiving customers' replies by SMTP on ${opts.host}:${receiver.port}; Ctrl-C stops`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await receiver.close();
      await db.close();
    });

  inbound
    .command('fetch')
    .description('read the unread messages of the IMAP mailbox in IMAP_URL once, and mark them read')
    .option('--url <imaps://user:pass@host/INBOX>', 'the mailbox, instead of IMAP_URL')
    .option('--limit <n>', 'messages at most in this pass', '200')
    .action(async (opts: { url?: string; limit: string }) => {
      const url = opts.url ?? inboundMailConfigFrom(process.env).imapUrl;
      if (!url) throw new AppError('configuration', 'say which mailbox to read: IMAP_URL=imaps://user:password@imap.example.com/INBOX, or --url', { field: 'IMAP_URL' });
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new AppError('validation_failed', '--limit takes a positive whole number', { field: '--limit' });
      const db = await openCliDatabase();
      try {
        const summary = await fetchImapReplies(db, url, { now: () => new Date(), limit });
        process.stdout.write(`read ${summary.fetched}, too large ${summary.tooLarge}, failed ${summary.failed}\n`);
        for (const error of summary.errors) process.stderr.write(`relance: ${error}\n`);
      } finally {
        await db.close();
      }
    });

  inbound
    .command('receive <file.eml>')
    .description('read one email saved as a file, as if it had just arrived (for a mail server that pipes to a program)')
    .action(async (file: string) => {
      const db = await openCliDatabase();
      try {
        const raw = file === '-' ? await readStdin() : await readFile(file);
        const received = await receiveInboundEmail(db, raw, { now: new Date(), source: 'smtp' });
        if (received.length === 0) process.stdout.write('no organization receives mail at the addresses this email was sent to\n');
        for (const outcome of received) process.stdout.write(`${outcome.inboundId}: ${outcome.duplicate ? 'already received' : `${outcome.kind}, ${outcome.status}`}\n`);
      } finally {
        await db.close();
      }
    });

  inbound
    .command('list')
    .description('the received emails, newest first')
    .option('--status <status>', 'unmatched | open | answered | automatic')
    .option('--org <name>', 'organization (id or name) when the database holds several')
    .action(async (opts: { status?: string; org?: string }) => {
      const statuses = ['unmatched', 'open', 'answered', 'automatic'] as const;
      const status = opts.status as (typeof statuses)[number] | undefined;
      if (status !== undefined && !statuses.includes(status)) throw new AppError('validation_failed', `--status is one of ${statuses.join(', ')}`, { field: '--status' });
      await withContext(opts.org, async ({ db, organization }) => {
        const { rows } = await listInboundMessages(db, organization.id, { ...(status ? { status } : {}), limit: 100, offset: 0 });
        for (const row of rows) process.stdout.write(`${row.id}  ${row.received_at.slice(0, 16)}  ${row.status.padEnd(9)}  ${row.from_address}  ${row.subject}\n`);
      });
    });
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
