import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../database.js';

/**
 * `column IN (ids)` for a batch of a few hundred ids. PostgreSQL gets them as one array
 * parameter: with one parameter per id it spent longer planning each batch's queries than
 * running them. SQLite takes the plain list.
 */
export function oneOfIds(db: Db, column: string, ids: readonly string[]): RawBuilder<boolean> {
  return db.engine === 'postgres' ? sql<boolean>`${sql.ref(column)} = any(${[...ids]}::text[])` : sql<boolean>`${sql.ref(column)} in (${sql.join([...ids])})`;
}
