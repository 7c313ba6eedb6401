import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { listTasks } from '../src/adapters/db/stores/collection-tasks.js';
import { listOutboxMessages } from '../src/adapters/db/stores/outbox.js';
import { addPaymentPlan } from '../src/app/collection/add-payment-plan.js';
import { addPaymentPromise } from '../src/app/collection/add-payment-promise.js';
import { decideApproval } from '../src/app/collection/decide-approval.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { alreadyReminded, collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';

// Friday 16 May 2025.
const AS_OF = '2025-05-16' as PlainDate;

describe.each(ENGINES)('a message after a broken arrangement on %s', (engine) => {
  let db: Db;
  let org: OrganizationRow;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    org = await collectionOrganization(db);
    // Reminded at D+3 and D+8, then promised to pay by 2 May; nothing came.
    const promised = await customerWithInvoices(db, org.id, 'PROM', [['F-PROM-1', '2025-04-20', 120_000]], { language: 'en' });
    await addPaymentPromise(db, org.id, promised.customer, { promisedOn: '2025-05-02', graceDays: 3 }, '2025-04-25' as PlainDate, null);
    // A French customer whose plan's first instalment, due 5 May, was not paid.
    const planned = await customerWithInvoices(db, org.id, 'PLAN', [['F-PLAN-1', '2025-04-25', 90_000]], { language: 'fr' });
    await addPaymentPlan(
      db,
      org.id,
      planned.customer,
      { invoiceNumbers: ['F-PLAN-1'], instalments: [{ dueDate: '2025-05-05', amountMinor: 45_000 }, { dueDate: '2025-06-05', amountMinor: 45_000 }] },
      '2025-04-28' as PlainDate,
      null,
    );
    // Nothing broken: the message says nothing of the kind.
    await customerWithInvoices(db, org.id, 'PLAIN', [['F-PLAIN-1', '2025-04-20', 50_000]], { language: 'en' });
  });

  afterAll(async () => {
    await db.close();
  });

  it('says the promise was not kept, with its date, in the customer language', async () => {
    const report = await runCollection(db, org, { asOf: AS_OF, now: new Date(`${AS_OF}T05:00:00Z`), dryRun: true });
    const promised = report.actions.find((action) => action.customer_reference === 'PROM' && action.channel === 'email' && action.status !== 'skipped')!;
    expect(promised.reason.en).toMatch(/^Promise to pay by 2025-05-02 not kept; /);
    expect(promised.message?.text).toContain('You told us that you would pay by 2 May 2025; we have not received that payment');

    const planned = report.actions.find((action) => action.customer_reference === 'PLAN' && action.channel === 'email' && action.status !== 'skipped')!;
    expect(planned.message?.text).toContain("L'échéance de votre plan de paiement prévue le 5 mai 2025 ne nous est pas parvenue");

    const plain = report.actions.find((action) => action.customer_reference === 'PLAIN' && action.channel === 'email' && action.status !== 'skipped')!;
    expect(plain.message?.text).not.toMatch(/You told us|instalment of your payment plan/);
  });

  it('still says it when a formal notice goes out after approval', async () => {
    // Two reminders went out (D+3, D+15) before the promise; the broken promise resumes the case
    // at its formal notice, which a person approves.
    const promised = await db.kysely.selectFrom('customers').select('id').where('organization_id', '=', org.id).where('external_ref', '=', 'PROM').executeTakeFirstOrThrow();
    await db.kysely.deleteFrom('collection_actions').where('customer_id', '=', promised.id).execute();
    await db.kysely.deleteFrom('collection_cases').where('customer_id', '=', promised.id).execute();
    await alreadyReminded(db, org.id, promised.id, [['courteous-reminder', '2025-04-23'], ['firm-reminder', '2025-05-05'], ['firm-reminder-letter', '2025-05-05']]);
    const later = '2025-05-22' as PlainDate;
    await runCollection(db, org, { asOf: later, now: new Date('2025-05-22T07:00:00Z'), send: false });
    const approvals = (await listTasks(db, org.id, { kind: 'approval', status: 'open' })).filter((task) => task.title_en.includes('Customer PROM'));
    expect(approvals.length).toBeGreaterThan(0);
    for (const task of approvals) await decideApproval(db, org, task.id, { approve: true }, { now: new Date('2025-05-22T09:00:00Z') });
    const formal = (await listOutboxMessages(db, org.id, {})).filter((message) => message.channel === 'registered_letter' && message.text_body.includes('F-PROM-1'));
    expect(formal.length).toBeGreaterThan(0);
    for (const message of formal) {
      expect(message.text_body).toContain('You told us that you would pay by 2 May 2025');
      expect(message.text_body).toContain('despite our reminders of 23 April 2025 and 5 May 2025');
    }
  });
});
