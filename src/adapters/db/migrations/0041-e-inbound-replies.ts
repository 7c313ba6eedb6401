import type { Kysely } from 'kysely';

// A customer who answers a reminder by email is part of the dialogue: each organization names
// the address replies reach, every email read back is kept with its attachments, threaded to
// its customer when it can be, and a collector's answer goes out through the outbox threaded
// to it (In-Reply-To / References on the outbox row).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('inbound_mailboxes')
    .addColumn('organization_id', 'text', (c) => c.primaryKey().references('organizations.id'))
    // Lower-case; one organization per address, so a received mail has one home.
    .addColumn('address', 'text', (c) => c.notNull().unique())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('inbound_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    // Null while nobody knows whose it is (unmatched).
    .addColumn('customer_id', 'text', (c) => c.references('customers.id').onDelete('set null'))
    // The Message-ID header, else a hash of the raw message: the same mail read twice is kept once.
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('in_reply_to', 'text')
    .addColumn('references_header', 'text')
    .addColumn('from_address', 'text', (c) => c.notNull())
    .addColumn('from_name', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    // human | automatic | bounce
    .addColumn('kind', 'text', (c) => c.notNull())
    // Why it was taken for an automatic reply (the header or subject that said so).
    .addColumn('automatic_reason', 'text')
    // message_id | sender | person: how it found its customer.
    .addColumn('matched_by', 'text')
    // The outbox message it answers (or, for a bounce, the one that failed).
    .addColumn('answers_outbox_id', 'text')
    // unmatched | open | answered | automatic
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('task_id', 'text')
    .addColumn('answer_outbox_id', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('answered_by', 'text')
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    // smtp | imap
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('inbound_messages_dedupe', ['organization_id', 'dedupe_key'])
    .execute();
  await db.schema.createIndex('inbound_messages_customer').on('inbound_messages').columns(['organization_id', 'customer_id', 'received_at']).execute();
  await db.schema.createIndex('inbound_messages_status').on('inbound_messages').columns(['organization_id', 'status', 'received_at']).execute();

  await db.schema
    .createTable('inbound_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('inbound_message_id', 'text', (c) => c.notNull().references('inbound_messages.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content_base64', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inbound_attachments_message').on('inbound_attachments').columns(['organization_id', 'inbound_message_id']).execute();

  // A collector's answer carries the thread of the email it answers.
  await db.schema.alterTable('outbox_messages').addColumn('in_reply_to', 'text').execute();
  await db.schema.alterTable('outbox_messages').addColumn('thread_references', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('outbox_messages').dropColumn('thread_references').execute();
  await db.schema.alterTable('outbox_messages').dropColumn('in_reply_to').execute();
  await db.schema.dropTable('inbound_attachments').execute();
  await db.schema.dropTable('inbound_messages').execute();
  await db.schema.dropTable('inbound_mailboxes').execute();
}
