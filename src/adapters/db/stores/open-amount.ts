import { sql, type RawBuilder } from 'kysely';

// An invoice's open amount is its amount minus what was allocated to it; a payment's or credit
// note's unapplied credit is the same subtraction on its side. Both are stored on the document and
// moved with every allocation (stored-open-amounts.ts); every list, report, import check and
// collection read uses those stored figures, so they agree to the cent.

/**
 * The sum of `column` as an integer: SUM over bigint is numeric on PostgreSQL (sent as text),
 * and the cast keeps it an integer on both engines.
 */
export function sumMinor(column = 'amount_minor'): RawBuilder<number> {
  return sql<number>`cast(sum(${sql.ref(column)}) as bigint)`;
}

/** The open amount of a document read with its allocations summed. */
export function openAmountOf(document: { readonly amountMinor: number; readonly allocatedMinor: number }): number {
  return document.amountMinor - document.allocatedMinor;
}
