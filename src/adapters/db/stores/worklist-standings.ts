import type { Db } from '../database.js';
import type { WorklistStandingRow } from '../schema.js';

/** Rows written per statement: well under both engines' limit on bound parameters. */
const ROWS_PER_INSERT = 200;

/** Keeps each customer's standing, replacing the one an earlier run left. */
export async function saveWorklistStandings(db: Db, rows: readonly WorklistStandingRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    await db.kysely
      .insertInto('worklist_standings')
      .values(rows.slice(start, start + ROWS_PER_INSERT))
      .onConflict((oc) =>
        oc.columns(['organization_id', 'customer_id']).doUpdateSet((eb) => ({
          as_of: eb.ref('excluded.as_of'),
          computed_at: eb.ref('excluded.computed_at'),
          risk_level: eb.ref('excluded.risk_level'),
          invoices_considered: eb.ref('excluded.invoices_considered'),
          late_count: eb.ref('excluded.late_count'),
          overdue_minor: eb.ref('excluded.overdue_minor'),
          currency: eb.ref('excluded.currency'),
          days_late: eb.ref('excluded.days_late'),
        })),
      )
      .execute();
  }
}
