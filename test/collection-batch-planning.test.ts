import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { setManualScenarioId } from '../src/adapters/db/stores/collection-scenarios.js';
import { getCollectionSettings } from '../src/adapters/db/stores/collection-settings.js';
import { listCustomers } from '../src/adapters/db/stores/customers.js';
import { listOpenInvoices } from '../src/adapters/db/stores/open-items.js';
import { getOrganization } from '../src/adapters/db/stores/organizations.js';
import { addHold } from '../src/app/collection/add-hold.js';
import { addPaymentPlan } from '../src/app/collection/add-payment-plan.js';
import { addPaymentPromise } from '../src/app/collection/add-payment-promise.js';
import { openDispute } from '../src/app/collection/open-dispute.js';
import { loadPlanningContext, planCustomerCollection, planCustomers } from '../src/app/collection/plan-customer-collection.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import { loadDemo } from '../src/app/demo/load-demo.js';
import { addDays, type PlainDate } from '../src/core/plain-date.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const AS_OF = '2025-07-01' as PlainDate;

// The run reads many customers' facts in one go; a fact given to the wrong customer, or lost
// between two customers of one read, would change what somebody is sent.
describe.each(ENGINES)('collection planning in batches on %s', (engine) => {
  let db: Db;
  let organization: OrganizationRow;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    const demo = await loadDemo(db, { customers: 40, invoices: 600, seed: 11, asOf: '2025-06-30' as PlainDate });
    organization = (await getOrganization(db, demo.organizationId))!;
    const open = await listOpenInvoices(db, organization.id);
    const customers = await listCustomers(db, organization.id);
    const owing = customers.filter((customer) => open.some((invoice) => invoice.customerId === customer.id && invoice.dueDate < AS_OF));
    expect(owing.length).toBeGreaterThanOrEqual(6);
    const firstOverdue = (customerId: string) => open.find((invoice) => invoice.customerId === customerId && invoice.dueDate < AS_OF)!;
    // One pause of each kind, each on another customer.
    await openDispute(db, organization.id, owing[0]!, { invoice: { number: firstOverdue(owing[0]!.id).number }, reason: 'price' }, AS_OF, null);
    await addPaymentPromise(db, organization.id, owing[1]!, { promisedOn: addDays(AS_OF, 10) }, AS_OF, null);
    await addHold(db, organization.id, owing[2]!, { reason: 'director on leave', until: addDays(AS_OF, 20) }, AS_OF, null);
    // Its first instalment is missed: a broken plan resumes the reminders.
    const planned = firstOverdue(owing[3]!.id);
    const half = Math.floor(planned.openMinor / 2);
    await addPaymentPlan(
      db,
      organization.id,
      owing[3]!,
      { invoiceNumbers: [planned.number], instalments: [{ dueDate: addDays(AS_OF, -5), amountMinor: half }, { dueDate: addDays(AS_OF, 25), amountMinor: planned.openMinor - half }] },
      addDays(AS_OF, -10),
      null,
    );
    await setManualScenarioId(db, organization.id, owing[4]!.id, 'high-risk', null);
  });

  afterAll(async () => {
    await db.close();
  });

  it('decides for every customer what planning that customer alone decides', async () => {
    const settings = await getCollectionSettings(db, organization.id);
    const customers = await listCustomers(db, organization.id);
    const batched = await planCustomers(db, await loadPlanningContext(db, organization, settings), customers, AS_OF);
    expect(batched.map((plan) => plan.customer.id)).toEqual(customers.map((customer) => customer.id));
    for (const plan of batched) {
      const alone = await planCustomerCollection(db, organization, settings, plan.customer, AS_OF);
      expect({ customer: plan.customer.external_ref, decision: plan.decision, scenario: plan.scenario.id, risk: plan.risk, open: plan.openInvoices }).toEqual({
        customer: alone.customer.external_ref,
        decision: alone.decision,
        scenario: alone.scenario.id,
        risk: alone.risk,
        open: alone.openInvoices,
      });
    }
    // The comparison means something only if the ledger gives varied decisions.
    const kinds = new Set(batched.map((plan) => (plan.decision.kind === 'none' ? plan.decision.why : plan.decision.kind)));
    for (const expected of ['send', 'on_hold', 'paused']) expect(kinds).toContain(expected);
    expect(batched.some((plan) => plan.scenario.id === 'high-risk')).toBe(true);
  });

  it('plans in its dry run the same messages a customer-by-customer run plans', async () => {
    const customers = await listCustomers(db, organization.id);
    const now = new Date(`${AS_OF}T05:00:00Z`);
    const whole = await runCollection(db, organization, { asOf: AS_OF, now, dryRun: true });
    const oneByOne = [];
    for (const customer of customers) oneByOne.push(...(await runCollection(db, organization, { asOf: AS_OF, now, dryRun: true, customerIds: [customer.id] })).actions);
    const key = (action: (typeof whole.actions)[number]) => `${action.customer_reference}:${action.step_id}`;
    expect(whole.actions.length).toBeGreaterThan(0);
    expect(whole.actions.map(key).sort()).toEqual(oneByOne.map(key).sort());
    expect(whole.actions.sort((a, b) => key(a).localeCompare(key(b)))).toEqual(oneByOne.sort((a, b) => key(a).localeCompare(key(b))));
  });
});
