import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transportsFromConfig } from '../src/adapters/channels/transports-from-config.js';
import type { Db } from '../src/adapters/db/database.js';
import type { OrganizationRow, OutboxMessageRow } from '../src/adapters/db/schema.js';
import { saveCollectionSettings } from '../src/adapters/db/stores/collection-settings.js';
import { createCreditNote, createPayment, insertAllocation } from '../src/adapters/db/stores/documents.js';
import { readTemplateDirectory } from '../src/adapters/templates/read-template-directory.js';
import { builtInTemplateRenderer } from '../src/app/collection/message-templates.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { MESSAGE_LANGUAGES } from '../src/core/scenarios/scenario.js';
import { sampleTemplateContext } from '../src/core/templates/template-context.js';
import { checkTone } from '../src/core/templates/tone-check.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';

// Friday 16 May 2025 the invoices are overdue and cases open; they are settled by Monday 19.
const OPENED = '2025-05-16' as PlainDate;
const SETTLED = '2025-05-19' as PlainDate;
const FRIDAY_MORNING = new Date('2025-05-16T06:00:00Z');
const MONDAY_MORNING = new Date('2025-05-19T06:00:00Z');
const MONDAY_IN_HOURS = new Date('2025-05-19T08:00:00Z');

async function outboxOf(db: Db, organizationId: string): Promise<OutboxMessageRow[]> {
  return db.kysely.selectFrom('outbox_messages').selectAll().where('organization_id', '=', organizationId).orderBy('created_at').execute();
}

const isThankYou = (message: OutboxMessageRow, subject: string) => message.subject === subject;

describe('thank-you templates', () => {
  const files = readTemplateDirectory(join(import.meta.dirname, '../templates'));

  it.each(MESSAGE_LANGUAGES)('exists in %s, renders as an email naming the account, and passes the tone check', (language) => {
    const source = files[`thank-you.${language}`];
    expect(source).toBeDefined();
    expect(checkTone(source!)).toEqual([]);
    const message = builtInTemplateRenderer().render('thank-you', language, sampleTemplateContext(language), 'email');
    const sample = sampleTemplateContext(language);
    for (const body of [message.text!, message.html!]) {
      expect(body).toContain(sample.customer.number);
      expect(body).toContain(sample.sender.name);
    }
    expect(message.subject).toMatch(/^\S.*\S$/);
  });
});

describe.each(ENGINES)('thank-you after payment on %s', (engine) => {
  let db: Db;
  let thanking: OrganizationRow;
  let silent: OrganizationRow;

  /** Opens a case for one overdue invoice, then settles it with a payment or a credit note. */
  async function settledCase(org: OrganizationRow, ref: string, settleWith: 'payment' | 'credit_note') {
    const { customer, invoiceIds } = await customerWithInvoices(db, org.id, ref, [[`${ref}-F1`, '2025-05-01', 500_00]]);
    await runCollection(db, org, { asOf: OPENED, now: FRIDAY_MORNING, send: false, customerIds: [customer.id] });
    if (settleWith === 'payment') {
      const payment = await createPayment(db, org.id, { customerId: customer.id, reference: `VIR-${ref}`, receivedOn: SETTLED, currency: 'EUR', amountMinor: 500_00 });
      await insertAllocation(db, org.id, { invoiceId: invoiceIds[`${ref}-F1`]!, paymentId: payment.id, amountMinor: 500_00, allocatedOn: SETTLED });
    } else {
      const credit = await createCreditNote(db, org.id, { customerId: customer.id, number: `AV-${ref}`, issueDate: SETTLED, currency: 'EUR', amountMinor: 500_00 });
      await insertAllocation(db, org.id, { invoiceId: invoiceIds[`${ref}-F1`]!, creditNoteId: credit.id, amountMinor: 500_00, allocatedOn: SETTLED });
    }
    return customer;
  }

  beforeAll(async () => {
    db = await freshDatabase(engine);
    thanking = await collectionOrganization(db, 'Atelier Durand');
    await saveCollectionSettings(db, thanking.id, { thankYouEnabled: true });
    silent = await collectionOrganization(db, 'Menuiserie Petit');
    await saveCollectionSettings(db, silent.id, { thankYouEnabled: false });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('queues exactly one thank-you when a case closes by payment, however often the run is repeated', async () => {
    const customer = await settledCase(thanking, 'PAID', 'payment');
    const before = (await outboxOf(db, thanking.id)).filter((m) => m.customer_id === customer.id);
    expect(before.map((m) => m.subject)).not.toContain('Thank you for your payment');

    const first = await runCollection(db, thanking, { asOf: SETTLED, now: MONDAY_MORNING, send: false, customerIds: [customer.id] });
    expect(first.cases_closed).toBe(1);
    await runCollection(db, thanking, { asOf: SETTLED, now: MONDAY_MORNING, send: false, customerIds: [customer.id] });
    await runCollection(db, thanking, { asOf: '2025-05-20' as PlainDate, now: new Date('2025-05-20T06:00:00Z'), send: false, customerIds: [customer.id] });

    const thanks = (await outboxOf(db, thanking.id)).filter((m) => m.customer_id === customer.id && isThankYou(m, 'Thank you for your payment'));
    expect(thanks).toHaveLength(1);
    expect(JSON.parse(thanks[0]!.recipient)).toMatchObject({ email: 'ap-paid@example.test' });
    expect(thanks[0]!.text_body).toContain('PAID');
    expect(thanks[0]!.status).toBe('queued');
  });

  it('lets the thank-you through the last check before sending', async () => {
    const customer = await settledCase(thanking, 'SENT', 'payment');
    const report = await runCollection(db, thanking, {
      asOf: SETTLED,
      now: MONDAY_IN_HOURS,
      customerIds: [customer.id],
      transports: transportsFromConfig({ outboxDir: mkdtempSync(join(tmpdir(), 'relance-thank-you-')) }),
    });
    expect(report.cases_closed).toBe(1);
    const thanks = (await outboxOf(db, thanking.id)).filter((m) => m.customer_id === customer.id && isThankYou(m, 'Thank you for your payment'));
    expect(thanks.map((m) => m.status)).toEqual(['kept']);
  });

  it('does not thank a customer whose case was closed by a credit note alone', async () => {
    const customer = await settledCase(thanking, 'CREDITED', 'credit_note');
    const report = await runCollection(db, thanking, { asOf: SETTLED, now: MONDAY_MORNING, send: false, customerIds: [customer.id] });
    expect(report.cases_closed).toBe(1);
    const thanks = (await outboxOf(db, thanking.id)).filter((m) => m.customer_id === customer.id && isThankYou(m, 'Thank you for your payment'));
    expect(thanks).toEqual([]);
  });

  it('sends no thank-you when the setting is off', async () => {
    const customer = await settledCase(silent, 'QUIET', 'payment');
    const report = await runCollection(db, silent, { asOf: SETTLED, now: MONDAY_MORNING, send: false, customerIds: [customer.id] });
    expect(report.cases_closed).toBe(1);
    const thanks = (await outboxOf(db, silent.id)).filter((m) => isThankYou(m, 'Thank you for your payment'));
    expect(thanks).toEqual([]);
  });
});
