import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { buildApp } from '../src/http/build-app.js';
import { findDemoLogin } from '../src/app/demo/find-demo-login.js';
import { DEMO_LOGIN, DEMO_ORGANIZATION, DEMO_USERS } from '../src/app/demo/demo-organization.js';
import { generateLedger, type DemoOptions } from '../src/app/demo/generate-ledger.js';
import { loadDemo, type LoadedDemo } from '../src/app/demo/load-demo.js';
import { getAgingReport } from '../src/app/get-aging-report.js';
import { formatMinor } from '../src/core/money.js';
import { daysBetween, type PlainDate } from '../src/core/plain-date.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const AS_OF = '2025-06-30' as PlainDate;
const OPTIONS: DemoOptions = { customers: 300, invoices: 5000, seed: 11, asOf: AS_OF };

type Bucket = 'not_due' | 'd1_30' | 'd31_60' | 'd61_90' | 'over_90';

/** What the generated records say is owed, computed from the records alone. */
function expectedFigures(options: DemoOptions) {
  const invoiceOpen = new Map<string, { customer: string; dueDate: PlainDate; open: number }>();
  const creditLeft = new Map<string, { customer: string; left: number }>();
  const counts = { customers: 0, contacts: 0, invoices: 0, creditNotes: 0, payments: 0, allocations: 0 };
  for (const r of generateLedger(options).records()) {
    switch (r.kind) {
      case 'customer':
        counts.customers += 1;
        counts.contacts += r.contacts.length;
        break;
      case 'invoice':
        counts.invoices += 1;
        invoiceOpen.set(r.number, { customer: r.customer, dueDate: r.dueDate, open: r.amountMinor });
        break;
      case 'payment':
        counts.payments += 1;
        creditLeft.set(r.reference, { customer: r.customer, left: r.amountMinor });
        break;
      case 'credit_note':
        counts.creditNotes += 1;
        creditLeft.set(r.number, { customer: r.customer, left: r.amountMinor });
        break;
      case 'allocation':
        counts.allocations += 1;
        invoiceOpen.get(r.invoice)!.open -= r.amountMinor;
        creditLeft.get((r.payment ?? r.creditNote)!)!.left -= r.amountMinor;
        break;
      case 'dispute_candidate':
        break;
    }
  }
  const buckets: Record<Bucket, number> = { not_due: 0, d1_30: 0, d31_60: 0, d61_90: 0, over_90: 0 };
  const balanceByCustomer = new Map<string, number>();
  let open = 0;
  for (const item of invoiceOpen.values()) {
    if (item.open === 0) continue;
    open += item.open;
    const late = daysBetween(item.dueDate, options.asOf);
    const bucket: Bucket = late <= 0 ? 'not_due' : late <= 30 ? 'd1_30' : late <= 60 ? 'd31_60' : late <= 90 ? 'd61_90' : 'over_90';
    buckets[bucket] += item.open;
    balanceByCustomer.set(item.customer, (balanceByCustomer.get(item.customer) ?? 0) + item.open);
  }
  let unapplied = 0;
  for (const credit of creditLeft.values()) {
    unapplied += credit.left;
    balanceByCustomer.set(credit.customer, (balanceByCustomer.get(credit.customer) ?? 0) - credit.left);
  }
  return { counts, open, unapplied, buckets, balanceByCustomer };
}

describe.each(ENGINES)('demo loaded on %s', (engine) => {
  let db: Db;
  let loaded: LoadedDemo;
  beforeAll(async () => {
    db = await freshDatabase(engine);
    loaded = await loadDemo(db, OPTIONS);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('stores every generated customer, contact and document', async () => {
    const expected = expectedFigures(OPTIONS);
    expect(loaded.counts).toEqual({ users: 6, ...expected.counts });
    const orgId = loaded.organizationId;
    for (const [table, count] of [
      ['customers', expected.counts.customers],
      ['contacts', expected.counts.contacts],
      ['invoices', 5000],
      ['credit_notes', expected.counts.creditNotes],
      ['payments', expected.counts.payments],
      ['allocations', expected.counts.allocations],
      ['users', 6],
    ] as const) {
      const row = await db.kysely
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('organization_id', '=', orgId)
        .executeTakeFirstOrThrow();
      expect([table, Number(row.n)]).toEqual([table, count]);
    }
  });

  it('reports an aging whose totals equal the open amounts of the generated ledger', async () => {
    const expected = expectedFigures(OPTIONS);
    const report = await getAgingReport(db, loaded.organizationId, { asOf: AS_OF });
    const eur = (minor: number) => ({ amount: formatMinor(minor, 'EUR'), currency: 'EUR' });
    expect(report.balance).toEqual(eur(expected.open - expected.unapplied));
    expect(report.unapplied_credit).toEqual(eur(expected.unapplied));
    expect(report.overdue).toEqual(eur(expected.open - expected.buckets.not_due));
    expect(report.buckets).toEqual({
      not_due: eur(expected.buckets.not_due),
      d1_30: eur(expected.buckets.d1_30),
      d31_60: eur(expected.buckets.d31_60),
      d61_90: eur(expected.buckets.d61_90),
      over_90: eur(expected.buckets.over_90),
    });
    // A demo worth looking at: money in every column, and some customers in credit.
    for (const bucket of Object.values(expected.buckets)) expect(bucket).toBeGreaterThan(0);
    const byReference = new Map(report.customers.map((c) => [c.reference, c.balance.amount]));
    for (const [reference, balance] of expected.balanceByCustomer) {
      if (balance !== 0) expect([reference, byReference.get(reference)]).toEqual([reference, formatMinor(balance, 'EUR')]);
    }
    expect(report.customers.some((c) => c.balance.amount.startsWith('-'))).toBe(true);
  });

  it('gives the demo a working sign-in and sales users who own the accounts', async () => {
    expect(await findDemoLogin(db)).toEqual({ organizationName: DEMO_ORGANIZATION.name, email: DEMO_LOGIN.email });
    const users = await db.kysely.selectFrom('users').select(['id', 'email', 'role']).where('organization_id', '=', loaded.organizationId).execute();
    expect(users.map((u) => u.role).sort()).toEqual(['admin', 'collector', 'sales', 'sales', 'sales', 'viewer']);
    const owners = await db.kysely
      .selectFrom('customers')
      .select('owner_user_id')
      .distinct()
      .where('organization_id', '=', loaded.organizationId)
      .execute();
    const salesIds = new Set(users.filter((u) => u.role === 'sales').map((u) => u.id));
    expect(new Set(owners.map((o) => o.owner_user_id))).toEqual(salesIds);
    const organization = await db.kysely.selectFrom('organizations').selectAll().where('id', '=', loaded.organizationId).executeTakeFirstOrThrow();
    expect(organization).toMatchObject({ name: 'Atelier Numérique', legal_name: 'Atelier Numérique SAS', country: 'FR', currency: 'EUR', time_zone: 'Europe/Paris' });
    expect(JSON.parse(organization.bank_accounts)).toHaveLength(1);
  });

  it('refuses to load the demo a second time and leaves the first one untouched', async () => {
    await expect(loadDemo(db, { ...OPTIONS, seed: 12 })).rejects.toThrow(/already holds an organization named "Atelier Numérique"/);
    const organizations = await db.kysely.selectFrom('organizations').select('id').execute();
    expect(organizations).toHaveLength(1);
    const invoices = await db.kysely.selectFrom('invoices').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(invoices.n)).toBe(5000);
  });

  it('gives each demo user a password of its own, generated at load, that signs in where "demo" does not', async () => {
    expect(loaded.users.map((u) => [u.email, u.role])).toEqual(DEMO_USERS.map((u) => [u.email, u.role]));
    const passwords = loaded.users.map((u) => u.password);
    expect(new Set(passwords).size).toBe(passwords.length);
    for (const password of passwords) expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(loaded.login).toEqual({ email: DEMO_LOGIN.email, password: loaded.users[0]!.password });
    const app = await buildApp({ db });
    try {
      for (const user of loaded.users) {
        const right = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: user.password } });
        expect([user.email, right.statusCode]).toEqual([user.email, 200]);
      }
      const old = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: DEMO_LOGIN.email, password: 'demo' } });
      expect(old.statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });
});
