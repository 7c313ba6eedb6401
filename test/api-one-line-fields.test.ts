import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { buildApp } from '../src/http/build-app.js';
import { snapshotLedger } from './fixtures/imports/database-snapshot.js';
import { eur, signIn, type ApiCaller } from './support/api-session.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const ONE_LINE = 'must hold on one line: no line break (CR, LF) and no NUL character';

describe.each(ENGINES)('names, numbers and references through the API on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let api: ApiCaller;
  let customerId: string;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const org = await createOrganization(db, { name: 'Atelier', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    await createUser(db, org.id, { email: 'ada@atelier.test', name: 'Ada', password: 'collector secret', role: 'collector' });
    app = await buildApp({ db });
    await app.ready();
    api = await signIn(app, 'ada@atelier.test', 'collector secret');
    const customer = await api.post('/api/customers', { reference: 'C1', name: 'Client Un' });
    expect(customer.statusCode, customer.body).toBe(201);
    customerId = customer.json().id;
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  async function refused(method: 'POST' | 'PATCH', url: string, body: Record<string, unknown>) {
    const before = await snapshotLedger(db);
    const response = await api.request(method, url, body);
    expect(response.statusCode, response.body).toBe(422);
    expect(await snapshotLedger(db)).toEqual(before);
    return response.json().errors;
  }

  it('refuses NUL, CR and LF in a customer name, reference and VAT number with 422 naming the field', async () => {
    expect(await refused('POST', '/api/customers', { reference: 'C2', name: 'Deux\nlignes' })).toEqual([{ field: 'name', message: ONE_LINE }]);
    expect(await refused('POST', '/api/customers', { reference: 'C\r2', name: 'Deux' })).toEqual([{ field: 'reference', message: ONE_LINE }]);
    expect(await refused('PATCH', `/api/customers/${customerId}`, { vat_id: 'FR\u000012' })).toEqual([{ field: 'vat_id', message: ONE_LINE }]);
  });

  it("refuses a line break or NUL in a contact's name and phone", async () => {
    const url = `/api/customers/${customerId}/contacts`;
    expect(await refused('POST', url, { name: 'Compta\nClients', email: 'compta@client.test', role: 'accounts_payable' })).toEqual([{ field: 'name', message: ONE_LINE }]);
    expect(await refused('POST', url, { phone: '01 23\u0000 45', role: 'accounts_payable' })).toEqual([{ field: 'phone', message: ONE_LINE }]);
  });

  it('refuses a customer name over 300 characters, the length imports allow too', async () => {
    const errors = await refused('POST', '/api/customers', { reference: 'C3', name: 'N'.repeat(301) });
    expect(errors).toEqual([{ field: 'name', message: expect.stringContaining('300') }]);
    const fine = await api.post('/api/customers', { reference: 'C3', name: 'N'.repeat(300) });
    expect(fine.statusCode, fine.body).toBe(201);
  });

  it('refuses a line break or NUL in an invoice number, a credit note number and a payment reference', async () => {
    const document = { customer_id: customerId, issue_date: '2025-01-10', amount: eur('10.00') };
    expect(await refused('POST', '/api/invoices', { ...document, number: 'F\n1' })).toEqual([{ field: 'number', message: ONE_LINE }]);
    expect(await refused('POST', '/api/credit-notes', { ...document, number: 'A\u00001' })).toEqual([{ field: 'number', message: ONE_LINE }]);
    expect(
      await refused('POST', '/api/payments', { customer_id: customerId, received_on: '2025-01-10', amount: eur('10.00'), reference: 'VIR\r\n1' }),
    ).toEqual([{ field: 'reference', message: ONE_LINE }]);
  });

  it('refuses a NUL in free text (a note, an address) with 422 naming the field, and stores nothing', async () => {
    const before = await snapshotLedger(db);
    const note = await api.post(`/api/customers/${customerId}/contact-log`, { channel: 'call', on: '2025-03-03', note: 'Appel\u0000 au comptable' });
    expect(note.statusCode, note.body).toBe(422);
    expect(note.json().errors).toEqual([{ field: 'note', message: 'note must not hold a NUL character' }]);
    const contact = await api.post(`/api/customers/${customerId}/contacts`, { name: 'Compta', role: 'accounts_payable', address: '1 rue\u0000 du Port\n75001 Paris' });
    expect(contact.statusCode, contact.body).toBe(422);
    expect(contact.json().errors[0].field).toBe('address');
    expect(await snapshotLedger(db)).toEqual(before);
  });

  it('still takes a note or an address over several lines', async () => {
    const note = await api.post(`/api/customers/${customerId}/contact-log`, { channel: 'call', on: '2025-03-03', note: 'Appel au comptable.\nRappeler lundi.' });
    expect(note.statusCode, note.body).toBeLessThan(300);
    const contact = await api.post(`/api/customers/${customerId}/contacts`, { name: 'Compta', role: 'accounts_payable', address: '1 rue du Port\n75001 Paris' });
    expect(contact.statusCode, contact.body).toBe(201);
  });
});
