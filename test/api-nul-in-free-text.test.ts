import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { buildApp } from '../src/http/build-app.js';
import { snapshotLedger } from './fixtures/imports/database-snapshot.js';
import { signIn, type ApiCaller } from './support/api-session.js';
import { ENGINES, freshDatabase } from './support/engines.js';

// Free text may span lines, but no database column can hold NUL: PostgreSQL refuses it, which
// surfaced as a 500 on every free-text field the schemas do not restrict one by one.
describe.each(ENGINES)('a NUL character in free text through the API on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let api: ApiCaller;
  let customerId: string;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const org = await createOrganization(db, { name: 'Atelier', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    await createUser(db, org.id, { email: 'ada@atelier.test', name: 'Ada', password: 'manager secret', role: 'admin' });
    app = await buildApp({ db });
    await app.ready();
    api = await signIn(app, 'ada@atelier.test', 'manager secret');
    customerId = (await api.post('/api/customers', { reference: 'C1', name: 'Client Un' })).json().id;
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('refuses it with 422 naming the field, and stores nothing', async () => {
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
