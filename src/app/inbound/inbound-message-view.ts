import { replyExcerpt } from '../../core/inbound/thread-reply.js';
import type { Db } from '../../adapters/db/database.js';
import type { InboundMessageRow } from '../../adapters/db/inbound-schema.js';
import { listInboundAttachmentInfo, listInboundMessages, type InboundFilter } from '../../adapters/db/stores/inbound-messages.js';
import { ownerScope, type Caller } from '../auth/caller.js';

/** What the API and the customer page show of a received email. */
export interface InboundMessageView {
  id: string;
  customer_id: string | null;
  from: { address: string; name: string | null };
  subject: string;
  text: string;
  /** The first lines the person wrote, without the quoted conversation. */
  excerpt: string;
  kind: InboundMessageRow['kind'];
  automatic_reason: string | null;
  matched_by: InboundMessageRow['matched_by'];
  status: InboundMessageRow['status'];
  answers_outbox_id: string | null;
  task_id: string | null;
  answer_outbox_id: string | null;
  answered_at: string | null;
  received_at: string;
  attachments: { id: string; file_name: string; content_type: string; size_bytes: number; url: string }[];
}

export async function inboundMessageViews(db: Db, organizationId: string, rows: readonly InboundMessageRow[]): Promise<InboundMessageView[]> {
  const files = await listInboundAttachmentInfo(db, organizationId, rows.map((row) => row.id));
  return rows.map((row) => ({
    id: row.id,
    customer_id: row.customer_id,
    from: { address: row.from_address, name: row.from_name },
    subject: row.subject,
    text: row.text_body,
    excerpt: replyExcerpt(row.text_body),
    kind: row.kind,
    automatic_reason: row.automatic_reason,
    matched_by: row.matched_by,
    status: row.status,
    answers_outbox_id: row.answers_outbox_id,
    task_id: row.task_id,
    answer_outbox_id: row.answer_outbox_id,
    answered_at: row.answered_at,
    received_at: row.received_at,
    attachments: files
      .filter((file) => file.inbound_message_id === row.id)
      .map((file) => ({ id: file.id, file_name: file.file_name, content_type: file.content_type, size_bytes: file.size_bytes, url: `/api/inbound-messages/${row.id}/attachments/${file.id}` })),
  }));
}

/**
 * Received emails, newest first, a page at a time. A sales rep sees those of own accounts only
 * (so not the unmatched ones, which belong to no account yet).
 */
export async function listInboundMessageViews(db: Db, caller: Caller, filter: Omit<InboundFilter, 'ownerUserId'>): Promise<{ messages: InboundMessageView[]; total: number }> {
  const owner = ownerScope(caller);
  const { rows, total } = await listInboundMessages(db, caller.organizationId, { ...filter, ...(owner !== undefined ? { ownerUserId: owner } : {}) });
  return { messages: await inboundMessageViews(db, caller.organizationId, rows), total };
}
