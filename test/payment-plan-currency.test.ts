import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createCustomer } from '../src/adapters/db/stores/customers.js';
import { createInvoice } from '../src/adapters/db/stores/documents.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { addPaymentPlan } from '../src/app/collection/add-payment-plan.js';
import { AppError } from '../src/core/app-error.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const ON = '2025-06-02' as PlainDate;

describe.each(ENGINES)('payment plan currency on %s', (engine) => {
  let db: Db;
  let organizationId: string;
  beforeAll(async () => {
    db = await freshDatabase(engine);
    organizationId = (await createOrganization(db, { name: 'Export SA', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' })).id;
  });
  afterAll(async () => {
    await db?.close();
  });

  async function customerWith(ref: string, invoices: { number: string; currency: string; amountMinor: number }[]) {
    const customer = await createCustomer(db, organizationId, { externalRef: ref, name: `Customer ${ref}` });
    for (const invoice of invoices) {
      await createInvoice(db, organizationId, { customerId: customer.id, number: invoice.number, issueDate: '2025-03-01', dueDate: '2025-04-01', currency: invoice.currency, amountMinor: invoice.amountMinor });
    }
    return customer;
  }

  async function refusal(promise: Promise<unknown>): Promise<AppError> {
    const error = await promise.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }

  it('refuses euro instalments for a dollar invoice, naming the instalment’s currency, and agrees the plan in dollars', async () => {
    const customer = await customerWith('US-1', [{ number: 'USD-1', currency: 'USD', amountMinor: 100_000 }]);
    const error = await refusal(
      addPaymentPlan(db, organizationId, customer, { invoiceNumbers: [], instalments: [{ dueDate: '2025-07-01', amountMinor: 50_000, currency: 'USD' }, { dueDate: '2025-08-01', amountMinor: 50_000, currency: 'EUR' }] }, ON, null),
    );
    expect(error.code).toBe('validation_failed');
    expect(error.place).toEqual({ field: 'instalments[1].amount.currency' });
    expect(error.message).toBe('an instalment in EUR cannot pay invoices in USD; write every instalment in USD');
    expect(await db.kysely.selectFrom('payment_plans').select('id').where('customer_id', '=', customer.id).execute()).toEqual([]);

    const plan = await addPaymentPlan(db, organizationId, customer, { invoiceNumbers: [], instalments: [{ dueDate: '2025-07-01', amountMinor: 100_000, currency: 'USD' }] }, ON, null);
    expect(plan.status).toBe('active');
  });

  it('refuses one plan over invoices in two currencies', async () => {
    const customer = await customerWith('MIX-1', [
      { number: 'EUR-9', currency: 'EUR', amountMinor: 10_000 },
      { number: 'GBP-9', currency: 'GBP', amountMinor: 10_000 },
    ]);
    const error = await refusal(addPaymentPlan(db, organizationId, customer, { invoiceNumbers: [], instalments: [{ dueDate: '2025-07-01', amountMinor: 20_000, currency: 'EUR' }] }, ON, null));
    expect(error.place).toEqual({ field: 'invoice_numbers' });
    expect(error.message).toContain('EUR and GBP');
  });

  it('says what is owed, with its currency, when the instalments do not add up', async () => {
    const customer = await customerWith('SUM-1', [{ number: 'S-1', currency: 'EUR', amountMinor: 123_456 }]);
    const error = await refusal(addPaymentPlan(db, organizationId, customer, { invoiceNumbers: ['S-1'], instalments: [{ dueDate: '2025-07-01', amountMinor: 100_000 }] }, ON, null));
    expect(error.place).toEqual({ field: 'instalments' });
    expect(error.message).toBe('the instalments add up to 1000.00 EUR but 1234.56 EUR is open on the invoices covered');
  });
});
