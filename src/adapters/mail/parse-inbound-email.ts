import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type HeaderValue } from 'mailparser';
import { recogniseAutomaticReply, returnedMessageIds, type MailAuthorship } from '../../core/inbound/recognise-automatic-reply.js';
import { messageIdsIn } from '../../core/inbound/thread-reply.js';

/** A received message's size past which it is refused (SMTP) or left in the mailbox (IMAP). */
export const INBOUND_MAX_BYTES = 15 * 1024 * 1024;

/** The text kept of a message: enough for any reply a person writes, bounded for the database. */
const TEXT_MAX_CHARS = 100_000;

export interface InboundFile {
  fileName: string;
  contentType: string;
  content: Buffer;
}

/** A received email, read into what the product keeps of it. */
export interface InboundEmail {
  /** The Message-ID header, else a hash of the raw message: what makes a second reading a no-op. */
  dedupeKey: string;
  messageId: string | null;
  inReplyTo: string[];
  references: string[];
  from: { address: string; name: string | null };
  /** Every address the message was sent to, lower case (To, Cc, Delivered-To, X-Original-To). */
  recipients: string[];
  subject: string;
  text: string;
  authorship: MailAuthorship;
  /** For a bounce, the Message-IDs of the returned message as the report quotes it. */
  returnedMessageIds: string[];
  /** Files a person attached (delivery reports' own parts are not among them). */
  attachments: InboundFile[];
  sizeBytes: number;
}

const REPORT_PARTS = ['message/delivery-status', 'message/rfc822', 'text/rfc822-headers', 'message/rfc822-headers', 'message/disposition-notification'];

function firstText(value: HeaderValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return firstText(value[0] as HeaderValue | undefined);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && 'value' in value && typeof value.value === 'string') return value.value;
  if (typeof value === 'object' && 'text' in value && typeof value.text === 'string') return value.text;
  return String(value);
}

function addressesOf(field: AddressObject | AddressObject[] | undefined): string[] {
  return [field ?? []].flat().flatMap((group) => group.value.flatMap((entry) => [entry.address ?? '', ...(entry.group ?? []).map((member) => member.address ?? '')])).filter((address) => address !== '').map((address) => address.toLowerCase());
}

/** Reads a raw RFC 5322 message with mailparser, and sorts out who wrote it. */
export async function parseInboundEmail(raw: Buffer): Promise<InboundEmail> {
  const mail = await simpleParser(raw, { keepDeliveryStatus: true, skipImageLinks: true });
  const headers: Record<string, string> = {};
  for (const [name, value] of mail.headers) headers[name.toLowerCase()] = firstText(value) ?? '';
  const contentType = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const from = mail.from?.value[0];
  const fromAddress = (from?.address ?? '').toLowerCase();
  const reportParts = mail.attachments.filter((file) => REPORT_PARTS.includes(file.contentType.toLowerCase()));
  const subject = mail.subject ?? '';
  const authorship = recogniseAutomaticReply({
    headers,
    subject,
    contentType: (contentType?.value ?? 'text/plain').toLowerCase(),
    reportType: contentType?.params?.['report-type']?.toLowerCase(),
    partTypes: mail.attachments.map((file) => file.contentType.toLowerCase()),
    fromAddress,
  });
  const recipients = [
    ...addressesOf(mail.to),
    ...addressesOf(mail.cc),
    ...['delivered-to', 'x-original-to', 'envelope-to'].flatMap((name) => addressesIn(headers[name])),
  ];
  const messageId = mail.messageId ?? null;
  const text = (mail.text ?? '').slice(0, TEXT_MAX_CHARS);
  return {
    dedupeKey: messageId ?? `sha256:${createHash('sha256').update(raw).digest('hex')}`,
    messageId,
    inReplyTo: messageIdsIn(mail.inReplyTo),
    references: [mail.references ?? []].flat().flatMap((header) => messageIdsIn(header)),
    from: { address: fromAddress, name: from?.name || null },
    recipients: [...new Set(recipients)],
    subject,
    text,
    authorship,
    returnedMessageIds: authorship.kind === 'bounce' ? returnedMessageIds(reportParts.map((part) => part.content.toString('utf8'))) : [],
    attachments: mail.attachments
      .filter((file) => !REPORT_PARTS.includes(file.contentType.toLowerCase()))
      .map((file, index) => ({ fileName: file.filename ?? `attachment-${index + 1}`, contentType: file.contentType.toLowerCase(), content: file.content })),
    sizeBytes: raw.length,
  };
}

function addressesIn(header: string | undefined): string[] {
  if (!header) return [];
  return [...header.matchAll(/[^\s<>,;"]+@[^\s<>,;"]+/g)].map((match) => match[0].toLowerCase());
}
