import { PostgresAdapter, sql, type Kysely } from 'kysely';

// A search for a VAT or registration number compares them without their separators ("FR 12 552
// 120 222" finds FR12552120222). Compacting both columns of every customer on every request took
// 200 ms and more on a 100,000-customer ledger. The compacted numbers are now one column the
// database keeps in step itself (generated: computed on read on SQLite, stored on PostgreSQL),
// the VAT number and the registration number separated by a space, which a compacted search never
// holds, so that a search never matches across the two.
//
// The search reads the name, the reference and that column from one index, not from the wide
// customer rows. The index is partial on a condition that always holds (the column is never null)
// and that only the search states: no other query of the customers may pick it, so lists and
// reports keep the index they had.
function compacted(column: string): string {
  return `replace(replace(replace(replace(lower(coalesce(${column}, '')), ' ', ''), '.', ''), '-', ''), '/', '')`;
}

const SEARCH_IDENTIFIERS = `${compacted('vat_id')} || ' ' || ${compacted('registration_id')}`;

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .alterTable('customers')
    .addColumn('search_identifiers', 'text', (column) => {
      const generated = column.generatedAlwaysAs(sql.raw(SEARCH_IDENTIFIERS));
      // SQLite adds only virtual generated columns to an existing table.
      return postgres ? generated.stored() : generated;
    })
    .execute();
  await createSearchIndex(db);
}

/** The search index of this migration: what 0032-s replaces, and puts back when undone. */
export async function createSearchIndex(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('customers_search')
    .on('customers')
    .columns(['organization_id', 'name', 'external_ref', 'search_identifiers', 'id'])
    .where(sql.ref('search_identifiers'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('customers_search').execute();
  await db.schema.alterTable('customers').dropColumn('search_identifiers').execute();
}
