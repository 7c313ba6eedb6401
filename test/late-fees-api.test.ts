import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createCustomer } from '../src/adapters/db/stores/customers.js';
import { createInvoice, createPayment, insertAllocation } from '../src/adapters/db/stores/documents.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { buildApp } from '../src/http/build-app.js';
import { defaultLateFeePolicy, lateFeesForInvoices } from '../src/core/late-fees-policy.js';
import { STATUTORY_RATES } from '../src/core/law/statutory-rates.js';
import { formatMinor } from '../src/core/money.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { signIn, type ApiCaller } from './support/api-session.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const PASSWORD = 'correct horse battery';

describe.each(ENGINES)('late fees API on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let customerId: string;
  const as: Record<'admin' | 'collector' | 'viewer' | 'bravoAdmin', ApiCaller> = {} as never;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const alpha = await createOrganization(db, { name: 'Alpha', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    const bravo = await createOrganization(db, { name: 'Bravo', country: 'BE', currency: 'EUR', timeZone: 'Europe/Brussels', locale: 'fr' });
    for (const role of ['admin', 'collector', 'viewer'] as const) {
      await createUser(db, alpha.id, { email: `${role}@alpha.test`, name: `Alpha ${role}`, password: PASSWORD, role });
    }
    await createUser(db, bravo.id, { email: 'admin@bravo.test', name: 'Bravo admin', password: PASSWORD, role: 'admin' });

    const customer = await createCustomer(db, alpha.id, { externalRef: 'C-1', name: 'Durand SARL' });
    customerId = customer.id;
    const invoice = (number: string, dueDate: string, amountMinor: number) =>
      createInvoice(db, alpha.id, { customerId, number, issueDate: '2025-01-15', dueDate, currency: 'EUR', amountMinor });
    await invoice('F-1', '2025-03-31', 1_000_000);
    const f2 = await invoice('F-2', '2025-04-20', 60_000);
    await invoice('F-3', '2025-05-15', 20_000);
    const f4 = await invoice('F-4', '2025-03-01', 30_000);
    const payment = await createPayment(db, alpha.id, { customerId, reference: 'VIR-1', receivedOn: '2025-04-25', currency: 'EUR', amountMinor: 40_000 });
    await insertAllocation(db, alpha.id, { invoiceId: f2.id, paymentId: payment.id, amountMinor: 10_000, allocatedOn: '2025-04-25' });
    await insertAllocation(db, alpha.id, { invoiceId: f4.id, paymentId: payment.id, amountMinor: 30_000, allocatedOn: '2025-04-25' });

    app = await buildApp({ db });
    await app.ready();
    for (const role of ['admin', 'collector', 'viewer'] as const) as[role] = await signIn(app, `${role}@alpha.test`, PASSWORD);
    as.bravoAdmin = await signIn(app, 'admin@bravo.test', PASSWORD);
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('computes the interest and the indemnity on one amount for any signed-in role', async () => {
    const response = await as.viewer.get('/api/late-fees/compute?law=fr&amount=10000.00&currency=EUR&due=2025-03-31&paid=2025-04-30');
    expect(response.statusCode, response.body).toBe(200);
    // 10000 × 13.15 % × 30 / 365 = 108.082… → 108.08; plus the EUR 40 indemnity.
    expect(response.json()).toMatchObject({ law: 'fr', days_late: 30, interest: '108.08', indemnity: '40.00', total: '148.08' });
    expect(response.json().periods).toEqual([expect.objectContaining({ from: '2025-04-01', to: '2025-04-30', days: 30, rate: '13.15', interest: '108.08' })]);
  });

  it('answers a 422 problem naming paid when the dates reach past the last known half-year', async () => {
    const response = await as.viewer.get('/api/late-fees/compute?law=be&amount=1000&due=2026-06-20&paid=2026-08-10');
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json().errors).toEqual([expect.objectContaining({ field: 'paid' })]);
    expect(response.json().detail).toContain('2026-07-01');
  });

  it('lets only an administrator add a rate, keeps it to the organization, and computes with it', async () => {
    const rate = { law: 'be', from: '2026-07-01', rate: '10', source: 'Moniteur belge, July 2026' };
    expect((await as.collector.post('/api/late-fees/rates', rate)).statusCode).toBe(403);
    expect((await as.viewer.post('/api/late-fees/rates', rate)).statusCode).toBe(403);
    const added = await as.admin.post('/api/late-fees/rates', rate);
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ law: 'be', from: '2026-07-01', rate: '10', origin: 'added', added_by: 'admin@alpha.test' });

    const list = (await as.viewer.get('/api/late-fees/rates?law=be')).json();
    expect(list.items.at(-1)).toMatchObject({ from: '2026-07-01', rate: '10', origin: 'added' });
    expect(list.items.filter((e: { origin: string }) => e.origin === 'built_in')).toHaveLength(STATUTORY_RATES.be.rates.length);

    const computed = await as.viewer.get('/api/late-fees/compute?law=be&amount=1000&due=2026-06-20&paid=2026-08-10');
    expect(computed.statusCode, computed.body).toBe(200);
    // 1000 × (10.5 % × 10 days of June + 10 % × 41 days from 1 July) / 365 = (1.05 + 4.1) × 1000 / 365 = 14.109… → 14.11
    expect(computed.json().interest).toBe('14.11');

    // The other organization neither sees the rate nor computes with it.
    const bravoList = (await as.bravoAdmin.get('/api/late-fees/rates?law=be')).json();
    expect(bravoList.items.some((e: { origin: string }) => e.origin !== 'built_in')).toBe(false);
    expect((await as.bravoAdmin.get('/api/late-fees/compute?law=be&amount=1000&due=2026-06-20&paid=2026-08-10')).statusCode).toBe(422);
  });

  it('refuses a second rate for a half-year unless it says replace', async () => {
    const clash = await as.admin.post('/api/late-fees/rates', { law: 'fr', from: '2025-07-01', rate: '9', source: 'contract' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().errors).toEqual([expect.objectContaining({ field: 'from' })]);
    const replaced = await as.admin.post('/api/late-fees/rates', { law: 'fr', from: '2025-07-01', rate: '9', source: 'contract', replace: true });
    expect(replaced.statusCode, replaced.body).toBe(201);
    expect(replaced.json()).toMatchObject({ rate: '9', origin: 'replaced' });
    expect((await as.admin.post('/api/late-fees/rates', { law: 'fr', from: '2025-08-01', rate: '9', source: 'x' })).statusCode).toBe(422);
    // Put the statutory figure back for the tests below.
    expect((await as.admin.post('/api/late-fees/rates', { law: 'fr', from: '2025-07-01', rate: '12.15', source: 'L441-10', replace: true })).statusCode).toBe(201);
  });

  it("starts from the country's law and the firm reminder, and lets only an administrator change the policy", async () => {
    expect((await as.viewer.get('/api/settings/late-fees')).json()).toMatchObject({
      claim_interest: true,
      claim_indemnity: true,
      law: 'fr',
      law_follows_country: true,
      state_from_step: 'firm-reminder',
    });
    expect((await as.bravoAdmin.get('/api/settings/late-fees')).json()).toMatchObject({ law: 'be', law_follows_country: true });

    const change = { claim_interest: false, claim_indemnity: true, law: 'eu', state_from_step: 'formal-notice' };
    expect((await as.collector.request('PUT', '/api/settings/late-fees', change)).statusCode).toBe(403);
    const saved = await as.admin.request('PUT', '/api/settings/late-fees', change);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ ...change, law_follows_country: false, updated_by: 'admin@alpha.test' });
    expect((await as.viewer.get('/api/settings/late-fees')).json()).toMatchObject(change);
    expect((await as.bravoAdmin.get('/api/settings/late-fees')).json()).toMatchObject({ claim_interest: true, law: 'be' });

    const back = await as.admin.request('PUT', '/api/settings/late-fees', { claim_interest: true, claim_indemnity: true, law: null, state_from_step: 'firm-reminder' });
    expect(back.json()).toMatchObject({ law: 'fr', law_follows_country: true });
  });

  it("reports each open overdue invoice of a customer with the same figures the core computes for them", async () => {
    const response = await as.viewer.get(`/api/customers/${customerId}/late-fees?as_of=2025-04-30`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    // F-3 is not due yet and F-4 is paid: only F-1 and F-2 are late.
    expect(body.invoices.map((i: { number: string; days_late: number; open: { amount: string }; interest: { amount: string }; indemnity: { amount: string } }) => [
      i.number, i.days_late, i.open.amount, i.interest.amount, i.indemnity.amount,
    ])).toEqual([
      // 10000 × 13.15 % × 30 / 365 = 108.082… → 108.08
      ['F-1', 30, '10000.00', '108.08', '40.00'],
      // 600 - 100 paid = 500 open; 500 × 13.15 % × 10 / 365 = 1.801… → 1.80
      ['F-2', 10, '500.00', '1.80', '40.00'],
    ]);
    expect(body.totals).toEqual([
      {
        open: { amount: '10500.00', currency: 'EUR' },
        interest: { amount: '109.88', currency: 'EUR' },
        interest_on_file: { amount: '109.88', currency: 'EUR' },
        indemnity: { amount: '80.00', currency: 'EUR' },
        fees: { amount: '189.88', currency: 'EUR' },
        fees_on_file: { amount: '189.88', currency: 'EUR' },
      },
    ]);
    expect(body.missing_rates).toEqual([]);

    const core = lateFeesForInvoices(
      defaultLateFeePolicy('FR'),
      STATUTORY_RATES.fr,
      [
        { invoiceId: 'a', number: 'F-1', dueDate: '2025-03-31' as PlainDate, currency: 'EUR', openMinor: 1_000_000 },
        { invoiceId: 'b', number: 'F-2', dueDate: '2025-04-20' as PlainDate, currency: 'EUR', openMinor: 50_000 },
        { invoiceId: 'c', number: 'F-3', dueDate: '2025-05-15' as PlainDate, currency: 'EUR', openMinor: 20_000 },
      ],
      '2025-04-30' as PlainDate,
    );
    expect(body.totals[0].interest.amount).toBe(formatMinor(core.totals[0]!.interestMinor!, 'EUR'));
    expect(body.totals[0].fees.amount).toBe(formatMinor(core.totals[0]!.feesMinor!, 'EUR'));
  });

  it('reports the interest of the half-years on file beside the unknown total when a rate is missing, and names the missing half-year', async () => {
    // The built-in French rates end with 2026-H1.
    const body = (await as.viewer.get(`/api/customers/${customerId}/late-fees?as_of=2026-08-10`)).json();
    expect(body.unknown_from).toBe('2026-07-01');
    expect(body.missing_rates).toEqual(['2026-H2']);
    const [total] = body.totals;
    expect(total.interest).toBeNull();
    expect(total.fees).toBeNull();
    const until = (await as.viewer.get(`/api/customers/${customerId}/late-fees?as_of=2026-06-30`)).json().totals[0];
    // Every day up to 30 June 2026 has a rate: the interest on file stops there.
    expect(total.interest_on_file).toEqual(until.interest);
    // F-3, due 15 May 2025, is late too by then: three indemnities.
    expect(total.indemnity.amount).toBe('120.00');
    expect(total.fees_on_file.amount).toBe(formatMinor(Math.round(Number(until.interest.amount) * 100) + 120_00, 'EUR'));
  });

  it('follows the policy: no interest once it is waived', async () => {
    await as.admin.request('PUT', '/api/settings/late-fees', { claim_interest: false, claim_indemnity: true, state_from_step: 'firm-reminder' });
    const body = (await as.viewer.get(`/api/customers/${customerId}/late-fees?as_of=2025-04-30`)).json();
    expect(body.claim_interest).toBe(false);
    expect(body.totals[0]).toMatchObject({ interest: { amount: '0.00' }, indemnity: { amount: '80.00' }, fees: { amount: '80.00' } });
    await as.admin.request('PUT', '/api/settings/late-fees', { claim_interest: true, claim_indemnity: true, state_from_step: 'firm-reminder' });
  });

  it('documents the late-fee routes in the OpenAPI document', async () => {
    const document = (await as.viewer.get('/api/openapi.json')).json();
    for (const path of ['/api/late-fees/compute', '/api/late-fees/rates', '/api/settings/late-fees', '/api/customers/{id}/late-fees']) {
      expect(Object.keys(document.paths)).toContain(path);
    }
    expect(Object.keys(document.paths['/api/late-fees/rates'])).toEqual(expect.arrayContaining(['get', 'post']));
  });

  it("does not show another organization's customer", async () => {
    expect((await as.bravoAdmin.get(`/api/customers/${customerId}/late-fees`)).statusCode).toBe(404);
  });
});
