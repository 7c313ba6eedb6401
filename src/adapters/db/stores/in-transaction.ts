import type { Db } from '../database.js';

/**
 * Runs `work` in one transaction, handing it a `Db` whose queries all go through that
 * transaction, so store functions compose into one atomic change. Inside a transaction
 * already, it joins that one.
 */
export async function inTransaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  // A use case that composes others (a call outcome opening a dispute) runs them inside its
  // own transaction, so everything commits or rolls back together.
  if (db.kysely.isTransaction) return work(db);
  return db.kysely.transaction().execute((trx) => work({ kysely: trx, engine: db.engine, description: db.description, close: db.close }));
}
