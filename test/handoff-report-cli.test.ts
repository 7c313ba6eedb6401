import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/adapters/db/database.js';
import { createPayment, insertAllocation } from '../src/adapters/db/stores/documents.js';
import { insertMandate } from '../src/adapters/db/stores/mandates.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { customerWithInvoices } from './support/collection-ledger.js';
import { freshDatabaseUrl } from './support/engines.js';
import { relanceCli } from './support/relance-cli.js';

describe('relance report handoffs and relance report portfolio', () => {
  let env: Record<string, string>;

  beforeAll(async () => {
    const url = await freshDatabaseUrl('sqlite');
    const db = await openDatabase(url);
    const alpha = await createOrganization(db, { name: 'Alpha', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'en' });
    const agency = await createOrganization(db, { name: 'Recouvre Agency', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr', kind: 'agency' });
    const { customer, invoiceIds } = await customerWithInvoices(db, alpha.id, 'A-1', [['F-1', '2024-10-01', 1000_00]]);
    await insertMandate(db, alpha.id, {
      customerId: customer.id, agencyOrganizationId: agency.id, partnerName: agency.name, partnerEmail: null, actingAs: 'agency', feePercentBp: 1500, feeFixedMinor: 20_00,
      currency: 'EUR', startsOn: '2025-01-10', endsOn: null, handedBy: null, stepId: 'handoff', balanceAtHandoffMinor: 1000_00, overdueDaysAtHandoff: 101,
      invoiceIds: Object.values(invoiceIds), note: null,
    });
    const payment = await createPayment(db, alpha.id, { customerId: customer.id, reference: 'P-1', receivedOn: '2025-02-01', currency: 'EUR', amountMinor: 300_00 });
    await insertAllocation(db, alpha.id, { invoiceId: invoiceIds['F-1']!, paymentId: payment.id, amountMinor: 300_00, allocatedOn: '2025-02-01' });
    await db.close();
    env = { DATABASE_URL: url };
  });

  it("prints the creditor's recovery by partner, age and step, and the same figures as JSON and CSV", async () => {
    const table = await relanceCli(['report', 'handoffs', '--org', 'Alpha'], env);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/Recouvre Agency\s+1\s+1000\.00\s+300\.00\s+30%\s+65\.00/);
    expect(table.stdout).toMatch(/91 to 180 days late\s+1\s+1000\.00\s+300\.00\s+30%\s+65\.00/);
    expect(table.stdout).toMatch(/Hand-off to collection\s+1\s+1000\.00/);

    const json = JSON.parse((await relanceCli(['report', 'handoffs', '--org', 'Alpha', '--json'], env)).stdout);
    const csv = await relanceCli(['report', 'handoffs', '--org', 'Alpha', '--csv', 'age'], env);
    const lines = csv.stdout.replace(/^\uFEFF/, '').trimEnd().split('\r\n').map((line) => line.split(','));
    expect(lines[0]).toEqual(['Key', 'Age at hand-off', 'Cases', 'Currency', 'Handed', 'Recovered', 'Recovery rate (%)', 'Fees']);
    expect(lines.slice(1).map((line) => [line[0], line[4], line[5], line[6], line[7]])).toEqual(
      [...json.by_age, json.totals].map((row: { key: string; handed: { amount: string }; recovered: { amount: string }; recovery_rate_percent: string; fees: { amount: string } }) => [row.key, row.handed.amount, row.recovered.amount, row.recovery_rate_percent, row.fees.amount]),
    );
  }, 30_000);

  it("prints an agency's portfolio per creditor, and refuses it to a creditor", async () => {
    const portfolio = await relanceCli(['report', 'portfolio', '--org', 'Recouvre Agency'], env);
    expect(portfolio.code, portfolio.stderr).toBe(0);
    expect(portfolio.stdout).toMatch(/Alpha\s+1\s+0\s+1000\.00 EUR\s+300\.00\s+700\.00\s+30%\s+65\.00/);
    const french = await relanceCli(['report', 'portfolio', '--org', 'Recouvre Agency', '--csv'], env);
    expect(french.stdout.split('\r\n')[1]).toBe('Alpha,1,0,EUR,1000.00,300.00,700.00,30,65.00');
    expect(french.stdout).toContain('Créancier');
    const refused = await relanceCli(['report', 'portfolio', '--org', 'Alpha'], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/not a collection agency/);
  }, 30_000);
});
