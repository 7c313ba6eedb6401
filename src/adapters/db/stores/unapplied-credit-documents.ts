import { sql } from 'kysely';
import type { PlainDate } from '../../../core/plain-date.js';
import type { Db } from '../database.js';

/** A payment or credit note of the customer with something not yet set against an invoice. */
export interface UnappliedCreditDocument {
  kind: 'payment' | 'credit_note';
  /** The credit note's number, or the payment's reference. */
  reference: string;
  date: PlainDate;
  currency: string;
  unappliedMinor: number;
}

/**
 * The documents behind a customer's unapplied credit, oldest first, so that a message that
 * deducts it can show each one with its date: the page then adds up.
 */
export async function listUnappliedCreditDocuments(db: Db, organizationId: string, customerId: string): Promise<UnappliedCreditDocument[]> {
  const { rows } = await sql<{ kind: 'payment' | 'credit_note'; reference: string; on_date: string; currency: string; unapplied: number }>`
    select 'payment' as kind, p.reference as reference, p.received_on as on_date, p.currency,
           p.unapplied_minor as unapplied
    from payments p where p.organization_id = ${organizationId} and p.customer_id = ${customerId} and p.unapplied_minor <> 0
    union all
    select 'credit_note' as kind, c.number as reference, c.issue_date as on_date, c.currency,
           c.unapplied_minor as unapplied
    from credit_notes c where c.organization_id = ${organizationId} and c.customer_id = ${customerId} and c.unapplied_minor <> 0`.execute(db.kysely);
  return rows
    .map((row) => ({ kind: row.kind, reference: row.reference, date: row.on_date as PlainDate, currency: row.currency, unappliedMinor: Number(row.unapplied) }))
    .filter((row) => row.unappliedMinor !== 0)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.reference.localeCompare(b.reference)));
}
