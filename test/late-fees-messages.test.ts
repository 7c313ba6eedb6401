import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { transportsFromConfig } from '../src/adapters/channels/transports-from-config.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import { parseDecimalToMinor } from '../src/core/money.js';
import { addDays, type PlainDate } from '../src/core/plain-date.js';
import { formatMoneyForLanguage } from '../src/core/templates/format-for-language.js';
import { buildApp } from '../src/http/build-app.js';
import { signIn, type ApiCaller } from './support/api-session.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';

// The built-in French rates end with 2026-H1: from 1 July 2026 no rate is on file until an
// administrator adds it.
const DUE = '2026-06-10' as PlainDate;
const outboxDir = mkdtempSync(join(tmpdir(), 'relance-late-fees-'));

interface CustomerFees {
  totals: { interest: { amount: string } | null; interest_on_file: { amount: string }; indemnity: { amount: string }; fees_on_file: { amount: string } }[];
  missing_rates: string[];
}

/** Runs the collection on each weekday from `from` until the customer's message states the fees; returns it and its day. */
async function firstMessageStatingFees(db: Db, org: OrganizationRow, customerId: string, marker: string, from: PlainDate) {
  for (let day = from, tries = 0; tries < 30; day = addDays(day, 1), tries++) {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    await runCollection(db, org, { asOf: day, now: new Date(`${day}T07:30:00Z`), customerIds: [customerId], transports: transportsFromConfig({ outboxDir }) });
    const emails = await db.kysely.selectFrom('outbox_messages').selectAll().where('customer_id', '=', customerId).where('channel', '=', 'email').execute();
    const stating = emails.find((email) => email.text_body.includes(marker));
    if (stating) return { email: stating, asOf: day };
  }
  throw new Error(`no message stating the late fees of ${customerId}`);
}

describe.each(ENGINES)('late fees in messages when a half-year rate is missing, on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let org: OrganizationRow;
  let admin: ApiCaller;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    org = await collectionOrganization(db);
    await createUser(db, org.id, { email: 'bea@atelier.test', name: 'Bea', password: 'admin secret', role: 'admin' });
    app = await buildApp({ db });
    await app.ready();
    admin = await signIn(app, 'bea@atelier.test', 'admin secret');
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('states the indemnity, the interest up to the last half-year on file and names the missing rate, as the API reports them', async () => {
    const { customer } = await customerWithInvoices(db, org.id, 'C300', [['F-300', DUE, 1000_00]], { language: 'fr' });
    const { email, asOf } = await firstMessageStatingFees(db, org, customer.id, 'Montant total dû', '2026-07-01' as PlainDate);

    const fees = (await admin.get(`/api/customers/${customer.id}/late-fees?as_of=${asOf}`)).json<CustomerFees>();
    expect(fees.missing_rates).toEqual(['2026-H2']);
    expect(fees.totals[0]!.interest).toBeNull();
    // 1000.00 × 12.15 % × 20 days of June / 365 = 6.657… → 6.66, whatever the day of July.
    expect(fees.totals[0]!.interest_on_file.amount).toBe('6.66');
    expect(fees.totals[0]!.indemnity.amount).toBe('40.00');

    const fr = (amount: string) => formatMoneyForLanguage(parseDecimalToMinor(amount, 'EUR')!, 'EUR', 'fr');
    expect(email.text_body).toContain(`Indemnité forfaitaire pour frais de recouvrement (40,00\u00a0€ par facture payée en retard) : ${fr('40.00')}`);
    expect(email.text_body).toContain('taux du 2nd semestre 2026 non renseigné');
    expect(email.text_body).toContain(`12,15\u00a0% au 1er semestre 2026`);
    expect(email.text_body).toContain(`: ${fr(fees.totals[0]!.interest_on_file.amount)}`);
    expect(email.text_body).toContain(`Montant total dû : ${fr((1000_00 + parseDecimalToMinor(fees.totals[0]!.fees_on_file.amount, 'EUR')!) / 100 + '')}`);
    expect(email.html_body).toContain('taux du 2nd semestre 2026 non renseigné');
  });

  it('names the missing half-year in German for a German-speaking customer', async () => {
    const { customer } = await customerWithInvoices(db, org.id, 'C301', [['F-301', DUE, 500_00]], { language: 'de' });
    const { email } = await firstMessageStatingFees(db, org, customer.id, 'Insgesamt zu zahlender Betrag', '2026-07-01' as PlainDate);
    expect(email.text_body).toContain('Zinssatz für das 2. Halbjahr 2026 nicht hinterlegt');
    expect(email.text_body).toContain(formatMoneyForLanguage(40_00, 'EUR', 'de'));
  });

  it('states the complete interest once the administrator adds the missing rate', async () => {
    const added = await admin.post('/api/late-fees/rates', { law: 'fr', from: '2026-07-01', rate: '12.15', source: 'Banque de France, taux directeur au 1er juillet 2026 + 10 points' });
    expect(added.statusCode, added.body).toBe(201);
    const { customer } = await customerWithInvoices(db, org.id, 'C302', [['F-302', DUE, 1000_00]], { language: 'fr' });
    const { email, asOf } = await firstMessageStatingFees(db, org, customer.id, 'Montant total dû', '2026-07-01' as PlainDate);
    const fees = (await admin.get(`/api/customers/${customer.id}/late-fees?as_of=${asOf}`)).json<CustomerFees>();
    expect(fees.missing_rates).toEqual([]);
    expect(fees.totals[0]!.interest).toEqual(fees.totals[0]!.interest_on_file);
    expect(email.text_body).not.toContain('non renseigné');
    expect(email.text_body).toContain(formatMoneyForLanguage(parseDecimalToMinor(fees.totals[0]!.interest!.amount, 'EUR')!, 'EUR', 'fr'));
  });
});
