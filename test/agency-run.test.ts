import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpEmailTransport } from '../src/adapters/channels/email/smtp-email-transport.js';
import { transportsFromConfig } from '../src/adapters/channels/transports-from-config.js';
import type { Db } from '../src/adapters/db/database.js';
import type { MandateRow } from '../src/adapters/db/mandate-schema.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { saveCollectionSettings } from '../src/adapters/db/stores/collection-settings.js';
import { createPayment, insertAllocation } from '../src/adapters/db/stores/documents.js';
import { closeMandate, insertMandate } from '../src/adapters/db/stores/mandates.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { listOutboxMessages } from '../src/adapters/db/stores/outbox.js';
import { runAgencyCollection } from '../src/app/agency/agency-run.js';
import { scheduleDailyCollection } from '../src/app/collection/schedule-daily-collection.js';
import { AGENCY_STEPS, agencyBuiltInTemplateFiles, renderAgencyLetter, sampleAgencyLetterContext, saveAgencyTemplate } from '../src/app/agency/agency-run-templates.js';
import { MESSAGE_LANGUAGES } from '../src/core/scenarios/scenario.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';
import { handedCaseTerms } from './support/handed-case.js';
import { startSmtpTestServer, type SmtpTestServer } from './fixtures/outbox/smtp-test-server.js';

// Handed on Monday 2 March 2026; each run at 10:00 in Paris, inside business hours.
const HANDED_ON = '2026-03-02';
const at = (day: string) => ({ asOf: day as PlainDate, now: new Date(`${day}T09:00:00Z`) });

const terms = (agency: OrganizationRow, customerId: string, invoiceIds: string[]) =>
  handedCaseTerms(agency, customerId, invoiceIds, { feePercentBp: 1200, startsOn: HANDED_ON, balanceAtHandoffMinor: 1_500_00 });

describe.each(ENGINES)('the agency’s own scenario on %s', (engine) => {
  let db: Db;
  let smtp: SmtpTestServer;
  let creditor: OrganizationRow;
  let agency: OrganizationRow;
  let worked: MandateRow;
  let overridden: MandateRow;
  let paidCustomerId: string;

  const run = (day: string, options: { dryRun?: boolean } = {}) => {
    const { asOf, now } = at(day);
    const transports = { ...transportsFromConfig({ outboxDir: mkdtempSync(join(tmpdir(), 'relance-agency-run-')) }), email: smtpEmailTransport({ url: smtp.url }) };
    return runAgencyCollection(db, agency, asOf, now, { ...options, transports });
  };
  const lettersOf = async (customerId: string) => (await listOutboxMessages(db, creditor.id, { customerIds: [customerId] })).filter((row) => row.action_id.startsWith('mandate-step:'));
  const mailsTo = (address: string) => smtp.received.filter((mail) => mail.to.includes(address));

  beforeAll(async () => {
    db = await freshDatabase(engine);
    smtp = await startSmtpTestServer();
    creditor = await collectionOrganization(db, 'Alpha Tools');
    agency = await createOrganization(db, { name: 'Recouvre Agency', legalName: 'Recouvre SAS', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr', kind: 'agency' });
    await saveCollectionSettings(db, agency.id, { senderEmail: 'cases@recouvre.example' });

    const first = await customerWithInvoices(db, creditor.id, 'C1', [['F-1', '2026-01-01', 1_000_00], ['F-2', '2026-01-15', 500_00]]);
    worked = await insertMandate(db, creditor.id, terms(agency, first.customer.id, Object.values(first.invoiceIds)));
    const second = await customerWithInvoices(db, creditor.id, 'C2', [['G-1', '2026-01-01', 700_00]], { language: 'fr' });
    overridden = await insertMandate(db, creditor.id, terms(agency, second.customer.id, Object.values(second.invoiceIds)));
    const paid = await customerWithInvoices(db, creditor.id, 'C3', [['H-1', '2026-01-01', 300_00]]);
    paidCustomerId = paid.customer.id;
    await insertMandate(db, creditor.id, terms(agency, paid.customer.id, Object.values(paid.invoiceIds)));
    const payment = await createPayment(db, creditor.id, { customerId: paid.customer.id, reference: 'P-H1', receivedOn: '2026-02-27', currency: 'EUR', amountMinor: 300_00 });
    await insertAllocation(db, creditor.id, { invoiceId: paid.invoiceIds['H-1']!, paymentId: payment.id, amountMinor: 300_00, allocatedOn: '2026-02-27' });

    await saveAgencyTemplate(db, agency.id, {
      templateId: 'agency-first-letter',
      language: 'fr',
      text: '--- subject\nDossier {{ customer.number }} pour {{ creditor.name }}\n--- text\nÀ l’attention de {{ customer.name }},\n\nMerci de régler {{ balance | money }} avant le {{ pay_by | long_date }}.\n',
      updatedBy: null,
    });
  });

  afterAll(async () => {
    await smtp?.close();
    await db?.close();
  });

  it('says in a dry run what would go on the day of hand-off, and writes nothing', async () => {
    const report = await run(HANDED_ON, { dryRun: true });
    expect(report.lines.filter((line) => line.status === 'would_queue').map((line) => line.customer.external_ref).sort()).toEqual(['C1', 'C2']);
    expect(await lettersOf(worked.customer_id)).toEqual([]);
    expect(smtp.received).toHaveLength(0);
  });

  it('sends the first letter on the day of hand-off, in the agency’s name, listing the handed invoices', async () => {
    const report = await run(HANDED_ON);
    expect(report.queued).toBe(2);
    const letters = await lettersOf(worked.customer_id);
    expect(letters.map((row) => [row.action_id, row.status, row.mandate_id])).toEqual([[`mandate-step:${worked.id}:first_letter`, 'sent', worked.id]]);
    const mails = mailsTo('ap-c1@example.test');
    expect(mails).toHaveLength(1);
    const mail = await simpleParser(mails[0]!.raw);
    expect(mail.from?.value[0]?.address).toBe('cases@recouvre.example');
    expect(mail.subject).toBe('Your account with Alpha Tools SAS has been entrusted to Recouvre SAS');
    expect(mail.text).toContain('Alpha Tools SAS has mandated us to collect');
    expect(mail.text).toContain('Invoice F-1, due 1 January 2026: €1,000.00');
    expect(mail.text).toContain('Balance to pay: €1,500.00');
    expect(mail.text).toContain('Recouvre SAS, mandated by Alpha Tools SAS');
  });

  it('writes with the agency’s own text of a template where it replaced the built-in one', async () => {
    const mails = mailsTo('ap-c2@example.test');
    expect(mails).toHaveLength(1);
    const mail = await simpleParser(mails[0]!.raw);
    expect(mail.subject).toBe('Dossier C2 pour Alpha Tools SAS');
    expect(mail.text).toContain('À l’attention de Customer C2,');
    expect(mail.text).toContain('Merci de régler 700,00\u00a0€ avant le 10 mars 2026.');
    expect(mail.text).toContain('Recouvre SAS, mandatée par Alpha Tools SAS');
  });

  it('sends nothing more when run again the same day, and nothing to a customer who has paid', async () => {
    const again = await run(HANDED_ON);
    expect(again.queued).toBe(0);
    expect(await lettersOf(worked.customer_id)).toHaveLength(1);
    expect(mailsTo('ap-c1@example.test')).toHaveLength(1);
    expect(again.lines.find((line) => line.customer.id === paidCustomerId)).toMatchObject({ status: 'skipped', reason: { en: 'the handed invoices are paid' } });
    expect(await lettersOf(paidCustomerId)).toEqual([]);
  });

  it('sends nothing on day 5, then the reminder on day 10', async () => {
    const fifth = await run('2026-03-07');
    expect(fifth.queued).toBe(0);
    expect(fifth.lines.find((line) => line.mandate_id === worked.id)).toMatchObject({ status: 'waiting', step: 'reminder', reason: { en: 'next letter due on 12 March 2026' } });

    const tenth = await run('2026-03-12');
    expect(tenth.lines.find((line) => line.mandate_id === worked.id)).toMatchObject({ status: 'queued', step: 'reminder' });
    const mails = mailsTo('ap-c1@example.test');
    expect(mails).toHaveLength(2);
    const mail = await simpleParser(mails[1]!.raw);
    expect(mail.subject).toBe('Reminder: €1,500.00 still unpaid to Alpha Tools SAS');
    expect(mail.text).toContain('On 2 March 2026 we wrote to you on behalf of Alpha Tools SAS');
  });

  it('sends nothing once the creditor has taken the case back', async () => {
    expect(await closeMandate(db, creditor.id, worked.id, { status: 'taken_back', closedOn: '2026-03-13', closedBy: null })).toBe(true);
    const report = await run('2026-03-23');
    expect(report.lines.map((line) => line.mandate_id)).not.toContain(worked.id);
    expect(await lettersOf(worked.customer_id)).toHaveLength(2);
    expect(mailsTo('ap-c1@example.test')).toHaveLength(2);
  });

  it('writes the first letter of a case handed today at the agency’s daily run', async () => {
    const fresh = await customerWithInvoices(db, creditor.id, 'C4', [['K-1', '2026-01-20', 900_00]]);
    await insertMandate(db, creditor.id, { ...terms(agency, fresh.customer.id, Object.values(fresh.invoiceIds)), startsOn: '2026-03-23' });
    const transports = { ...transportsFromConfig({ outboxDir: mkdtempSync(join(tmpdir(), 'relance-agency-day-')) }), email: smtpEmailTransport({ url: smtp.url }) };
    const tick = await scheduleDailyCollection(db, { now: () => new Date('2026-03-23T09:00:00Z'), start: false, transports }).tick();
    expect(tick.ran).toContain(agency.id);
    const mails = mailsTo('ap-c4@example.test');
    expect(mails).toHaveLength(1);
    expect((await simpleParser(mails[0]!.raw)).from?.value[0]?.address).toBe('cases@recouvre.example');
  });
});

describe('the agency scenario’s built-in letters', () => {
  const files = agencyBuiltInTemplateFiles();
  const cases = AGENCY_STEPS.flatMap((step) => MESSAGE_LANGUAGES.flatMap((language) => [true, false].map((ownName) => ({ templateId: step.templateId, language, ownName }))));

  it.each(cases)('writes $templateId in $language (own name: $ownName) with every invoice, the balance and the bank details', ({ templateId, language, ownName }) => {
    const context = sampleAgencyLetterContext(language, { ownName, withPayment: true });
    const letter = renderAgencyLetter(files, templateId, context);
    expect(letter.subject).not.toBe('');
    expect(letter.text).toContain('F-2025-0456');
    expect(letter.text).toContain('F-2026-0012');
    expect(letter.text).toContain('FR76 3000 6000 0112 3456 7890 189');
    // In its own name the agency names the creditor it acts for and gives its own address; in the creditor's name it signs as the creditor.
    if (ownName) expect(letter.text).toContain('Atelier Durand SAS');
    else expect(letter.text!.trimEnd().endsWith('Atelier Durand')).toBe(true);
    expect(letter.text).toContain(ownName ? 'dossiers@recouvre.example' : 'relances@atelier-durand.example');
    if (!ownName) expect(letter.text).not.toMatch(/Recouvre SAS|dossiers@/);
  });
});
