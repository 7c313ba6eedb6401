import { toMoneyJson, type MoneyJson } from '../core/money.js';
import { addDays, addMonths, todayIn, type PlainDate } from '../core/plain-date.js';
import { buildStatement, debitCredit, type StatementEntry, type StatementLineKind } from '../core/statement.js';
import type { Db } from '../adapters/db/database.js';
import type { CustomerRow, OrganizationRow } from '../adapters/db/schema.js';
import { listLedgerMovements, type LedgerMovement } from '../adapters/db/stores/documents.js';

export interface StatementLineJson {
  date: PlainDate;
  kind: StatementLineKind;
  number: string;
  description: string;
  debit: MoneyJson;
  credit: MoneyJson;
  balance: MoneyJson;
}

/** The relevé de compte as the API, the web app and the debtor's page show it. */
export interface CustomerStatement {
  customer: { id: string; reference: string; name: string };
  currency: string;
  from: PlainDate;
  to: PlainDate;
  opening_balance: MoneyJson;
  lines: StatementLineJson[];
  total_debit: MoneyJson;
  total_credit: MoneyJson;
  closing_balance: MoneyJson;
}

function toEntry(m: LedgerMovement): StatementEntry {
  const date = m.date as PlainDate;
  const note = m.note ? ` (${m.note})` : '';
  switch (m.kind) {
    case 'invoice':
      return { date, kind: 'invoice', number: m.number, description: `Invoice ${m.number}`, ...debitCredit(m.amount_minor) };
    case 'credit_note':
      return { date, kind: 'credit_note', number: m.number, description: `Credit note ${m.number}`, ...debitCredit(-m.amount_minor) };
    case 'payment':
      return { date, kind: 'payment', number: m.number, description: `Payment ${m.number}`, ...debitCredit(-m.amount_minor) };
    // The other side of these is older than the ledger Relance holds; showing them keeps the
    // closing balance equal to the open items, as an accountant's lettering says it is.
    case 'external_settlement':
      return { date, kind: 'payment', number: m.number, description: `Settlement of invoice ${m.number} recorded before this ledger${note}`, ...debitCredit(-m.amount_minor) };
    case 'external_counterpart':
      return { date, kind: 'invoice', number: m.number, description: `Item settled by ${m.number}, recorded before this ledger${note}`, ...debitCredit(m.amount_minor) };
  }
}

/**
 * The customer's statement over [from, to] in one currency (the organization's unless told).
 * By default it ends on the clock's day and covers the twelve months before.
 */
export async function getCustomerStatement(
  db: Db,
  organization: OrganizationRow,
  customer: CustomerRow,
  options: { from?: PlainDate; currency?: string } & ({ to: PlainDate; now?: Date } | { to?: PlainDate; now: Date }),
): Promise<CustomerStatement> {
  const to = options.to ?? todayIn(organization.time_zone, (options as { now: Date }).now);
  const from = options.from ?? addDays(addMonths(to, -12), 1);
  const currency = options.currency ?? organization.currency;
  const movements = await listLedgerMovements(db, organization.id, customer.id, currency, to);
  const statement = buildStatement(movements.map(toEntry), from, to);
  const money = (minor: number) => toMoneyJson(minor, currency);
  return {
    customer: { id: customer.id, reference: customer.external_ref, name: customer.name },
    currency,
    from,
    to,
    opening_balance: money(statement.openingMinor),
    lines: statement.lines.map((l) => ({
      date: l.date,
      kind: l.kind,
      number: l.number,
      description: l.description,
      debit: money(l.debitMinor),
      credit: money(l.creditMinor),
      balance: money(l.balanceMinor),
    })),
    total_debit: money(statement.totalDebitMinor),
    total_credit: money(statement.totalCreditMinor),
    closing_balance: money(statement.closingMinor),
  };
}
