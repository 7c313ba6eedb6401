import type { Kysely } from 'kysely';

// What a customer asked or said on its page (a payment it says it made, a promise, a payment
// plan, a dispute, a question, a new accounts-payable contact), kept as it was said, with what
// the creditor answered. Files the customer joined are kept beside it, like invoice files, as
// base64 text so that one migration serves both engines. The policy says what a customer may
// settle alone: how far a promise reaches, and the payment plans accepted without a person.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('debtor_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    // claim | promise | plan_request | dispute | question | missing_document | contact
    .addColumn('kind', 'text', (c) => c.notNull())
    // open | accepted | rejected | answered | accepted_automatically
    .addColumn('status', 'text', (c) => c.notNull())
    // JSON: what the customer filled in (dates, amounts, invoices, instalments…).
    .addColumn('payload', 'text', (c) => c.notNull())
    // The customer's own words, kept as typed.
    .addColumn('message', 'text')
    // The claim, promise, plan or dispute the request became, when it became one.
    .addColumn('subject_id', 'text')
    .addColumn('task_id', 'text')
    .addColumn('answer', 'text')
    .addColumn('answered_by', 'text')
    .addColumn('answered_on', 'text')
    .addColumn('created_on', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('debtor_requests_status').on('debtor_requests').columns(['organization_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('debtor_requests_customer').on('debtor_requests').columns(['organization_id', 'customer_id', 'created_at']).execute();

  await db.schema
    .createTable('debtor_request_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('request_id', 'text', (c) => c.notNull().references('debtor_requests.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content_base64', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('debtor_request_files_request').on('debtor_request_files').columns(['organization_id', 'request_id']).execute();

  await db.schema
    .createTable('debtor_request_policies')
    .addColumn('organization_id', 'text', (c) => c.primaryKey().references('organizations.id'))
    .addColumn('promise_max_days', 'integer', (c) => c.notNull())
    .addColumn('plan_max_months', 'integer', (c) => c.notNull())
    .addColumn('plan_min_instalment_minor', 'bigint', (c) => c.notNull())
    .addColumn('plan_max_minor', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('debtor_request_policies').execute();
  await db.schema.dropTable('debtor_request_files').execute();
  await db.schema.dropTable('debtor_requests').execute();
}
