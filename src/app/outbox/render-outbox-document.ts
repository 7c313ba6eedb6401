import { readFile } from 'node:fs/promises';
import type { Db } from '../../adapters/db/database.js';
import type { OutboxMessageRow } from '../../adapters/db/schema.js';
import { composeEmail } from '../../adapters/channels/email/compose-email.js';
import { renderLetterPdf } from '../../adapters/channels/letter/render-letter-pdf.js';
import { outgoingMessage } from './outgoing-message.js';

export interface OutboxDocument {
  contentType: string;
  fileName: string;
  content: Buffer;
}

/**
 * The message as its recipient gets it: the .eml of an email, the PDF of a letter, the text
 * of an SMS. The file written at sending time is returned when it still exists, so a person
 * sees exactly what was kept; otherwise it is rendered from the row.
 */
export async function renderOutboxDocument(db: Db, row: OutboxMessageRow, now: Date): Promise<OutboxDocument> {
  const kind = documentKind(row.channel);
  if (row.document_path) {
    const stored = await readFile(row.document_path).catch(() => undefined);
    if (stored) return { ...kind, fileName: `${row.id}.${kind.extension}`, content: stored };
  }
  const message = await outgoingMessage(db, row, now);
  const content =
    row.channel === 'email'
      ? await composeEmail(message, 'no-reply@localhost')
      : row.channel === 'sms'
        ? Buffer.from(`To: ${message.recipient.phone ?? ''}\n\n${message.text}\n`)
        : await renderLetterPdf(message, message.language ?? 'en');
  return { ...kind, fileName: `${row.id}.${kind.extension}`, content };
}

function documentKind(channel: string): { contentType: string; extension: string } {
  if (channel === 'email') return { contentType: 'message/rfc822', extension: 'eml' };
  if (channel === 'sms') return { contentType: 'text/plain; charset=utf-8', extension: 'txt' };
  return { contentType: 'application/pdf', extension: 'pdf' };
}
