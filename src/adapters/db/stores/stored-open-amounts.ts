import { sql } from 'kysely';
import type { Db } from '../database.js';
import type { AllocationRow } from '../schema.js';

// Each invoice stores its open amount (`open_minor`) and each payment or credit note its
// unapplied credit (`unapplied_minor`): the amount minus the allocations. Every write of an
// allocation moves them in the same transaction, through the functions below; the drift check
// recomputes them from the allocations to prove it.

export type DocumentTable = 'invoices' | 'payments' | 'credit_notes';

export const OPEN_COLUMN = { invoices: 'open_minor', payments: 'unapplied_minor', credit_notes: 'unapplied_minor' } as const;
const FOREIGN_KEY = { invoices: 'invoice_id', payments: 'payment_id', credit_notes: 'credit_note_id' } as const;
const TABLES = Object.keys(FOREIGN_KEY) as DocumentTable[];

type AllocationSides = Partial<Pick<AllocationRow, 'invoice_id' | 'payment_id' | 'credit_note_id'>> & Pick<AllocationRow, 'amount_minor'>;

// Documents per UPDATE: three bound values each, far inside both engines' limits.
const MOVE_BATCH = 500;

/**
 * Moves the stored figures of both sides of allocations just written (`sign` 1) or removed
 * (`sign` -1): the invoice's open amount and the credit's unapplied amount each change by the
 * allocated amount. The change is added to the stored figure (never recomputed from a snapshot),
 * so two transactions allocating to the same document both count; one statement per 500 documents.
 */
export async function moveStoredOpenAmounts(db: Db, organizationId: string, allocations: readonly AllocationSides[], sign: 1 | -1): Promise<void> {
  for (const table of TABLES) {
    const byDocument = new Map<string, number>();
    for (const allocation of allocations) {
      const id = allocation[FOREIGN_KEY[table]];
      if (id !== null && id !== undefined) byDocument.set(id, (byDocument.get(id) ?? 0) + Number(allocation.amount_minor));
    }
    const column = sql.ref(OPEN_COLUMN[table]);
    const moves = [...byDocument];
    for (let i = 0; i < moves.length; i += MOVE_BATCH) {
      const slice = moves.slice(i, i + MOVE_BATCH);
      const change = sql.join(slice.map(([id, amount]) => sql`when ${id} then cast(${sign * amount} as bigint)`), sql` `);
      await sql`update ${sql.table(table)} set ${column} = ${column} - (case id ${change} end)
        where organization_id = ${organizationId} and id in (${sql.join(slice.map(([id]) => id))})`.execute(db.kysely);
    }
  }
}

/** SQL for a document's amount minus its allocations, summed from the allocations themselves. */
function derivedSql(table: DocumentTable) {
  return sql<number>`${sql.ref(`d.amount_minor`)} - coalesce((select sum(a.amount_minor) from allocations a
    where a.organization_id = d.organization_id and ${sql.ref(`a.${FOREIGN_KEY[table]}`)} = d.id), 0)`;
}

/**
 * Sets every stored figure of an organization from its allocations: for a bulk load that
 * inserted allocations by the thousand, in the same transaction.
 */
export async function recomputeStoredOpenAmounts(db: Db, organizationId: string): Promise<void> {
  for (const table of TABLES) {
    const column = OPEN_COLUMN[table];
    await sql`update ${sql.table(table)} set ${sql.ref(column)} = amount_minor - coalesce((
        select sum(a.amount_minor) from allocations a
        where a.organization_id = ${organizationId} and ${sql.ref(`a.${FOREIGN_KEY[table]}`)} = ${sql.table(table)}.id), 0)
      where organization_id = ${organizationId}`.execute(db.kysely);
  }
}

/** A stored figure that differs from what the allocations say. */
export interface OpenAmountDrift {
  table: DocumentTable;
  id: string;
  stored_minor: number;
  derived_minor: number;
}

/** Every document of an organization whose stored open or unapplied amount is not its amount minus its allocations. */
export async function findOpenAmountDrift(db: Db, organizationId: string): Promise<OpenAmountDrift[]> {
  const drift: OpenAmountDrift[] = [];
  for (const table of TABLES) {
    const { rows } = await sql<{ id: string; stored_minor: number; derived_minor: number }>`
      select id, stored_minor, derived_minor from (
        select d.id, ${sql.ref(`d.${OPEN_COLUMN[table]}`)} as stored_minor, ${derivedSql(table)} as derived_minor
        from ${sql.table(table)} d where d.organization_id = ${organizationId}
      ) x where stored_minor <> derived_minor order by id`.execute(db.kysely);
    for (const row of rows) drift.push({ table, id: row.id, stored_minor: Number(row.stored_minor), derived_minor: Number(row.derived_minor) });
  }
  return drift;
}
