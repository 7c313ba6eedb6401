import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { createSearchIndex } from './0031-s-customer-identifier-search.js';

// A search by name or reference lower-cased the name and the reference of every customer on each
// request: most of the time of a name search on PostgreSQL. Both are now one column the database
// keeps in step itself, like the compacted numbers of 0031-s: the name and the reference in lower
// case, separated by the unit separator (U+001F), a character nobody types, so that a search never
// matches across the two. The search index holds it in place of the name and the reference, still
// partial on the condition only the search states.
const SEPARATED = (separator: string) => `lower(name) || ${separator} || lower(external_ref)`;

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .alterTable('customers')
    .addColumn('search_name', 'text', (column) => {
      const generated = column.generatedAlwaysAs(sql.raw(SEPARATED(postgres ? 'chr(31)' : 'char(31)')));
      return postgres ? generated.stored() : generated;
    })
    .execute();
  await db.schema.dropIndex('customers_search').execute();
  await db.schema
    .createIndex('customers_search_keys')
    .on('customers')
    .columns(['organization_id', 'search_name', 'search_identifiers', 'id'])
    .where(sql.ref('search_identifiers'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('customers_search_keys').execute();
  await createSearchIndex(db);
  await db.schema.alterTable('customers').dropColumn('search_name').execute();
}
