import { sql, type RawBuilder } from 'kysely';

// An invoice's open amount is its amount minus what was allocated to it; a payment's or credit
// note's unapplied credit is the same subtraction on its side. Written once here so every list,
// report, import check and collection read agrees to the cent.

/**
 * The sum of `column` as an integer: SUM over bigint is numeric on PostgreSQL (sent as text),
 * and the cast keeps it an integer on both engines.
 */
export function sumMinor(column = 'amount_minor'): RawBuilder<number> {
  return sql<number>`cast(sum(${sql.ref(column)}) as bigint)`;
}

/**
 * SQL for a document's open amount: `alias.amount_minor` minus `allocated`, which is a column
 * of the allocations summed per document (`a.allocated` by default) or an expression such as
 * `sumMinor('a.amount_minor')`; a document with no allocation is wholly open.
 */
export function openAmountSql(alias: string, allocated: string | RawBuilder<number> = 'a.allocated'): RawBuilder<number> {
  const sum = typeof allocated === 'string' ? sql.ref(allocated) : allocated;
  return sql<number>`${sql.ref(`${alias}.amount_minor`)} - coalesce(${sum}, 0)`;
}

/**
 * SQL for what was allocated to one document, looked up by its own key (`alias.id`) through
 * `foreignKey` of the allocations: cheaper than grouping every allocation when few documents are read.
 */
export function allocatedToSql(alias: string, foreignKey: 'invoice_id' | 'payment_id' | 'credit_note_id'): RawBuilder<number> {
  return sql<number>`(select sum(al.amount_minor) from allocations al where al.organization_id = ${sql.ref(`${alias}.organization_id`)} and ${sql.ref(`al.${foreignKey}`)} = ${sql.ref(`${alias}.id`)})`;
}

/** The same figure for a document already read with its allocations summed. */
export function openAmountOf(document: { readonly amountMinor: number; readonly allocatedMinor: number }): number {
  return document.amountMinor - document.allocatedMinor;
}
