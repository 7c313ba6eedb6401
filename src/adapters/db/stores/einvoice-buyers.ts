import { sql } from 'kysely';
import type { Db } from '../database.js';

/** A customer an e-invoice's buyer may be: what its identifiers are compared with. */
export interface BuyerCandidate {
  id: string;
  external_ref: string;
  name: string;
  registration_id: string | null;
  vat_id: string | null;
  payment_terms: string | null;
}

/** A column without spaces, dots, dashes and slashes, in capitals: "FR 05 987.654.321" → "FR05987654321". */
function compacted(column: 'registration_id' | 'vat_id') {
  return sql<string>`replace(replace(replace(replace(upper(coalesce(${sql.ref(column)}, '')), ' ', ''), '.', ''), '-', ''), '/', '')`;
}

/**
 * The customers of the organization that share a registration number (a SIRET's first nine
 * digits are its SIREN), a VAT number, a reference or a name with an e-invoice's buyers. The
 * caller decides which one a buyer is; this only narrows the ledger to the few that can be.
 */
export async function findBuyerCandidates(
  db: Db,
  organizationId: string,
  wanted: { registrations: readonly string[]; vats: readonly string[]; refs: readonly string[]; names: readonly string[] },
): Promise<BuyerCandidate[]> {
  const registrations = [...new Set(wanted.registrations)];
  const sirens = [...new Set(registrations.map((r) => r.slice(0, 9)))];
  const conditions = [
    registrations.length > 0 ? sql`${compacted('registration_id')} in (${sql.join(registrations)})` : null,
    sirens.length > 0 ? sql`substr(${compacted('registration_id')}, 1, 9) in (${sql.join(sirens)})` : null,
    wanted.vats.length > 0 ? sql`${compacted('vat_id')} in (${sql.join([...new Set(wanted.vats)])})` : null,
    wanted.refs.length > 0 ? sql`external_ref in (${sql.join([...new Set(wanted.refs)])})` : null,
    wanted.names.length > 0 ? sql`lower(name) in (${sql.join([...new Set(wanted.names)])})` : null,
  ].filter((c) => c !== null);
  if (conditions.length === 0) return [];
  const { rows } = await sql<BuyerCandidate>`
    select id, external_ref, name, registration_id, vat_id, payment_terms from customers
    where organization_id = ${organizationId} and (${sql.join(conditions, sql` or `)})`.execute(db.kysely);
  return rows;
}
