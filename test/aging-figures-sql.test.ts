import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { createCustomer } from '../src/adapters/db/stores/customers.js';
import { createCreditNote, createInvoice, createPayment, insertAllocation } from '../src/adapters/db/stores/documents.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { findCustomerFigureDrift, keepCustomerFigures, keptFiguresDay } from '../src/adapters/db/stores/customer-figures.js';
import { getAgingReport } from '../src/app/get-aging-report.js';
import { getCustomerBalances } from '../src/app/get-customer-balances.js';
import { listCustomersWithBalances } from '../src/app/list-customers-with-balances.js';
import { AGING_BUCKETS, computeAging, type AgingLine, type OpenItem, type UnappliedCredit } from '../src/core/aging.js';
import { toMoneyJson } from '../src/core/money.js';
import { addDays, type PlainDate } from '../src/core/plain-date.js';
import { seededRandom as random } from './fixtures/imports/fuzz-oracle.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const AS_OF_DATES = ['2025-03-31', '2025-05-01', '2025-06-30'] as PlainDate[];
// Days late that sit on and beside each bucket boundary of core/aging.ts.
const LATE_DAYS = [-5, -1, 0, 1, 2, 29, 30, 31, 59, 60, 61, 89, 90, 91, 200];

interface Document {
  id: string;
  customerId: string;
  currency: string;
  amount: number;
  dueDate?: PlainDate;
}

// The same figures, summed from the open invoices on each request, or read from those kept for
// the day: kept before any document is written, so that the database moves them with each one.
const MODES = ['summed on each request', 'kept for the day'] as const;

describe.each(ENGINES.flatMap((engine) => MODES.map((mode) => [engine, mode] as const)))('aging figures of the database on %s, %s', (engine, mode) => {
  const kept = mode === 'kept for the day';
  let db: Db;
  let organization: OrganizationRow;
  const invoices: Document[] = [];
  const credits: Document[] = [];
  const allocated = new Map<string, number>();

  beforeAll(async () => {
    db = await freshDatabase(engine);
    organization = await createOrganization(db, { name: 'Atelier', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    if (kept) await keepCustomerFigures(db, organization.id, AS_OF_DATES[0]!);
    const next = random(20250630);
    const pick = <T,>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    const customers = [];
    for (let n = 0; n < 10; n += 1) customers.push(await createCustomer(db, organization.id, { externalRef: `K${n}`, name: `Client ${n}` }));
    for (let n = 0; n < 70; n += 1) {
      const customer = pick(customers);
      const currency = next() < 0.15 ? 'USD' : 'EUR';
      const dueDate = addDays(pick(AS_OF_DATES), -pick(LATE_DAYS));
      const amount = 100 + Math.floor(next() * 100_000);
      const row = await createInvoice(db, organization.id, { customerId: customer.id, number: `F${n}`, issueDate: addDays(dueDate, -30), dueDate, currency, amountMinor: amount });
      invoices.push({ id: row.id, customerId: customer.id, currency, amount, dueDate });
    }
    for (let n = 0; n < 30; n += 1) {
      const customer = pick(customers);
      const currency = next() < 0.15 ? 'USD' : 'EUR';
      const amount = 100 + Math.floor(next() * 80_000);
      const creditNote = next() < 0.3;
      const row = creditNote
        ? await createCreditNote(db, organization.id, { customerId: customer.id, number: `AV${n}`, issueDate: '2025-02-01', currency, amountMinor: amount })
        : await createPayment(db, organization.id, { customerId: customer.id, reference: `VIR${n}`, receivedOn: '2025-02-01', currency, amountMinor: amount });
      credits.push({ id: row.id, customerId: customer.id, currency, amount, ...(creditNote ? { dueDate: 'credit_note' as PlainDate } : {}) });
    }
    // Allocations as a ledger records them: partial, whole, and now and then more than the
    // invoice asked (an overpaid invoice, open below zero).
    for (let n = 0; n < 60; n += 1) {
      const credit = pick(credits);
      const sameCustomer = invoices.filter((i) => i.customerId === credit.customerId && i.currency === credit.currency);
      if (sameCustomer.length === 0) continue;
      const invoice = pick(sameCustomer);
      const amount = next() < 0.2 ? invoice.amount + 500 : 1 + Math.floor(next() * invoice.amount);
      await insertAllocation(db, organization.id, {
        invoiceId: invoice.id,
        ...(credit.dueDate ? { creditNoteId: credit.id } : { paymentId: credit.id }),
        amountMinor: amount,
        allocatedOn: '2025-02-02',
      });
      for (const id of [invoice.id, credit.id]) allocated.set(id, (allocated.get(id) ?? 0) + amount);
    }
  });

  afterAll(async () => {
    await db?.close();
  });

  /** computeAging over the items derived straight from the allocations made. */
  function expected(asOf: PlainDate) {
    const items: OpenItem[] = invoices.map((i) => ({ customerId: i.customerId, dueDate: i.dueDate!, currency: i.currency, openMinor: i.amount - (allocated.get(i.id) ?? 0) }));
    const unapplied: UnappliedCredit[] = credits.map((c) => ({ customerId: c.customerId, currency: c.currency, minor: c.amount - (allocated.get(c.id) ?? 0) }));
    return { aging: computeAging('EUR', items, unapplied, asOf), items, unapplied };
  }

  const json = (line: AgingLine) => ({
    balance: toMoneyJson(line.balance, 'EUR'),
    overdue: toMoneyJson(line.overdue, 'EUR'),
    unapplied_credit: toMoneyJson(line.unappliedCredit, 'EUR'),
    buckets: Object.fromEntries(AGING_BUCKETS.map((b) => [b, toMoneyJson(line.buckets[b], 'EUR')])),
    oldest_due_date: line.oldestDueDate,
  });

  it('gives the totals, buckets and customer lines computeAging gives, on every as-of date', async () => {
    const overpaid = invoices.filter((i) => i.amount - (allocated.get(i.id) ?? 0) < 0);
    expect(overpaid.length).toBeGreaterThan(0);
    if (kept) expect(await findCustomerFigureDrift(db, organization.id)).toEqual([]);
    for (const asOf of AS_OF_DATES) {
      // The first day's figures were moved by the database document by document; the next days' worked out anew.
      if (kept && asOf !== AS_OF_DATES[0]) await keepCustomerFigures(db, organization.id, asOf);
      if (kept) expect(await keptFiguresDay(db, organization.id)).toBe(asOf);
      const { aging, items, unapplied } = expected(asOf);
      const report = await getAgingReport(db, organization.id, { asOf });
      expect(report, asOf).toMatchObject({ currency: 'EUR', ...json(aging.total) });
      expect(report.other_currencies).toEqual(
        [...new Set([...items.filter((i) => i.openMinor !== 0), ...unapplied.filter((c) => c.minor !== 0)].map((x) => x.currency))].filter((c) => c !== 'EUR').sort(),
      );
      const lines = [...aging.byCustomer].filter(([, line]) => line.balance !== 0 || line.unappliedCredit !== 0);
      expect(report.customers_total).toBe(lines.length);
      expect(Object.fromEntries(report.customers.map(({ id, reference, name, ...line }) => [id, line]))).toEqual(
        Object.fromEntries(lines.map(([id, line]) => [id, json(line)])),
      );
      const balances = report.customers.map((c) => Number(c.balance.amount));
      expect(balances).toEqual([...balances].sort((a, b) => b - a));
      const paged = await getAgingReport(db, organization.id, { asOf, customers: { limit: 2, offset: 1, sort: 'balance' } });
      expect(paged.customers).toEqual(report.customers.slice(1, 3));
      expect(paged.customers_total).toBe(lines.length);
      // A page read from the open invoices up brings the same total line.
      const { customers: _all, customers_total: _count, ...totals } = report;
      const { customers: _page, customers_total: _pageCount, ...pagedTotals } = paged;
      expect(pagedTotals).toEqual(totals);
      const byOverdue = await getAgingReport(db, organization.id, { asOf, customers: { limit: 3, offset: 0, sort: 'overdue' } });
      expect(byOverdue.customers_total).toBe(lines.length);
      expect(byOverdue.balance).toEqual(report.balance);

      // One customer's figures, as the customer page reads them.
      const [someone, line] = lines[0]!;
      const one = await getCustomerBalances(db, organization.id, { asOf, currency: 'EUR', customerId: someone });
      expect(json(one.aging.total)).toEqual(json(line));
    }
  });

  it('sorts the customer list by overdue amount and by balance with the same figures', async () => {
    const asOf = AS_OF_DATES[1]!;
    const { aging } = expected(asOf);
    for (const sort of ['overdue', 'balance'] as const) {
      const list = await listCustomersWithBalances(db, organization, { sort, limit: 100, offset: 0, asOf });
      expect(list.total).toBe(10);
      const figures = list.items.map((item) => Number(item[sort].amount));
      expect(figures, sort).toEqual([...figures].sort((a, b) => b - a));
      for (const item of list.items) {
        const line = aging.byCustomer.get(item.id);
        expect(item.balance, item.reference).toEqual(toMoneyJson(line?.balance ?? 0, 'EUR'));
        expect(item.overdue, item.reference).toEqual(toMoneyJson(line?.overdue ?? 0, 'EUR'));
        expect(item.oldest_due_date, item.reference).toBe(line?.oldestDueDate ?? null);
      }
      const second = await listCustomersWithBalances(db, organization, { sort, limit: 3, offset: 3, asOf });
      expect(second.items.map((i) => i.id)).toEqual(list.items.slice(3, 6).map((i) => i.id));
    }
  });

  it('pages customers owing the same amount by name, a page cutting through the tie as the whole list does', async () => {
    const other = await createOrganization(db, { name: 'Égalité', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    if (kept) await keepCustomerFigures(db, other.id, '2025-06-30' as PlainDate);
    // Six customers owe 500.00 overdue, created in the reverse of their names' order; one owes more, one nothing.
    const owing = [['T6', 'Fabre', 50_000], ['T5', 'Esnault', 50_000], ['T4', 'Dupin', 50_000], ['T3', 'Caron', 50_000], ['T2', 'Bodin', 50_000], ['T1', 'Arnaud', 50_000], ['T0', 'Zola', 90_000], ['T7', 'Morel', 0]] as const;
    for (const [ref, name, amount] of owing) {
      const customer = await createCustomer(db, other.id, { externalRef: ref, name });
      if (amount > 0) await createInvoice(db, other.id, { customerId: customer.id, number: `E-${ref}`, issueDate: '2025-04-01', dueDate: '2025-05-01', currency: 'EUR', amountMinor: amount });
    }
    // Nadal's open invoice and overpaid one cancel out: a line of the list, none of the report.
    const nadal = await createCustomer(db, other.id, { externalRef: 'T8', name: 'Nadal' });
    await createInvoice(db, other.id, { customerId: nadal.id, number: 'E-T8a', issueDate: '2025-04-01', dueDate: '2025-05-01', currency: 'EUR', amountMinor: 50_000 });
    const overpaid = await createInvoice(db, other.id, { customerId: nadal.id, number: 'E-T8b', issueDate: '2025-04-01', dueDate: '2025-05-01', currency: 'EUR', amountMinor: 10_000 });
    const payment = await createPayment(db, other.id, { customerId: nadal.id, reference: 'VIR-T8', receivedOn: '2025-05-02', currency: 'EUR', amountMinor: 60_000 });
    await insertAllocation(db, other.id, { invoiceId: overpaid.id, paymentId: payment.id, amountMinor: 60_000, allocatedOn: '2025-05-02' });
    const asOf = '2025-06-30' as PlainDate;
    const whole = await listCustomersWithBalances(db, other, { sort: 'overdue', limit: 100, offset: 0, asOf });
    expect(whole.items.map((i) => i.name)).toEqual(['Zola', 'Arnaud', 'Bodin', 'Caron', 'Dupin', 'Esnault', 'Fabre', 'Morel', 'Nadal']);
    for (const [limit, offset] of [[2, 1], [3, 2], [1, 6], [2, 6]] as const) {
      const page = await listCustomersWithBalances(db, other, { sort: 'overdue', limit, offset, asOf });
      expect(page.items.map((i) => i.name), `${limit} from ${offset}`).toEqual(whole.items.slice(offset, offset + limit).map((i) => i.name));
      expect(page.total).toBe(9);
    }
    // A search reads the figures of the customers it finds alone, in the same order.
    const found = await listCustomersWithBalances(db, other, { search: 'a', sort: 'overdue', limit: 3, offset: 1, asOf });
    const withA = whole.items.filter((i) => i.name.toLowerCase().includes('a'));
    expect(found.items.map((i) => [i.name, i.overdue.amount])).toEqual(withA.slice(1, 4).map((i) => [i.name, i.overdue.amount]));
    expect(found.total).toBe(withA.length);
    const report = await getAgingReport(db, other.id, { asOf, customers: { limit: 100, offset: 0, sort: 'overdue' } });
    expect(report.customers.map((c) => c.name)).toEqual(whole.items.slice(0, 7).map((i) => i.name));
    const cut = await getAgingReport(db, other.id, { asOf, customers: { limit: 2, offset: 2, sort: 'overdue' } });
    expect(cut.customers.map((c) => c.name)).toEqual(['Bodin', 'Caron']);
    expect(cut.customers_total).toBe(7);
    if (!kept) return;

    // The kept figures are what the list and the report read: one changed behind the ledger shows
    // there, and the check that recomputes them reports it.
    expect(await findCustomerFigureDrift(db, other.id)).toEqual([]);
    const zola = whole.items[0]!;
    await db.kysely
      .updateTable('customer_figures')
      .set((eb) => ({ d31_60: eb('d31_60', '+', 1), overdue: eb('overdue', '+', 1), balance: eb('balance', '+', 1) }))
      .where('organization_id', '=', other.id).where('customer_id', '=', zola.id).execute();
    expect((await listCustomersWithBalances(db, other, { sort: 'overdue', limit: 2, offset: 0, asOf })).items[0]!.overdue.amount).toBe('900.01');
    expect((await findCustomerFigureDrift(db, other.id)).map((drift) => [drift.customerId, drift.kept?.overdue, drift.summed?.overdue])).toEqual([[zola.id, 90_001, 90_000]]);
  });
});
