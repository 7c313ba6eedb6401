import { AppError } from '../../core/app-error.js';
import type { Db } from '../../adapters/db/database.js';
import { organizationsByInboundAddress } from '../../adapters/db/stores/inbound-messages.js';
import { fetchUnreadMessages, imapMailboxFromUrl, type ImapFetchSummary } from '../../adapters/mail/imap-inbox.js';
import { startInboundSmtpReceiver, type InboundSmtpReceiver } from '../../adapters/mail/inbound-smtp-receiver.js';
import { INBOUND_MAX_BYTES } from '../../adapters/mail/parse-inbound-email.js';
import { receiveInboundEmail } from './receive-inbound-email.js';

/** How replies are read back: the built-in SMTP receiver, an IMAP mailbox polled, both or neither. */
export interface InboundMailConfig {
  smtpPort?: number;
  smtpHost: string;
  imapUrl?: string;
  imapPollSeconds: number;
}

/** INBOUND_SMTP_PORT / INBOUND_SMTP_HOST, IMAP_URL / IMAP_POLL_SECONDS. */
export function inboundMailConfigFrom(env: Record<string, string | undefined>): InboundMailConfig {
  const port = env.INBOUND_SMTP_PORT?.trim();
  if (port && !/^\d{1,5}$/.test(port)) throw new AppError('configuration', `INBOUND_SMTP_PORT must be a port number, got "${port}"`, { field: 'INBOUND_SMTP_PORT' });
  const poll = Number(env.IMAP_POLL_SECONDS ?? 60);
  if (!Number.isInteger(poll) || poll < 5) throw new AppError('configuration', 'IMAP_POLL_SECONDS must be a whole number of seconds, at least 5', { field: 'IMAP_POLL_SECONDS' });
  return {
    ...(port ? { smtpPort: Number(port) } : {}),
    smtpHost: env.INBOUND_SMTP_HOST?.trim() || '0.0.0.0',
    ...(env.IMAP_URL?.trim() ? { imapUrl: env.IMAP_URL.trim() } : {}),
    imapPollSeconds: poll,
  };
}

/** The SMTP receiver, keeping what it accepts as replies of the organizations it is addressed to. */
export function startInboundSmtp(db: Db, options: { port: number; host: string; now: () => Date; log?: (line: string) => void; maxBytes?: number }): Promise<InboundSmtpReceiver> {
  return startInboundSmtpReceiver({
    port: options.port,
    host: options.host,
    maxBytes: options.maxBytes ?? INBOUND_MAX_BYTES,
    acceptsRecipient: async (address) => (await organizationsByInboundAddress(db, [address])).length > 0,
    onMessage: async (raw, envelope) => {
      await receiveInboundEmail(db, raw, { now: options.now(), source: 'smtp', envelopeRecipients: envelope.to });
    },
    ...(options.log ? { log: options.log } : {}),
  });
}

/** One pass over the IMAP mailbox: every unread message is read back, then marked read. */
export function fetchImapReplies(db: Db, imapUrl: string, options: { now: () => Date; limit?: number }): Promise<ImapFetchSummary> {
  return fetchUnreadMessages(
    imapMailboxFromUrl(imapUrl),
    async (raw) => {
      await receiveInboundEmail(db, raw, { now: options.now(), source: 'imap' });
    },
    { maxBytes: INBOUND_MAX_BYTES, ...(options.limit !== undefined ? { limit: options.limit } : {}) },
  );
}

/** What `relance serve` starts: the SMTP receiver when a port is set, the IMAP poll when a URL is. */
export async function startInboundMail(db: Db, config: InboundMailConfig, options: { now: () => Date; log: (line: string) => void }): Promise<{ close(): Promise<void> }> {
  const receiver = config.smtpPort !== undefined ? await startInboundSmtp(db, { port: config.smtpPort, host: config.smtpHost, now: options.now, log: options.log }) : undefined;
  if (receiver) options.log(`Receiving customers' replies by SMTP on ${config.smtpHost}:${receiver.port}`);
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<void> | undefined;
  if (config.imapUrl) {
    const url = config.imapUrl;
    const poll = () => {
      if (polling) return;
      polling = fetchImapReplies(db, url, { now: options.now })
        .then((summary) => {
          if (summary.fetched + summary.tooLarge + summary.failed > 0) options.log(`IMAP: ${summary.fetched} replies read, ${summary.tooLarge} too large, ${summary.failed} failed${summary.errors.length ? `: ${summary.errors.join('; ')}` : ''}`);
        })
        .catch((error: unknown) => options.log(`IMAP: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          polling = undefined;
        });
    };
    options.log(`Reading customers' replies from ${imapMailboxFromUrl(url).host} every ${config.imapPollSeconds} s`);
    poll();
    timer = setInterval(poll, config.imapPollSeconds * 1000);
  }
  return {
    async close() {
      if (timer) clearInterval(timer);
      await polling;
      await receiver?.close();
    },
  };
}
