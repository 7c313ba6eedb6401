import { outboxIdsAnswered, threadReply } from '../../core/inbound/thread-reply.js';
import { todayIn } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import { newId } from '../../adapters/db/ids.js';
import type { InboundMessageRow, InboundStatus } from '../../adapters/db/inbound-schema.js';
import { getCustomer } from '../../adapters/db/stores/customers.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import {
  customersWithContactEmail,
  findInboundByDedupeKey,
  findOutboxMessagesAnywhere,
  insertInboundAttachment,
  insertInboundMessage,
  markOutboxMessageBounced,
  organizationsByInboundAddress,
} from '../../adapters/db/stores/inbound-messages.js';
import { getOrganization } from '../../adapters/db/stores/organizations.js';
import { parseInboundEmail, type InboundEmail } from '../../adapters/mail/parse-inbound-email.js';
import { landInboundMessage } from './land-inbound-message.js';

export interface ReceiveOptions {
  now: Date;
  source: 'smtp' | 'imap';
  /** The envelope's recipients (SMTP RCPT TO); without them, the addresses the message names. */
  envelopeRecipients?: readonly string[];
}

/** What became of one received email in one organization. */
export interface ReceivedEmail {
  organizationId: string;
  inboundId: string;
  /** The same email had already been read (by its Message-ID): nothing was written again. */
  duplicate: boolean;
  status: InboundStatus;
  kind: InboundMessageRow['kind'];
  customerId: string | null;
}

/** The outbox ids an email points at: the message it answers or, for a bounce, the one returned. */
function outboxIdsOf(email: InboundEmail): string[] {
  return outboxIdsAnswered([...email.inReplyTo, ...email.returnedMessageIds], email.references);
}

/**
 * Which organizations a received email is for. Over SMTP, those whose inbound address the
 * envelope names, and no other: the headers are the sender's to write, and naming another
 * organization's address in To: must not put the mail in its records. Read from a mailbox, those
 * whose address the headers name; when none (a forwarding mailbox, say), the one that sent the
 * message it answers.
 */
async function organizationsOf(db: Db, email: InboundEmail, envelope: readonly string[] | undefined): Promise<string[]> {
  const byAddress = await organizationsByInboundAddress(db, [...new Set((envelope ?? email.recipients).map((a) => a.toLowerCase()))]);
  if (byAddress.length > 0 || envelope) return [...new Set(byAddress.map((row) => row.organization_id))];
  return [...new Set((await findOutboxMessagesAnywhere(db, outboxIdsOf(email))).map((row) => row.organization_id))];
}

/**
 * Reads one raw email and keeps it in every organization it is for: threaded to its customer
 * (the message it answers, else the sender's address, else unmatched for a person to attach),
 * sorted into a person's reply, an automatic answer or a bounce. A bounce also marks the message
 * it returns as failed. Reading the same email twice keeps it once. An email for no organization
 * is not kept (the result is empty).
 */
export async function receiveInboundEmail(db: Db, raw: Buffer, options: ReceiveOptions): Promise<ReceivedEmail[]> {
  const email = await parseInboundEmail(raw);
  const received: ReceivedEmail[] = [];
  for (const organizationId of await organizationsOf(db, email, options.envelopeRecipients)) {
    received.push(await recordInboundEmail(db, organizationId, email, options));
  }
  return received;
}

async function recordInboundEmail(db: Db, organizationId: string, email: InboundEmail, options: ReceiveOptions): Promise<ReceivedEmail> {
  const organization = await getOrganization(db, organizationId);
  const on = todayIn(organization?.time_zone ?? 'UTC', options.now);
  return inTransaction(db, async (tx) => {
    const existing = await findInboundByDedupeKey(tx, organizationId, email.dedupeKey);
    if (existing) return outcome(existing, true);
    const ids = outboxIdsOf(email);
    const found = (await findOutboxMessagesAnywhere(tx, ids))
      .filter((row) => row.organization_id === organizationId)
      .sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id))
      .map((row) => ({ outboxId: row.id, customerId: row.customer_id }));
    // A bounce comes from the mail system, not from anyone the organization knows.
    const customersOfSender = email.authorship.kind === 'bounce' ? [] : await customersWithContactEmail(tx, organizationId, email.from.address);
    const match = threadReply(found, customersOfSender);
    const customer = match.customerId ? await getCustomer(tx, organizationId, match.customerId) : undefined;
    const kind = email.authorship.kind;
    const now = options.now.toISOString();
    const row: InboundMessageRow = {
      id: newId(),
      organization_id: organizationId,
      customer_id: customer?.id ?? null,
      dedupe_key: email.dedupeKey,
      message_id: email.messageId,
      in_reply_to: email.inReplyTo.join(' ') || null,
      references_header: email.references.join(' ') || null,
      from_address: email.from.address,
      from_name: email.from.name,
      subject: email.subject,
      text_body: email.text,
      kind,
      automatic_reason: email.authorship.kind === 'human' ? null : email.authorship.reason,
      matched_by: customer ? match.by : null,
      answers_outbox_id: match.by === 'message_id' ? match.outboxId : null,
      status: !customer ? 'unmatched' : kind === 'human' ? 'open' : 'automatic',
      task_id: null,
      answer_outbox_id: null,
      answered_at: null,
      answered_by: null,
      size_bytes: email.sizeBytes,
      source: options.source,
      received_at: now,
      created_at: now,
    };
    const inserted = await insertInboundMessage(tx, row);
    if (!inserted) return outcome((await findInboundByDedupeKey(tx, organizationId, email.dedupeKey))!, true);
    for (const file of email.attachments) await insertInboundAttachment(tx, organizationId, row.id, file);
    if (customer) await landInboundMessage(tx, row, customer, on);
    if (kind === 'bounce' && row.answers_outbox_id) {
      await markOutboxMessageBounced(tx, organizationId, row.answers_outbox_id, `the email came back undelivered (${email.authorship.reason}): ${email.subject}`, now);
    }
    return outcome(row, false);
  });
}

function outcome(row: InboundMessageRow, duplicate: boolean): ReceivedEmail {
  return { organizationId: row.organization_id, inboundId: row.id, duplicate, status: row.status, kind: row.kind, customerId: row.customer_id };
}
