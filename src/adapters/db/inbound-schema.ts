/** The address an organization's customers reply to; see migration 0041-e. */
export interface InboundMailboxRow {
  organization_id: string;
  /** Lower-case. */
  address: string;
  updated_at: string;
}

export type InboundKind = 'human' | 'automatic' | 'bounce';
export type InboundStatus = 'unmatched' | 'open' | 'answered' | 'automatic';
export type InboundMatch = 'message_id' | 'sender' | 'person';

/** One email read back from the inbound address, with what threading made of it. */
export interface InboundMessageRow {
  id: string;
  organization_id: string;
  customer_id: string | null;
  dedupe_key: string;
  message_id: string | null;
  in_reply_to: string | null;
  /** The References header as received, ids separated by spaces. */
  references_header: string | null;
  from_address: string;
  from_name: string | null;
  subject: string;
  text_body: string;
  kind: InboundKind;
  automatic_reason: string | null;
  matched_by: InboundMatch | null;
  answers_outbox_id: string | null;
  status: InboundStatus;
  task_id: string | null;
  answer_outbox_id: string | null;
  answered_at: string | null;
  answered_by: string | null;
  size_bytes: number;
  source: 'smtp' | 'imap';
  received_at: string;
  created_at: string;
}

/** A file that came with an inbound email, kept like an invoice's PDF. */
export interface InboundAttachmentRow {
  id: string;
  organization_id: string;
  inbound_message_id: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  content_base64: string;
  created_at: string;
}
