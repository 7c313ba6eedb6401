import type { Kysely } from 'kysely';

// The organization's bank accounts, one row each, and the credit lines read from their bank
// statements.
//
// Until now the accounts were a JSON list on the organization row, whose first entry is what
// messages, letters and statements print. The rows here are now where accounts are kept; the JSON
// list stays as a copy written with them (same order, same first account), so everything that
// prints bank details reads what it read before. Each account gets the organization's currency
// unless it says otherwise.
//
// A bank line is one transaction detail of a booked credit. Its identity combines the account,
// the booking date, the amount and the bank's references: importing the same statement twice,
// or statements that overlap, finds the identity already there and writes nothing.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('bank_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    // Electronic form: capitals, no spaces.
    .addColumn('iban', 'text', (c) => c.notNull())
    .addColumn('bic', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('account_holder', 'text')
    // 0 is the account customers are asked to pay into.
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('bank_accounts_iban').on('bank_accounts').columns(['organization_id', 'iban']).unique().execute();

  await db.schema
    .createTable('bank_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('identity', 'text', (c) => c.notNull())
    .addColumn('account_iban', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('booking_date', 'text', (c) => c.notNull())
    .addColumn('value_date', 'text')
    .addColumn('payer_name', 'text')
    .addColumn('payer_iban', 'text')
    // The structured creditor reference, else the end-to-end id.
    .addColumn('reference', 'text')
    .addColumn('remittance', 'text')
    .addColumn('end_to_end_id', 'text')
    .addColumn('bank_reference', 'text')
    // The references a reversal of this credit would repeat, JSON: a later statement may take it back.
    .addColumn('reversal_keys', 'text', (c) => c.notNull().defaultTo('[]'))
    // unmatched, reversed; matching adds matched, suggested, ignored.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('bank_lines_identity').on('bank_lines').columns(['organization_id', 'identity']).unique().execute();
  await db.schema.createIndex('bank_lines_status').on('bank_lines').columns(['organization_id', 'status', 'booking_date']).execute();

  const organizations = await db.selectFrom('organizations').select(['id', 'currency', 'bank_accounts', 'created_at']).execute();
  for (const organization of organizations) {
    const rows = accountsOf(organization.bank_accounts).map((account, position) => ({
      id: `${organization.id}:${position}`,
      organization_id: organization.id,
      iban: account.iban,
      bic: account.bic,
      currency: organization.currency,
      label: account.label,
      account_holder: account.accountHolder,
      position,
      created_at: organization.created_at,
    }));
    if (rows.length > 0) await db.insertInto('bank_accounts').values(rows).execute();
  }
}

/** The JSON list as saved so far, each IBAN once, in electronic form; entries without one are left out. */
function accountsOf(json: string): Array<{ iban: string; bic: string | null; label: string; accountHolder: string | null }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const seen = new Set<string>();
  const accounts = [];
  for (const entry of parsed as Array<Record<string, unknown>>) {
    const iban = typeof entry?.iban === 'string' ? entry.iban.replace(/\s+/g, '').toUpperCase() : '';
    if (!iban || seen.has(iban)) continue;
    seen.add(iban);
    const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);
    accounts.push({ iban, bic: text(entry.bic), label: text(entry.label) ?? 'main', accountHolder: text(entry.accountHolder) });
  }
  return accounts;
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('bank_lines').execute();
  await db.schema.dropTable('bank_accounts').execute();
}
