import { ImapFlow } from 'imapflow';
import { AppError } from '../../core/app-error.js';

export interface ImapMailbox {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  pass: string;
  mailbox: string;
}

/** imap://user:pass@host:143/INBOX or imaps://…:993/Folder; the folder is INBOX when left out. */
export function imapMailboxFromUrl(url: string): ImapMailbox {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new AppError('configuration', 'IMAP_URL must read like imaps://user:password@imap.example.com/INBOX', { field: 'IMAP_URL' }, { cause: error });
  }
  if (parsed.protocol !== 'imap:' && parsed.protocol !== 'imaps:') throw new AppError('configuration', 'IMAP_URL must start with imap:// or imaps://', { field: 'IMAP_URL' });
  const secure = parsed.protocol === 'imaps:';
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(parsed.username),
    pass: decodeURIComponent(parsed.password),
    mailbox: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'INBOX',
  };
}

export interface ImapFetchSummary {
  /** Messages handed over and marked read. */
  fetched: number;
  /** Too large: marked read and left in the mailbox for a person. */
  tooLarge: number;
  /** The handler failed: left unread, tried again next time. */
  failed: number;
  /** Why each failed message failed. */
  errors: string[];
}

/**
 * Reads the unread messages of one mailbox with imapflow, one at a time, and marks each read
 * once `handle` has kept it; a message `handle` fails on stays unread for the next pass. Mail is
 * never deleted: the mailbox stays the organization's own record.
 */
export async function fetchUnreadMessages(box: ImapMailbox, handle: (raw: Buffer) => Promise<void>, options: { maxBytes: number; limit?: number }): Promise<ImapFetchSummary> {
  const client = new ImapFlow({ host: box.host, port: box.port, secure: box.secure, auth: { user: box.user, pass: box.pass }, logger: false });
  const summary: ImapFetchSummary = { fetched: 0, tooLarge: 0, failed: 0, errors: [] };
  await client.connect();
  try {
    const lock = await client.getMailboxLock(box.mailbox);
    try {
      const unread = (await client.search({ seen: false }, { uid: true })) || [];
      for (const uid of unread.slice(0, options.limit ?? 200)) {
        const head = await client.fetchOne(String(uid), { size: true }, { uid: true });
        if (!head) continue;
        if ((head.size ?? 0) > options.maxBytes) {
          summary.tooLarge += 1;
          await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
          continue;
        }
        const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
        if (!message || !message.source) continue;
        try {
          await handle(message.source);
        } catch (error) {
          summary.failed += 1;
          summary.errors.push(`message ${uid}: ${error instanceof Error ? error.message : String(error)}`);
          continue;
        }
        await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
        summary.fetched += 1;
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return summary;
}
