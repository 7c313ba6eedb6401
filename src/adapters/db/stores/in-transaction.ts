import type { Db } from '../database.js';

/**
 * Runs `work` in one transaction, handing it a `Db` whose queries all go through that
 * transaction, so store functions compose into one atomic change.
 */
export async function inTransaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.kysely.transaction().execute((trx) => work({ kysely: trx, engine: db.engine, description: db.description, close: db.close }));
}
