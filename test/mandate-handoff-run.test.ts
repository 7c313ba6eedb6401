import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transportsFromConfig } from '../src/adapters/channels/transports-from-config.js';
import type { Db } from '../src/adapters/db/database.js';
import type { CustomerRow, OrganizationRow } from '../src/adapters/db/schema.js';
import { getCreditorMandate, listCreditorMandates } from '../src/adapters/db/stores/mandates.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { readCustomerListStatus } from '../src/adapters/db/stores/customer-list-status.js';
import type { Caller } from '../src/app/auth/caller.js';
import { planCustomerCollection } from '../src/app/collection/plan-customer-collection.js';
import { getCollectionSettings } from '../src/adapters/db/stores/collection-settings.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import { takeBackCase } from '../src/app/mandates/close-mandate-case.js';
import { handOffCase } from '../src/app/mandates/hand-off-case.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { alreadyReminded, collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { saveCollectionSettings } from '../src/adapters/db/stores/collection-settings.js';
import { decideApproval } from '../src/app/collection/decide-approval.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const transports = transportsFromConfig({ outboxDir: mkdtempSync(join(tmpdir(), 'relance-mandate-run-')) });

/** The run of one morning at 09:30 in Paris: it decides, then sends what is due (emails kept as .eml files). */
const run = (db: Db, org: OrganizationRow, day: string) => runCollection(db, org, { asOf: day as PlainDate, now: new Date(`${day}T07:30:00Z`), transports });

const stepsOf = async (db: Db, customerId: string) =>
  (await db.kysely.selectFrom('collection_actions').select(['step_id', 'planned_on']).where('customer_id', '=', customerId).orderBy('planned_on').orderBy('created_at').execute()).map((row) => `${row.planned_on} ${row.step_id}`);

const sentTo = async (db: Db, customerId: string) => (await db.kysely.selectFrom('outbox_messages').select('id').where('customer_id', '=', customerId).where('status', 'in', ['sent', 'kept']).execute()).length;

describe.each(ENGINES)('the creditor’s scenario while a case is handed, on %s', (engine) => {
  let db: Db;
  let org: OrganizationRow;
  let agency: OrganizationRow;
  let caller: Caller;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    org = await collectionOrganization(db, 'Atelier Durand');
    agency = await createOrganization(db, { name: 'Cabinet Recouvre', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr', kind: 'agency' });
    caller = { organizationId: org.id, role: 'admin', userId: null, apiKeyId: null };
  });
  afterAll(async () => db?.close());

  const handTo = (customer: CustomerRow, day: string, endsOn: string | null = null) =>
    handOffCase(db, caller, customer, { agency_organization_id: agency.id, acting_as: 'agency', fee_percent: '15', ends_on: endsOn }, new Date(`${day}T10:00:00Z`));

  it('sends nothing while the mandate lasts, and after a take-back sends the next reminder, not the first again', async () => {
    const { customer } = await customerWithInvoices(db, org.id, 'C100', [['F-100', '2025-05-20', 2_000_00]]);
    await run(db, org, '2025-06-02');
    expect(await stepsOf(db, customer.id)).toEqual(['2025-06-02 courteous-reminder']);
    const sentBefore = await sentTo(db, customer.id);
    expect(sentBefore).toBe(1);

    const mandate = await handTo(customer, '2025-06-03');
    expect(mandate.step_id).toBe('courteous-reminder');
    await run(db, org, '2025-06-16');
    await run(db, org, '2025-06-23');
    expect(await stepsOf(db, customer.id)).toEqual(['2025-06-02 courteous-reminder']);
    expect(await sentTo(db, customer.id)).toBe(sentBefore);
    const plan = await planCustomerCollection(db, org, await getCollectionSettings(db, org.id), customer, '2025-06-23' as PlainDate);
    expect(plan.decision.reason.en).toBe('Handed to Cabinet Recouvre on 3 June 2025: your own reminders stop while the mandate lasts');
    expect((await readCustomerListStatus(db, org.id, [customer.id], '2025-06-23' as PlainDate)).get(customer.id)!.status).toContain('handed_off');

    await takeBackCase(db, caller, mandate.id, new Date('2025-06-23T10:00:00Z'));
    await run(db, org, '2025-06-23');
    expect(await stepsOf(db, customer.id)).toEqual(['2025-06-02 courteous-reminder', '2025-06-23 firm-reminder', '2025-06-23 firm-reminder-letter']);
    expect(await sentTo(db, customer.id)).toBe(sentBefore + 2);
    expect((await readCustomerListStatus(db, org.id, [customer.id], '2025-06-24' as PlainDate)).get(customer.id)!.status).not.toContain('handed_off');
  });

  it('ends a mandate past its last day by itself, and the scenario resumes the same morning', async () => {
    const { customer } = await customerWithInvoices(db, org.id, 'C200', [['F-200', '2025-05-20', 3_000_00]]);
    await run(db, org, '2025-06-02');
    const mandate = await handTo(customer, '2025-06-03', '2025-06-20');
    await run(db, org, '2025-06-20');
    expect((await getCreditorMandate(db, org.id, mandate.id))!.status).toBe('active');
    expect(await stepsOf(db, customer.id)).toEqual(['2025-06-02 courteous-reminder']);

    await run(db, org, '2025-06-23');
    const ended = (await getCreditorMandate(db, org.id, mandate.id))!;
    expect([ended.status, ended.closed_on]).toEqual(['ended', '2025-06-20']);
    expect(await stepsOf(db, customer.id)).toEqual(['2025-06-02 courteous-reminder', '2025-06-23 firm-reminder', '2025-06-23 firm-reminder-letter']);
    const events = await db.kysely.selectFrom('timeline_events').select(['kind', 'summary_en', 'mandate_id']).where('customer_id', '=', customer.id).where('kind', '=', 'mandate_ended').execute();
    expect(events).toEqual([{ kind: 'mandate_ended', summary_en: "Mandate of Cabinet Recouvre ended on 20 June 2025, its last day: the creditor's own collection resumes", mandate_id: mandate.id }]);
  });

  it('hands the case to the default partner by itself when the scenario reaches its hand-off step, at once or once approved', async () => {
    await saveCollectionSettings(db, org.id, { handoffPartner: { agencyOrganizationId: agency.id, actingAs: 'creditor', feePercentBp: 1_000, feeFixedMinor: 30_00, termDays: 90 } });
    const history = [['courteous-reminder', '2025-03-04'], ['firm-reminder', '2025-03-17'], ['firm-reminder-letter', '2025-03-17'], ['formal-notice', '2025-04-01']] as const;
    const direct = await customerWithInvoices(db, org.id, 'C300', [['F-300', '2025-03-01', 3_000_00]]);
    await alreadyReminded(db, org.id, direct.customer.id, history);
    const approved = await customerWithInvoices(db, org.id, 'C400', [['F-400', '2025-03-01', 3_000_00]]);
    await alreadyReminded(db, org.id, approved.customer.id, history);

    // Below the approval threshold the step goes without a person.
    await saveCollectionSettings(db, org.id, { approvalThresholdMinor: 5_000_00 });
    await runCollection(db, org, { asOf: '2025-06-02' as PlainDate, now: new Date('2025-06-02T07:30:00Z'), transports, customerIds: [direct.customer.id] });
    const [byStep] = await listCreditorMandates(db, org.id, { customerId: direct.customer.id });
    expect(byStep).toMatchObject({ agency_organization_id: agency.id, acting_as: 'creditor', fee_percent_bp: 1_000, fee_fixed_minor: 30_00, starts_on: '2025-06-02', ends_on: '2025-08-31', handed_by: null, step_id: 'handoff', status: 'active' });
    expect(Number(byStep!.balance_at_handoff_minor)).toBe(3_000_00);
    expect(await sentTo(db, direct.customer.id)).toBe(0);
    const inbox = await db.kysely.selectFrom('collection_tasks').select('title_en').where('organization_id', '=', agency.id).where('mandate_id', '=', byStep!.id).execute();
    expect(inbox).toEqual([{ title_en: 'New case from Atelier Durand: Customer C300' }]);

    // Above it, a person approves the step, and the approval hands the case.
    await saveCollectionSettings(db, org.id, { approvalThresholdMinor: null });
    await runCollection(db, org, { asOf: '2025-06-02' as PlainDate, now: new Date('2025-06-02T07:30:00Z'), transports, customerIds: [approved.customer.id] });
    expect(await listCreditorMandates(db, org.id, { customerId: approved.customer.id })).toEqual([]);
    const approval = await db.kysely.selectFrom('collection_tasks').select('id').where('customer_id', '=', approved.customer.id).where('kind', '=', 'approval').executeTakeFirstOrThrow();
    const outcome = await decideApproval(db, org, approval.id, { approve: true }, { now: new Date('2025-06-03T08:00:00Z') });
    expect(outcome.result).toBe('handed_off');
    const [byApproval] = await listCreditorMandates(db, org.id, { customerId: approved.customer.id });
    expect(byApproval).toMatchObject({ step_id: 'handoff', starts_on: '2025-06-03', ends_on: '2025-09-01', status: 'active' });
    await saveCollectionSettings(db, org.id, { handoffPartner: null });
  });
});
