import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { findOpenAmountDrift } from '../src/adapters/db/stores/stored-open-amounts.js';
import { findCustomerFigureDrift, keepCustomerFigures } from '../src/adapters/db/stores/customer-figures.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { loadDemo } from '../src/app/demo/load-demo.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { buildApp } from '../src/http/build-app.js';
import { eur, signIn, type ApiCaller } from './support/api-session.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const SAMPLES = join(import.meta.dirname, 'fixtures', 'imports', 'samples');

describe.each(ENGINES)('stored open amounts on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let ada: ApiCaller;
  let orgId: string;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const org = await createOrganization(db, { name: 'Atelier', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    orgId = org.id;
    // The customers' figures of the day are kept too, and move with the same changes.
    await keepCustomerFigures(db, org.id, '2025-04-01' as PlainDate);
    await createUser(db, org.id, { email: 'ada@atelier.test', name: 'Ada', password: 'collector secret', role: 'collector' });
    app = await buildApp({ db, now: () => new Date('2025-04-01T10:00:00Z') });
    await app.ready();
    ada = await signIn(app, 'ada@atelier.test', 'collector secret');
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const upload = async (kind: string, body: string | Buffer) => {
    const response = await ada.request('POST', `/api/imports/${kind}`, body, { 'content-type': 'text/csv' });
    return { status: response.statusCode, body: response.json() };
  };
  const openOf = async (number: string) => (await ada.get(`/api/invoices?number=${number}`)).json().items[0].open.amount;

  it('stay equal to the amounts minus the allocations through imports, allocations, corrections and removals', async () => {
    for (const kind of ['customers', 'invoices', 'credit-notes', 'payments']) {
      const file = readFileSync(join(SAMPLES, `${kind}.csv`));
      const imported = await upload(kind, file);
      expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    }
    // The payment file settled FA-001 in full.
    expect(await openOf('FA-001')).toBe('0.00');
    expect(await findOpenAmountDrift(db, orgId)).toEqual([]);
    expect(await findCustomerFigureDrift(db, orgId)).toEqual([]);

    // A second import of the invoices with another amount is refused and changes nothing.
    const changed = await upload('invoices', 'N° facture;Code client;Raison sociale;Date facture;Échéance;Montant TTC\nFA-002;C002;Crème;31/01/2025;28/02/2025;199,90\n');
    expect(changed.status).toBe(422);
    expect(await openOf('FA-002')).toBe('99.90');

    // A payment recorded by hand, allocated for as much as both sides allow.
    const customer = (await ada.get('/api/customers?search=C002')).json().items[0];
    const payment = (await ada.post('/api/payments', { customer_id: customer.id, reference: 'VIR-HAND', received_on: '2025-03-10', amount: eur('150.00') })).json();
    const invoice = (await ada.get('/api/invoices?number=FA-002')).json().items[0];
    const automatic = await ada.post('/api/allocations', { invoice_id: invoice.id, payment_id: payment.id });
    expect(automatic.statusCode, automatic.body).toBe(201);
    expect(await openOf('FA-002')).toBe('0.00');
    expect((await ada.get(`/api/payments/${payment.id}`)).json().unapplied.amount).toBe('50.10');

    // A credit note applied to another invoice, then the payment's allocation undone.
    const creditNote = (await ada.post('/api/credit-notes', { customer_id: customer.id, number: 'AV-HAND', issue_date: '2025-03-11', amount: eur('20.00') })).json();
    const second = (await ada.post('/api/invoices', { customer_id: customer.id, number: 'FA-HAND', issue_date: '2025-03-01', due_date: '2025-03-31', amount: eur('80.00') })).json();
    const applied = await ada.post('/api/allocations', { invoice_id: second.id, credit_note_id: creditNote.id });
    expect(applied.statusCode, applied.body).toBe(201);
    expect(await openOf('FA-HAND')).toBe('60.00');
    expect((await ada.delete(`/api/allocations/${automatic.json().id}`)).statusCode).toBe(204);
    expect(await openOf('FA-002')).toBe('99.90');

    // Corrected amounts move what is open by the difference.
    expect((await ada.patch(`/api/invoices/${second.id}`, { amount: eur('90.00') })).statusCode).toBe(200);
    expect(await openOf('FA-HAND')).toBe('70.00');
    expect((await ada.patch(`/api/payments/${payment.id}`, { amount: eur('160.00') })).statusCode).toBe(200);
    expect((await ada.get(`/api/payments/${payment.id}`)).json().unapplied.amount).toBe('160.00');
    expect((await ada.patch(`/api/credit-notes/${creditNote.id}`, { amount: eur('25.00') })).statusCode).toBe(200);
    expect((await ada.get(`/api/credit-notes/${creditNote.id}`)).json().unapplied.amount).toBe('5.00');

    expect(await findOpenAmountDrift(db, orgId)).toEqual([]);
    expect(await findCustomerFigureDrift(db, orgId)).toEqual([]);
    // The dashboard reads the kept figures; summed again from the open invoices, it says the same.
    const fromKept = (await ada.get('/api/reports/aging?sort=overdue&limit=2')).json();
    await db.kysely.deleteFrom('customer_figures_days').where('organization_id', '=', orgId).execute();
    expect((await ada.get('/api/reports/aging?sort=overdue&limit=2')).json()).toEqual(fromKept);
  });

  it('stay exact when the demo ledger is loaded in bulk', async () => {
    const demo = await loadDemo(db, { customers: 30, invoices: 400, seed: 5, asOf: '2025-06-30' as PlainDate });
    expect(demo.counts.allocations).toBeGreaterThan(100);
    expect(await findOpenAmountDrift(db, demo.organizationId)).toEqual([]);
  });

  it('reports a figure changed behind the ledger', async () => {
    const invoice = await db.kysely.selectFrom('invoices').select(['id', 'open_minor']).where('organization_id', '=', orgId).where('number', '=', 'FA-003').executeTakeFirstOrThrow();
    await db.kysely.updateTable('invoices').set({ open_minor: Number(invoice.open_minor) + 1 }).where('id', '=', invoice.id).execute();
    expect(await findOpenAmountDrift(db, orgId)).toEqual([
      { table: 'invoices', id: invoice.id, stored_minor: Number(invoice.open_minor) + 1, derived_minor: Number(invoice.open_minor) },
    ]);
  });
});
