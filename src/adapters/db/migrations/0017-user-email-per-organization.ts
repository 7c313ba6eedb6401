import { sql, SqliteAdapter, type CreateTableBuilder, type Kysely } from 'kysely';

// An email is unique within an organization, no longer across the database: refusing an
// email because another organization uses it told that organization's existence to anyone
// creating users. Sign-in still looks emails up across organizations, hence the index.
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await rebuildSqliteUsers(db, (t) => t.addUniqueConstraint('users_org_email', ['organization_id', 'email']));
  } else {
    await sql`alter table users drop constraint if exists users_email_key`.execute(db);
    await db.schema.alterTable('users').addUniqueConstraint('users_org_email', ['organization_id', 'email']).execute();
  }
  await db.schema.createIndex('users_email').on('users').column('email').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('users_email').execute();
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await rebuildSqliteUsers(db, (t) => t.addUniqueConstraint('users_email_key', ['email']));
  } else {
    await db.schema.alterTable('users').dropConstraint('users_org_email').execute();
    await db.schema.alterTable('users').addUniqueConstraint('users_email_key', ['email']).execute();
  }
}

type UsersTable = CreateTableBuilder<'users_rebuilt', any>;

/**
 * SQLite cannot drop a column's UNIQUE: the table is copied into a new one (its own
 * procedure, https://sqlite.org/lang_altertable.html). Foreign keys are off meanwhile, so
 * dropping the old table does not cascade to sessions and customers; Kysely runs SQLite
 * migrations outside a transaction, which lets the pragma take effect.
 */
async function rebuildSqliteUsers(db: Kysely<any>, constrain: (table: UsersTable) => UsersTable): Promise<void> {
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      const table = trx.schema
        .createTable('users_rebuilt')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('locale', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull());
      await constrain(table).execute();
      await sql`insert into users_rebuilt (id, organization_id, email, name, password_hash, role, locale, created_at)
        select id, organization_id, email, name, password_hash, role, locale, created_at from users`.execute(trx);
      await trx.schema.dropTable('users').execute();
      await trx.schema.alterTable('users_rebuilt').renameTo('users').execute();
      const broken = await sql`pragma foreign_key_check`.execute(trx);
      if (broken.rows.length > 0) throw new Error(`rebuilding users left ${broken.rows.length} dangling references`);
    });
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
