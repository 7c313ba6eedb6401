import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createCustomer } from '../src/adapters/db/stores/customers.js';
import { createInvoice } from '../src/adapters/db/stores/documents.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { buildApp } from '../src/http/build-app.js';
import { signIn } from './support/api-session.js';
import { ENGINES, freshDatabase } from './support/engines.js';

describe.each(ENGINES)("the API's clock on %s", (engine) => {
  let db: Db;
  let invoiceId: string;
  beforeAll(async () => {
    db = await freshDatabase(engine);
    const organization = await createOrganization(db, { name: 'Clocked', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' });
    await createUser(db, organization.id, { email: 'viewer@clocked.test', name: 'Viewer', password: 'correct horse battery', role: 'viewer' });
    const customer = await createCustomer(db, organization.id, { externalRef: 'C-1', name: 'Durand SARL' });
    invoiceId = (await createInvoice(db, organization.id, { customerId: customer.id, number: 'F-1', issueDate: '2025-03-01', dueDate: '2025-03-31', currency: 'EUR', amountMinor: 10_000 })).id;
  });
  afterAll(async () => {
    await db?.close();
  });

  it('judges "overdue" on the day of the clock it was given, in the organization’s time zone', async () => {
    // 23:30 UTC on 9 April is already 10 April in Paris.
    const app = await buildApp({ db, now: () => new Date('2025-04-09T23:30:00Z') });
    try {
      const viewer = await signIn(app, 'viewer@clocked.test', 'correct horse battery');
      expect((await viewer.get(`/api/invoices/${invoiceId}`)).json()).toMatchObject({ status: 'overdue', days_overdue: 10 });
      expect((await viewer.get('/api/invoices?status=overdue')).json().items).toEqual([expect.objectContaining({ number: 'F-1', days_overdue: 10 })]);
    } finally {
      await app.close();
    }
    const before = await buildApp({ db, now: () => new Date('2025-03-31T12:00:00Z') });
    try {
      const viewer = await signIn(before, 'viewer@clocked.test', 'correct horse battery');
      expect((await viewer.get(`/api/invoices/${invoiceId}`)).json()).toMatchObject({ status: 'open', days_overdue: 0 });
    } finally {
      await before.close();
    }
  });
});
