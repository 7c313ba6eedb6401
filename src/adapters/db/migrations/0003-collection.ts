import type { Kysely } from 'kysely';

// The collection engine's tables. Lists (invoice numbers, instalments, rules) are JSON text so
// the same file runs on SQLite and PostgreSQL; amounts are integer minor units, dates ISO text.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('collection_settings')
    .addColumn('organization_id', 'text', (c) => c.primaryKey().references('organizations.id'))
    .addColumn('minimum_balance_minor', 'bigint', (c) => c.notNull())
    .addColumn('minimum_gap_days', 'integer', (c) => c.notNull())
    .addColumn('business_hours_start', 'text', (c) => c.notNull())
    .addColumn('business_hours_end', 'text', (c) => c.notNull())
    .addColumn('daily_run_time', 'text', (c) => c.notNull())
    .addColumn('thank_you_enabled', 'integer', (c) => c.notNull())
    .addColumn('default_scenario_id', 'text', (c) => c.notNull())
    .addColumn('sender_name', 'text')
    .addColumn('sender_email', 'text')
    .addColumn('reply_to', 'text')
    .addColumn('portal_base_url', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('custom_scenarios')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('scenario_id', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('custom_scenarios_org_scenario', ['organization_id', 'scenario_id'])
    .execute();

  await db.schema
    .createTable('scenario_assignment_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('scenario_assignment_rules_org_position', ['organization_id', 'position'])
    .execute();

  await db.schema
    .createTable('customer_scenarios')
    .addColumn('customer_id', 'text', (c) => c.primaryKey().references('customers.id').onDelete('cascade'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('scenario_id', 'text', (c) => c.notNull())
    .addColumn('set_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('collection_cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('opened_on', 'text', (c) => c.notNull())
    .addColumn('closed_on', 'text')
    // The customer id while the case is open, null once closed: the unique constraint then
    // allows one open case per customer and any number of closed ones on both engines.
    .addColumn('open_customer_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('collection_cases_one_open', ['organization_id', 'open_customer_id'])
    .execute();
  await db.schema.createIndex('collection_cases_customer').on('collection_cases').columns(['organization_id', 'customer_id']).execute();

  await db.schema
    .createTable('collection_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('case_id', 'text', (c) => c.references('collection_cases.id').onDelete('cascade'))
    // The case id for steps of a case; "pre-due:<customer>:<date>" for reminders before the due date.
    .addColumn('episode_key', 'text', (c) => c.notNull())
    .addColumn('step_id', 'text', (c) => c.notNull())
    .addColumn('scenario_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('planned_on', 'text', (c) => c.notNull())
    .addColumn('not_before', 'text')
    .addColumn('invoice_numbers', 'text', (c) => c.notNull())
    .addColumn('invoice_ids', 'text', (c) => c.notNull())
    /** JSON array of open amounts (minor units), in the order of invoice_numbers. */
    .addColumn('invoice_amounts', 'text', (c) => c.notNull())
    .addColumn('balance_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('reason_en', 'text', (c) => c.notNull())
    .addColumn('reason_fr', 'text', (c) => c.notNull())
    .addColumn('status_note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // One step has exactly one effect per case, however many workers run at once.
    .addUniqueConstraint('collection_actions_one_per_step', ['organization_id', 'episode_key', 'step_id'])
    .execute();
  await db.schema.createIndex('collection_actions_customer').on('collection_actions').columns(['organization_id', 'customer_id']).execute();

  await db.schema
    .createTable('collection_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('case_id', 'text', (c) => c.references('collection_cases.id').onDelete('cascade'))
    .addColumn('action_id', 'text', (c) => c.references('collection_actions.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('step_id', 'text')
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('title_fr', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('assignee_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('outcome', 'text')
    .addColumn('created_on', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addUniqueConstraint('collection_tasks_dedupe', ['organization_id', 'dedupe_key'])
    .execute();

  await db.schema
    .createTable('disputes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('opened_on', 'text', (c) => c.notNull())
    .addColumn('resolution', 'text')
    .addColumn('resolution_note', 'text')
    .addColumn('resolved_on', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('disputes_customer').on('disputes').columns(['organization_id', 'customer_id']).execute();

  await db.schema
    .createTable('payment_promises')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('promised_on', 'text', (c) => c.notNull())
    .addColumn('grace_days', 'integer', (c) => c.notNull())
    .addColumn('invoice_numbers', 'text')
    .addColumn('note', 'text')
    .addColumn('created_on', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payment_promises_customer').on('payment_promises').columns(['organization_id', 'customer_id']).execute();

  await db.schema
    .createTable('payment_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('invoice_numbers', 'text', (c) => c.notNull())
    /** JSON array of {dueDate, amountMinor}. */
    .addColumn('instalments', 'text', (c) => c.notNull())
    .addColumn('grace_days', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_on', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payment_plans_customer').on('payment_plans').columns(['organization_id', 'customer_id']).execute();

  await db.schema
    .createTable('collection_holds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('until', 'text', (c) => c.notNull())
    .addColumn('created_on', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('released_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('collection_holds_customer').on('collection_holds').columns(['organization_id', 'customer_id']).execute();

  await db.schema
    .createTable('timeline_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('occurred_on', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('summary_en', 'text', (c) => c.notNull())
    .addColumn('summary_fr', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('timeline_events_customer').on('timeline_events').columns(['organization_id', 'customer_id']).execute();

  // One row per organization and day: the daily schedule runs once even across restarts.
  await db.schema
    .createTable('collection_runs')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('run_on', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('summary', 'text')
    .addPrimaryKeyConstraint('collection_runs_pk', ['organization_id', 'run_on'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'collection_runs',
    'timeline_events',
    'collection_holds',
    'payment_plans',
    'payment_promises',
    'disputes',
    'collection_tasks',
    'collection_actions',
    'collection_cases',
    'customer_scenarios',
    'scenario_assignment_rules',
    'custom_scenarios',
    'collection_settings',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
