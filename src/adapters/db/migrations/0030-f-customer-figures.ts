import { PostgresAdapter, sql, type Kysely } from 'kysely';

// The customer list by overdue amount and the dashboard summed every open invoice of the
// organization on each request: 200 to 350 ms on a million-invoice ledger. Each customer's figures
// (per currency: the aging buckets, unapplied credit, overdue amount and balance) are now kept for
// one day, the organization's today (`customer_figures_days`, worked out each day by
// stores/customer-figures.ts), and moved by the database itself whenever an open amount or
// unapplied credit changes, in the same transaction, whatever wrote it. The moves are additive,
// so concurrent transactions on PostgreSQL never lose one; a day with no row keeps no figures
// and readers sum the open invoices as before.

const BUCKETS = ['not_due', 'd1_30', 'd31_60', 'd61_90', 'over_90'] as const;

/**
 * The SQL of one row of figures moved by `amount` of open invoice (`due` set) or of unapplied
 * credit (`due` null), over the day's bucket starts in `d`: what both engines' triggers add.
 */
function movedFigures(open: string, credit: string, due: string): string {
  const bucket = (name: (typeof BUCKETS)[number]) => {
    if (name === 'not_due') return `case when ${due} >= d.not_due_from then ${open} else 0 end`;
    if (name === 'over_90') return `case when ${due} < d.d61_90_from then ${open} else 0 end`;
    const [from, before] = { d1_30: ['d1_30_from', 'not_due_from'], d31_60: ['d31_60_from', 'd1_30_from'], d61_90: ['d61_90_from', 'd31_60_from'] }[name];
    return `case when ${due} < d.${before} and ${due} >= d.${from} then ${open} else 0 end`;
  };
  return [...BUCKETS.map(bucket), credit, `case when ${due} < d.not_due_from then ${open} else 0 end`, `${open} - ${credit}`].join(', ');
}

const FIGURE_COLUMNS = [...BUCKETS, 'unapplied', 'overdue', 'balance'];
const ADD_EXCLUDED = FIGURE_COLUMNS.map((column) => `${column} = customer_figures.${column} + excluded.${column}`).join(', ');
const INSERT_INTO = `insert into customer_figures (organization_id, currency, customer_id, ${FIGURE_COLUMNS.join(', ')})`;
const ON_CONFLICT = `on conflict (organization_id, currency, customer_id) do update set ${ADD_EXCLUDED}`;

/** What each table holds open: the open amount of an invoice, the unapplied credit of a payment or credit note. */
const FOLLOWED = [
  ['invoices', 'open_minor', 'due_date'],
  ['payments', 'unapplied_minor', null],
  ['credit_notes', 'unapplied_minor', null],
] as const;

async function sqliteTriggers(db: Kysely<any>): Promise<void> {
  for (const [table, column, due] of FOLLOWED) {
    const move = (row: 'new' | 'old', sign: '' | '-') => {
      const amount = `${sign}${row}.${column}`;
      const figures = due ? movedFigures(amount, '0', `${row}.${due}`) : movedFigures('0', amount, 'null');
      // "where true" lets SQLite read the upsert after a select.
      return `${INSERT_INTO} select ${row}.organization_id, ${row}.currency, ${row}.customer_id, ${figures}
        from customer_figures_days d where d.organization_id = ${row}.organization_id and ${row}.${column} <> 0 and true ${ON_CONFLICT};`;
    };
    const watched = ['organization_id', 'customer_id', 'currency', column, ...(due ? [due] : [])].join(', ');
    await sql.raw(`create trigger ${table}_figures_insert after insert on ${table} begin ${move('new', '')} end`).execute(db);
    await sql.raw(`create trigger ${table}_figures_delete after delete on ${table} begin ${move('old', '-')} end`).execute(db);
    await sql.raw(`create trigger ${table}_figures_update after update of ${watched} on ${table} begin ${move('old', '-')} ${move('new', '')} end`).execute(db);
  }
}

async function postgresTriggers(db: Kysely<any>): Promise<void> {
  // The day's row is read FOR SHARE: working out a new day (which updates it first) waits for the
  // transactions moving figures, and they wait for it, so no move is counted against the wrong day.
  await sql
    .raw(
      `create function customer_figures_move(p_org text, p_currency text, p_customer text, p_due text, p_open bigint, p_credit bigint) returns void language plpgsql as $$
      declare d customer_figures_days%rowtype;
      begin
        if p_open = 0 and p_credit = 0 then return; end if;
        select * into d from customer_figures_days where organization_id = p_org for share;
        if not found then return; end if;
        ${INSERT_INTO} values (p_org, p_currency, p_customer, ${movedFigures('p_open', 'p_credit', 'p_due')}) ${ON_CONFLICT};
      end $$`,
    )
    .execute(db);
  for (const [table, column, due] of FOLLOWED) {
    const args = (row: 'new' | 'old', sign: '' | '-') =>
      `${row}.organization_id, ${row}.currency, ${row}.customer_id, ${due ? `${row}.${due}` : 'null'}, ${due ? `${sign}${row}.${column}` : '0'}, ${due ? '0' : `${sign}${row}.${column}`}`;
    await sql
      .raw(
        `create function ${table}_figures_follow() returns trigger language plpgsql as $$
        begin
          if tg_op <> 'INSERT' then perform customer_figures_move(${args('old', '-')}); end if;
          if tg_op <> 'DELETE' then perform customer_figures_move(${args('new', '')}); end if;
          return null;
        end $$`,
      )
      .execute(db);
    const watched = ['organization_id', 'customer_id', 'currency', column, ...(due ? [due] : [])].join(', ');
    await sql.raw(`create trigger ${table}_figures_follow after insert or delete or update of ${watched} on ${table} for each row execute function ${table}_figures_follow()`).execute(db);
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('customer_figures_days')
    .addColumn('organization_id', 'text', (c) => c.primaryKey().references('organizations.id'))
    .addColumn('as_of', 'text', (c) => c.notNull())
    // The first due date of each bucket on that day (core/aging.ts bucketStarts).
    .addColumn('not_due_from', 'text', (c) => c.notNull())
    .addColumn('d1_30_from', 'text', (c) => c.notNull())
    .addColumn('d31_60_from', 'text', (c) => c.notNull())
    .addColumn('d61_90_from', 'text', (c) => c.notNull())
    .execute();
  let table = db.schema
    .createTable('customer_figures')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull());
  for (const column of FIGURE_COLUMNS) table = table.addColumn(column, 'bigint', (c) => c.notNull());
  await table.addPrimaryKeyConstraint('customer_figures_pk', ['organization_id', 'currency', 'customer_id']).execute();
  // The list by overdue amount or balance, largest first, reads these from the top.
  await db.schema.createIndex('customer_figures_overdue').on('customer_figures').columns(['organization_id', 'currency', 'overdue']).execute();
  await db.schema.createIndex('customer_figures_balance').on('customer_figures').columns(['organization_id', 'currency', 'balance']).execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) await postgresTriggers(db);
  else await sqliteTriggers(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const [table] of FOLLOWED) {
    if (postgres) {
      await sql.raw(`drop trigger ${table}_figures_follow on ${table}`).execute(db);
      await sql.raw(`drop function ${table}_figures_follow()`).execute(db);
    } else {
      for (const event of ['insert', 'delete', 'update']) await sql.raw(`drop trigger ${table}_figures_${event}`).execute(db);
    }
  }
  if (postgres) await sql.raw('drop function customer_figures_move(text, text, text, text, bigint, bigint)').execute(db);
  await db.schema.dropTable('customer_figures').execute();
  await db.schema.dropTable('customer_figures_days').execute();
}
