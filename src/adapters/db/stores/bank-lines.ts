import type { StatementLine } from '../../../core/bank/statement-lines.js';
import type { BankLineRow, BankLineStatus } from '../bank-schema.js';
import type { Db } from '../database.js';
import { newId, nowIso } from '../ids.js';
import { oneOfIds } from './id-list.js';

const BATCH = 500;

/** Which of these identities the organization's stored lines already hold. */
export async function storedLineIdentities(db: Db, organizationId: string, identities: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let start = 0; start < identities.length; start += BATCH) {
    const batch = identities.slice(start, start + BATCH);
    const rows = await db.kysely.selectFrom('bank_lines').select('identity').where('organization_id', '=', organizationId).where(oneOfIds(db, 'identity', batch)).execute();
    for (const row of rows) found.add(row.identity);
  }
  return found;
}

/** Stores new lines with the status given; returns their rows in the same order. */
export async function insertBankLines(db: Db, organizationId: string, lines: readonly StatementLine[], status: BankLineStatus): Promise<BankLineRow[]> {
  const createdAt = nowIso();
  const rows: BankLineRow[] = lines.map((line) => ({
    id: newId(),
    organization_id: organizationId,
    identity: line.identity,
    account_iban: line.accountIban,
    amount_minor: line.amountMinor,
    currency: line.currency,
    booking_date: line.bookingDate,
    value_date: line.valueDate,
    payer_name: line.payerName,
    payer_iban: line.payerIban,
    reference: line.reference,
    remittance: line.remittance,
    end_to_end_id: line.endToEndId,
    bank_reference: line.bankReference,
    reversal_keys: JSON.stringify(line.reversalKeys),
    status,
    payment_id: null,
    suggestions: null,
    file_name: line.file,
    created_at: createdAt,
  }));
  for (let start = 0; start < rows.length; start += BATCH) await db.kysely.insertInto('bank_lines').values(rows.slice(start, start + BATCH)).execute();
  return rows;
}

/** Stored credits of an account that a reversal of this amount could take back. */
export async function reversibleLines(db: Db, organizationId: string, accountIban: string, amountMinor: number, currency: string): Promise<BankLineRow[]> {
  return db.kysely
    .selectFrom('bank_lines')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('account_iban', '=', accountIban)
    .where('amount_minor', '=', amountMinor)
    .where('currency', '=', currency)
    .where('status', '!=', 'reversed')
    .execute();
}

export async function setBankLineStatus(db: Db, organizationId: string, lineId: string, status: BankLineStatus): Promise<void> {
  await db.kysely.updateTable('bank_lines').set({ status }).where('organization_id', '=', organizationId).where('id', '=', lineId).execute();
}

/** The organization's lines, newest booking first; `status` narrows them. */
export async function listBankLines(db: Db, organizationId: string, options: { status?: BankLineStatus; limit?: number } = {}): Promise<BankLineRow[]> {
  let query = db.kysely.selectFrom('bank_lines').selectAll().where('organization_id', '=', organizationId);
  if (options.status) query = query.where('status', '=', options.status);
  return query.orderBy('booking_date', 'desc').orderBy('id').limit(options.limit ?? 500).execute();
}

/** What matching made of a line: the payment it became, or the suggestions it waits with. */
export async function recordBankLineMatch(
  db: Db,
  organizationId: string,
  lineId: string,
  match: { status: BankLineStatus; paymentId: string | null; suggestions: string | null },
): Promise<void> {
  await db.kysely
    .updateTable('bank_lines')
    .set({ status: match.status, payment_id: match.paymentId, suggestions: match.suggestions })
    .where('organization_id', '=', organizationId)
    .where('id', '=', lineId)
    .execute();
}

/** The accounts customers paid from before: payer IBANs of the lines that became their payments. */
export async function knownPayerIbans(db: Db, organizationId: string): Promise<Map<string, string[]>> {
  const rows = await db.kysely
    .selectFrom('bank_lines as l')
    .innerJoin('payments as p', (join) => join.onRef('p.id', '=', 'l.payment_id').onRef('p.organization_id', '=', 'l.organization_id'))
    .select(['p.customer_id', 'l.payer_iban'])
    .distinct()
    .where('l.organization_id', '=', organizationId)
    .where('l.payer_iban', 'is not', null)
    .execute();
  const byCustomer = new Map<string, string[]>();
  for (const row of rows) byCustomer.set(row.customer_id, [...(byCustomer.get(row.customer_id) ?? []), row.payer_iban!]);
  return byCustomer;
}
