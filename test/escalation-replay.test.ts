import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transportsFromConfig } from '../src/adapters/channels/transports-from-config.js';
import { pdfWords } from '../src/adapters/channels/pdf-words.test-support.js';
import type { Db } from '../src/adapters/db/database.js';
import type { CollectionActionRow, OrganizationRow } from '../src/adapters/db/schema.js';
import { saveCollectionSettings } from '../src/adapters/db/stores/collection-settings.js';
import { createPayment, insertAllocation } from '../src/adapters/db/stores/documents.js';
import { addPaymentPlan } from '../src/app/collection/add-payment-plan.js';
import { decideApproval } from '../src/app/collection/decide-approval.js';
import { getCustomerCollection } from '../src/app/collection/get-customer-collection.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import { renderOutboxDocument } from '../src/app/outbox/render-outbox-document.js';
import { addDays, daysBetween, type PlainDate } from '../src/core/plain-date.js';
import { formatDateForLanguage, formatMoneyForLanguage } from '../src/core/templates/format-for-language.js';
import { alreadyReminded, collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';

// Monday 2 June 2025. The two invoices fell due on 3 and 20 April: 60 and 43 days late, never
// contacted. An unallocated payment of EUR 300 came in on 15 May.
const FIRST_RUN = '2025-06-02' as PlainDate;
const INVOICES = [
  ['F-2025-0301', '2025-04-03', 5_052_00],
  ['F-2025-0322', '2025-04-20', 4_092_00],
] as const;
const GAP_DAYS = 7;
const MESSAGE_CHANNELS = new Set(['email', 'sms', 'letter', 'registered_letter']);

interface Replay {
  db: Db;
  org: OrganizationRow;
  customerId: string;
}

/** Approval tasks open at the start of a day, decided that morning at 08:30 Paris time. */
type Approver = (step: string, day: PlainDate) => { approve: true } | { approve: false; note: string; holdDays: number };

/**
 * What a credit manager's quarter looks like, one day at a time: the run at 07:00, a person
 * deciding the approvals of the day before at 08:30, the sending pass at 09:30 (Paris time).
 */
async function replay({ db, org, customerId }: Replay, days: number, approver: Approver): Promise<void> {
  const transports = transportsFromConfig({ outboxDir: mkdtempSync(join(tmpdir(), 'relance-escalation-')) });
  for (let day = FIRST_RUN; day < addDays(FIRST_RUN, days); day = addDays(day, 1)) {
    const approvals = await db.kysely.selectFrom('collection_tasks').selectAll().where('organization_id', '=', org.id).where('customer_id', '=', customerId).where('kind', '=', 'approval').where('status', '=', 'open').execute();
    for (const task of approvals) await decideApproval(db, org, task.id, approver(task.step_id!, day), { now: new Date(`${day}T06:30:00Z`) });
    await runCollection(db, org, { asOf: day, now: new Date(`${day}T05:00:00Z`), send: false });
    await runCollection(db, org, { asOf: day, now: new Date(`${day}T07:30:00Z`), transports });
  }
}

async function actionsOf(db: Db, customerId: string): Promise<CollectionActionRow[]> {
  return db.kysely.selectFrom('collection_actions').selectAll().where('customer_id', '=', customerId).orderBy('planned_on').orderBy('created_at').execute();
}

/** The day each message that went out left, by action id. */
async function sentOn(db: Db, customerId: string): Promise<Map<string, PlainDate>> {
  const rows = await db.kysely.selectFrom('outbox_messages').select(['action_id', 'sent_at', 'transport_called_at']).where('customer_id', '=', customerId).where('status', 'in', ['sent', 'kept']).execute();
  // Paris is two hours ahead of UTC in summer: a 09:30 sending is on the same day either way.
  return new Map(rows.map((row) => [row.action_id, (row.sent_at ?? row.transport_called_at)!.slice(0, 10) as PlainDate]));
}

async function ledger(engine: (typeof ENGINES)[number], name: string): Promise<Replay> {
  const db = await freshDatabase(engine);
  const org = await collectionOrganization(db, name);
  // A hand-off is signed by a named partner; without one it could not be approved.
  await saveCollectionSettings(db, org.id, { minimumGapDays: GAP_DAYS, agencyName: 'Recouvrement Conseil SARL', agencyEmail: 'dossiers@recouvrement-conseil.example' });
  const { customer } = await customerWithInvoices(db, org.id, 'C060', INVOICES);
  await createPayment(db, org.id, { customerId: customer.id, reference: 'VIR-0515', receivedOn: '2025-05-15', currency: 'EUR', amountMinor: 300_00 });
  return { db, org, customerId: customer.id };
}

describe.each(ENGINES)('escalation one step at a time, replayed day by day on %s', (engine) => {
  let subject: Replay;
  let actions: CollectionActionRow[];
  let sent: Map<string, PlainDate>;

  beforeAll(async () => {
    subject = await ledger(engine, 'Atelier Replay');
    await replay(subject, 60, () => ({ approve: true }));
    actions = await actionsOf(subject.db, subject.customerId);
    sent = await sentOn(subject.db, subject.customerId);
  }, 120_000);
  afterAll(async () => {
    await subject?.db.close();
  });

  /** One entry per contact that went out: the day and the steps of that day. */
  const contacts = () => {
    const byDay = new Map<PlainDate, string[]>();
    for (const action of actions) {
      const on = sent.get(action.id);
      if (on && MESSAGE_CHANNELS.has(action.channel)) byDay.set(on, [...(byDay.get(on) ?? []), action.step_id]);
    }
    return [...byDay.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  };

  it('opens with the first reminder on the first run, whatever the age of the invoices, and records nothing as skipped', () => {
    expect(actions[0]).toMatchObject({ step_id: 'courteous-reminder', planned_on: FIRST_RUN, status: 'sent' });
    expect(actions.filter((action) => action.status === 'skipped')).toEqual([]);
  });

  it('takes one step at a time, each after the minimum gap from the contact before', () => {
    const order = actions.map((action) => action.step_id);
    // EUR 8,844 is below the standard scenario's threshold for a call: no call task.
    expect(order).toEqual(['courteous-reminder', 'firm-reminder', 'firm-reminder-letter', 'formal-notice', 'handoff']);
    const days = contacts().map(([day]) => day);
    for (let i = 1; i < days.length; i += 1) expect(daysBetween(days[i - 1]!, days[i]!)).toBeGreaterThanOrEqual(GAP_DAYS);
  });

  it('sends a formal notice only after two reminders went out, and cites their real dates', async () => {
    const notice = actions.find((action) => action.step_id === 'formal-notice')!;
    const noticeOn = sent.get(notice.id)!;
    expect(noticeOn).toBeDefined();
    const reminders = contacts().filter(([day, steps]) => day < noticeOn && !steps.includes('formal-notice'));
    expect(reminders.length).toBeGreaterThanOrEqual(2);
    const message = await subject.db.kysely.selectFrom('outbox_messages').select('text_body').where('action_id', '=', notice.id).executeTakeFirstOrThrow();
    const cited = reminders.map(([day]) => formatDateForLanguage(day, 'en'));
    expect(message.text_body).toContain(`despite our reminders of ${cited.join(' and ')}`);
  });

  it('hands off only once the deadline the formal notice gave has passed', async () => {
    const notice = actions.find((action) => action.step_id === 'formal-notice')!;
    const handoff = actions.find((action) => action.step_id === 'handoff')!;
    const noticeOn = sent.get(notice.id)!;
    const letter = await subject.db.kysely.selectFrom('outbox_messages').select('text_body').where('action_id', '=', notice.id).executeTakeFirstOrThrow();
    // The deadline is the date the letter itself states; the hand-off comes the day after, not before.
    const deadline = /that is by (\d{1,2} \w+ \d{4}) at the latest/.exec(letter.text_body)![1]!;
    const dayAfterDeadline = addDays(noticeOn, daysBetween(noticeOn, addDays(noticeOn, 19)) + 1);
    expect(deadline).toBe(formatDateForLanguage(addDays(noticeOn, 19), 'en'));
    expect(handoff.planned_on >= dayAfterDeadline).toBe(true);
    const tasks = await subject.db.kysely.selectFrom('collection_tasks').select(['kind', 'status']).where('customer_id', '=', subject.customerId).where('kind', '=', 'handoff').execute();
    expect(tasks).toEqual([{ kind: 'handoff', status: 'open' }]);
  });

  it('prints a letter that adds up: the invoices, the payment on account with its date, the balance demanded', async () => {
    const letterAction = actions.find((action) => action.step_id === 'firm-reminder-letter')!;
    const row = await subject.db.kysely.selectFrom('outbox_messages').selectAll().where('action_id', '=', letterAction.id).executeTakeFirstOrThrow();
    const pdf = await renderOutboxDocument(subject.db, row, new Date(`${row.sent_at ?? `${FIRST_RUN}T08:00:00Z`}`));
    const text = (await pdfWords(pdf.content)).join(' ').replace(/\s+/g, ' ');
    const money = (minor: number) => formatMoneyForLanguage(minor, 'EUR', 'en');
    for (const [number, , amount] of INVOICES) expect(text).toContain(`${number}`), expect(text).toContain(money(amount));
    expect(text).toContain(`Invoices total: ${money(9_144_00)}`);
    expect(text).toContain(`Payment received VIR-0515 of ${formatDateForLanguage('2025-05-15' as PlainDate, 'en')}: −${money(300_00)}`);
    expect(text).toContain(`Balance to pay: ${money(8_844_00)}`);
    // Read back, the figures on the page add up.
    const amounts = (label: RegExp) => [...text.matchAll(label)].map((match) => Math.round(Number(match[1]!.replace(/,/g, '')) * 100));
    const listed = amounts(/F-2025-03\d\d, due [^:]+: €([\d,]+\.\d\d)/g);
    const [credit] = amounts(/VIR-0515 of [^:]+: −€([\d,]+\.\d\d)/g);
    const [balance] = amounts(/Balance to pay: €([\d,]+\.\d\d)/g);
    expect(listed.reduce((sum, amount) => sum + amount, 0) - credit!).toBe(balance);
  });
});

describe.each(ENGINES)('a rejected step on %s', (engine) => {
  let subject: Replay;

  beforeAll(async () => {
    subject = await ledger(engine, 'Atelier Rejet');
    let rejected = false;
    await replay(subject, 45, (step) => {
      if (step === 'formal-notice' && !rejected) {
        rejected = true;
        return { approve: false, note: 'The customer is changing banks; give them time', holdDays: 10 };
      }
      return { approve: true };
    });
  }, 120_000);
  afterAll(async () => {
    await subject?.db.close();
  });

  it('keeps the case where it stands for the hold, then contacts the customer again', async () => {
    const actions = await actionsOf(subject.db, subject.customerId);
    const notices = actions.filter((action) => action.step_id === 'formal-notice');
    expect(notices.map((action) => action.status)).toEqual(['rejected', 'sent']);
    const [rejected, again] = notices as [CollectionActionRow, CollectionActionRow];
    expect(rejected.status_note).toBe('The customer is changing banks; give them time');
    expect(again.planned_on >= rejected.retry_on!).toBe(true);
    // Nothing else went out to the customer during the hold.
    const during = actions.filter((action) => action.planned_on > rejected.planned_on && action.planned_on < rejected.retry_on! && MESSAGE_CHANNELS.has(action.channel));
    expect(during).toEqual([]);
    // The customer's collection view says when the rejected step comes back.
    const customer = await subject.db.kysely.selectFrom('customers').selectAll().where('id', '=', subject.customerId).executeTakeFirstOrThrow();
    const view = await getCustomerCollection(subject.db, subject.org, customer, { asOf: rejected.planned_on as PlainDate });
    expect(view.actions.find((action) => action.id === rejected.id)).toMatchObject({ status: 'rejected', retry_on: rejected.retry_on });
    const timeline = await subject.db.kysely.selectFrom('timeline_events').select('summary_en').where('customer_id', '=', subject.customerId).where('kind', '=', 'approval').execute();
    expect(timeline.map((event) => event.summary_en)).toContainEqual(expect.stringContaining('rejected (The customer is changing banks; give them time)'));
    // The timeline names the step as people know it, never by its identifier.
    expect(timeline.map((event) => event.summary_en).join(' ')).not.toContain(rejected.step_id);
  });
});

describe.each(ENGINES)('an approval after a payment on %s', (engine) => {
  let subject: Replay;

  beforeAll(async () => {
    subject = await ledger(engine, 'Atelier Acompte');
  });
  afterAll(async () => {
    await subject?.db.close();
  });

  it('writes the approved letter for what is still open, instead of asking for the approval again', async () => {
    const { db, org, customerId } = subject;
    await alreadyReminded(db, org.id, customerId, [['courteous-reminder', '2025-05-12'], ['firm-reminder', '2025-05-19'], ['firm-reminder-letter', '2025-05-19']]);
    await runCollection(db, org, { asOf: FIRST_RUN, now: new Date(`${FIRST_RUN}T05:00:00Z`), send: false });
    const [task] = await db.kysely.selectFrom('collection_tasks').selectAll().where('customer_id', '=', customerId).where('kind', '=', 'approval').execute();
    expect(task?.step_id).toBe('formal-notice');

    // The second invoice is paid before the person approves.
    const invoice = await db.kysely.selectFrom('invoices').select('id').where('customer_id', '=', customerId).where('number', '=', 'F-2025-0322').executeTakeFirstOrThrow();
    const payment = await createPayment(db, org.id, { customerId, reference: 'VIR-0603', receivedOn: '2025-06-03', currency: 'EUR', amountMinor: 4_092_00 });
    await insertAllocation(db, org.id, { invoiceId: invoice.id, paymentId: payment.id, amountMinor: 4_092_00, allocatedOn: '2025-06-03' });

    const outcome = await decideApproval(db, org, task!.id, { approve: true }, { now: new Date('2025-06-04T06:30:00Z') });
    expect(outcome.result).toBe('queued');
    const letter = await db.kysely.selectFrom('outbox_messages').select('text_body').where('action_id', '=', outcome.action.id).executeTakeFirstOrThrow();
    const money = (minor: number) => formatMoneyForLanguage(minor, 'EUR', 'en');
    expect(letter.text_body).toContain('F-2025-0301');
    expect(letter.text_body).not.toContain('F-2025-0322');
    // 5,052.00 open, less the 300.00 paid on account.
    expect(letter.text_body).toContain(`Balance to pay: ${money(4_752_00)}`);
    expect(JSON.parse(outcome.action.invoice_numbers)).toEqual(['F-2025-0301']);
  });
});

describe.each(ENGINES)('a payment plan on %s', (engine) => {
  let subject: Replay;

  beforeAll(async () => {
    subject = await ledger(engine, 'Atelier Echeancier');
  });
  afterAll(async () => {
    await subject?.db.close();
  });

  it('reminds each instalment a few days before it falls due, once, listing the invoices it covers', async () => {
    const { db, org, customerId } = subject;
    const customer = (await db.kysely.selectFrom('customers').selectAll().where('id', '=', customerId).executeTakeFirstOrThrow());
    // The 9,144.00 open on the two invoices, in three instalments.
    await addPaymentPlan(db, org.id, customer, {
      invoiceNumbers: ['F-2025-0301', 'F-2025-0322'],
      instalments: [{ dueDate: '2025-06-16', amountMinor: 3_048_00 }, { dueDate: '2025-07-16', amountMinor: 3_048_00 }, { dueDate: '2025-08-18', amountMinor: 3_048_00 }],
    }, '2025-06-02' as PlainDate, null);
    const transports = transportsFromConfig({ outboxDir: mkdtempSync(join(tmpdir(), 'relance-instalments-')) });
    // Friday 13 June: three days before the first instalment.
    for (const day of ['2025-06-12', '2025-06-13', '2025-06-16'] as PlainDate[]) await runCollection(db, org, { asOf: day, now: new Date(`${day}T07:30:00Z`), transports });
    const messages = await db.kysely.selectFrom('outbox_messages').select(['subject', 'text_body', 'status']).where('customer_id', '=', customerId).execute();
    expect(messages).toHaveLength(1);
    expect(messages[0]!.subject).toBe(`Instalment 1 of 3 of your payment plan: ${formatMoneyForLanguage(3_048_00, 'EUR', 'en')} on 16 June 2025`);
    expect(messages[0]!.text_body).toContain('F-2025-0301');
    expect(messages[0]!.text_body).toContain('F-2025-0322');
  });
});
