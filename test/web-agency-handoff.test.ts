import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { saveChannelSettings } from '../src/adapters/db/stores/channel-settings.js';
import { saveCollectionSettings } from '../src/adapters/db/stores/collection-settings.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import { sendCollectionMessages } from '../src/app/collection/send-collection-messages.js';
import { addDays, todayIn, type PlainDate } from '../src/core/plain-date.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { freshDatabase } from './support/engines.js';
import { startSmtpTestServer, type SmtpTestServer } from './fixtures/outbox/smtp-test-server.js';
import { openAppInChromium, type AppInBrowser } from './support/web-browser.js';

const screenshots = join(import.meta.dirname, '..', 'test-output', 'screenshots');
const PASSWORD = 'hand the case over';
const MESSAGE_SUBJECT = 'Your account with Atelier Durand';
const PAYMENT_REFERENCE = 'RECOUVRA-0001';

/** The first Monday-to-Friday on or after the day (or on or before it, going back). */
function weekday(date: PlainDate, direction: 1 | -1): PlainDate {
  let day = date;
  while ([0, 6].includes(new Date(`${day}T12:00:00Z`).getUTCDay())) day = addDays(day, direction);
  return day;
}

/** 10:00 in Paris (11:00 in summer): inside business hours on a business day. */
const morningOf = (day: PlainDate) => new Date(`${day}T09:00:00Z`);

async function smtpOf(db: Db, organizationId: string, smtp: SmtpTestServer, from: string): Promise<void> {
  await saveChannelSettings(db, organizationId, { smtp_host: '127.0.0.1', smtp_port: Number(new URL(smtp.url).port), smtp_security: 'none', smtp_from: from });
}

/**
 * The story from end to end: a creditor hands a case to an agency on the same instance;
 * the agency writes in its own name and records a payment; the creditor sees both live, takes
 * the case back, and its own scenario carries on with the next step.
 */
describe('a case handed to an agency and taken back, in Chromium', () => {
  let db: Db;
  let session: AppInBrowser;
  let creditorPage: Page;
  let agencyContext: BrowserContext;
  let agencyPage: Page;
  let creditor: OrganizationRow;
  let creditorSmtp: SmtpTestServer;
  let agencySmtp: SmtpTestServer;
  let customerId: string;
  const today = todayIn('Europe/Paris', new Date());
  // Reminder 1 went out on a weekday at least ten days ago, three days after the due date.
  const firstReminderDay = weekday(addDays(today, -10), -1);
  const dueDate = addDays(firstReminderDay, -3);

  const shot = (page: Page, name: string) => page.screenshot({ path: join(screenshots, `agency-handoff-${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    db = await freshDatabase('sqlite');
    [creditorSmtp, agencySmtp] = await Promise.all([startSmtpTestServer(), startSmtpTestServer()]);
    creditor = await collectionOrganization(db, 'Atelier Durand');
    await smtpOf(db, creditor.id, creditorSmtp, 'relances@atelier-durand.example');
    const agency = await createOrganization(db, { name: 'Recouvra', legalName: 'Recouvra SAS', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'en', kind: 'agency' });
    await saveCollectionSettings(db, agency.id, { senderEmail: 'cases@recouvra.example' });
    await smtpOf(db, agency.id, agencySmtp, 'cases@recouvra.example');
    await createUser(db, creditor.id, { email: 'claire@atelier-durand.test', name: 'Claire Durand', password: PASSWORD, role: 'collector', locale: 'en' });
    await createUser(db, agency.id, { email: 'agnes@recouvra.test', name: 'Agnès Agent', password: PASSWORD, role: 'collector', locale: 'en' });
    const { customer } = await customerWithInvoices(db, creditor.id, 'D001', [['F-2026-0100', dueDate, 1_200_00]], { language: 'en' });
    customerId = customer.id;

    // The creditor's own run sends reminder 1 on its day.
    const run = await runCollection(db, creditor, { asOf: firstReminderDay, now: morningOf(firstReminderDay), send: false });
    expect(run.actions.map((a) => a.step_id)).toEqual(['courteous-reminder']);
    expect((await sendCollectionMessages(db, creditor, { now: morningOf(firstReminderDay), workerId: 'test' })).sent).toBe(1);
    expect(creditorSmtp.received).toHaveLength(1);

    session = await openAppInChromium(db, { signIn: { email: 'claire@atelier-durand.test', password: PASSWORD } });
    creditorPage = session.page;
    await creditorPage.getByRole('heading', { name: 'Today' }).waitFor();
    agencyContext = await session.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', baseURL: session.baseUrl });
    agencyPage = await agencyContext.newPage();
    creditorPage.setDefaultTimeout(10_000);
    agencyPage.setDefaultTimeout(10_000);
    await agencyPage.goto('/');
    await agencyPage.getByLabel('Email').fill('agnes@recouvra.test');
    await agencyPage.getByLabel('Password').fill(PASSWORD);
    await agencyPage.getByRole('button', { name: 'Sign in' }).click();
  });

  afterAll(async () => {
    await agencyContext?.close();
    await session?.close();
    await creditorSmtp?.close();
    await agencySmtp?.close();
  });

  it('hands the case to the agency from the customer page, with the terms of the mandate', async () => {
    await creditorPage.goto(`/customers/${customerId}`);
    await creditorPage.getByRole('heading', { level: 1, name: 'Customer D001' }).waitFor();
    const card = creditorPage.getByTestId('mandate-card');
    const form = card.getByTestId('mandate-form');
    await form.getByLabel('Partner', { exact: true }).selectOption({ label: 'Recouvra' });
    await form.getByLabel('The partner writes').selectOption({ label: 'In its own name' });
    await form.getByLabel('Fee on what is recovered (%)').fill('15');
    await form.getByLabel('Note for the partner').fill('Reminder 1 went unanswered.');
    await shot(creditorPage, '1-hand-off-form');
    await form.getByTestId('mandate-submit').click();
    await card.getByTestId('mandate-notice').getByText('The case is with Recouvra').waitFor();
    await card.getByTestId('mandate-current').getByRole('heading', { name: /With Recouvra/ }).waitFor();
    await expect(card.getByTestId('mandate-terms').textContent()).resolves.toContain('The partner writes in its own name.');
  });

  it('lets the agency open the case, write to the customer in its own name and record a payment', async () => {
    // The agency signed in before the hand-off: its cases, opened now, hold the new one.
    await agencyPage.getByTestId('agency-nav').getByRole('link', { name: 'Tasks' }).click();
    await agencyPage.getByTestId('agency-nav').getByRole('link', { name: 'Cases' }).click();
    const row = agencyPage.getByTestId('agency-case-row').filter({ hasText: 'Customer D001' });
    await expect(row.textContent()).resolves.toContain('Atelier Durand');
    await row.getByRole('link', { name: 'Customer D001' }).click();
    await agencyPage.getByRole('heading', { level: 1, name: 'Customer D001' }).waitFor();

    const writing = agencyPage.getByTestId('agency-message-form');
    await expect(writing.getByTestId('agency-message-addressing').textContent()).resolves.toContain('in your own name, as Recouvra SAS <cases@recouvra.example>');
    await writing.getByLabel('Subject').fill(MESSAGE_SUBJECT);
    await writing.getByLabel('Message').fill('We have been asked to settle invoice F-2026-0100 with you. Please call us this week.');
    await writing.getByRole('button', { name: 'Send the email' }).click();
    await writing.getByRole('status').getByText('is queued').waitFor();
    await agencyPage.getByTestId('agency-case-message').filter({ hasText: MESSAGE_SUBJECT }).waitFor();

    const paying = agencyPage.getByTestId('agency-payment-form');
    await paying.getByLabel(/Amount/).fill('300.00');
    await paying.getByLabel('Reference', { exact: true }).fill(PAYMENT_REFERENCE);
    await paying.getByRole('button', { name: /Record/ }).click();
    await paying.getByTestId('agency-payment-recorded').waitFor();
    await agencyPage.getByTestId('agency-case-payment').filter({ hasText: PAYMENT_REFERENCE }).waitFor();
    await shot(agencyPage, '2-agency-case');
    // The message's addressee in words, as the agency wrote to it, not the stored record.
    const sentRow = await agencyPage.getByTestId('agency-case-message').filter({ hasText: MESSAGE_SUBJECT }).textContent();
    expect(sentRow).toContain('ap-d001@example.test');
    expect(sentRow).not.toMatch(/[{}"]/);
  });

  it("sends the agency's email from the agency's address through the agency's mail server", async () => {
    const nextSendingDay = weekday(addDays(today, 1), 1);
    const summary = await sendCollectionMessages(db, creditor, { now: morningOf(nextSendingDay), workerId: 'test' });
    expect(summary.sent).toBeGreaterThanOrEqual(1);
    expect(agencySmtp.received).toHaveLength(1);
    const mail = await simpleParser(agencySmtp.received[0]!.raw);
    expect(mail.subject).toBe(MESSAGE_SUBJECT);
    expect(mail.from?.value[0]).toMatchObject({ name: 'Recouvra SAS', address: 'cases@recouvra.example' });
    expect(mail.to).toMatchObject({ value: [{ address: 'ap-d001@example.test' }] });
    // Nothing of the agency's left through the creditor's own server.
    expect(creditorSmtp.received.some((received) => received.raw.includes(MESSAGE_SUBJECT))).toBe(false);
  });

  it("shows the creditor the agency's message and payment at once, with the API's figures, then takes the case back", async () => {
    await creditorPage.reload();
    const current = creditorPage.getByTestId('mandate-current');
    await current.getByTestId('mandate-activity-item').filter({ hasText: MESSAGE_SUBJECT }).waitFor();
    const payment = current.getByTestId('mandate-payment').filter({ hasText: PAYMENT_REFERENCE });
    await expect(payment.textContent()).resolves.toContain('The partner');
    const mandates = await (await session.context.request.get(`/api/mandates?customer_id=${customerId}`)).json();
    expect(mandates.items[0]).toMatchObject({ status: 'active', live: true, recovered: { amount: '300.00', currency: 'EUR' }, handed: { amount: '1200.00' } });
    await expect(current.getByTestId('mandate-recovered').textContent()).resolves.toMatch(/300[.,]00/);
    await shot(creditorPage, '3-creditor-live-view');
    // The Hand-offs page says the same, beside the partner's fee on it.
    await creditorPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Hand-offs' }).click();
    const row = creditorPage.getByTestId('mandate-row').filter({ hasText: 'Customer D001' });
    await expect(row.textContent()).resolves.toMatch(/Recouvra.*€1,200\.00.*€300\.00.*€900\.00.*€45\.00/);
    await row.getByRole('link', { name: 'Customer D001' }).click();

    await current.getByRole('button', { name: 'Take the case back' }).click();
    await current.getByRole('group', { name: 'Take the case back' }).getByRole('button', { name: 'Yes' }).click();
    await creditorPage.getByTestId('mandate-notice').getByText('The case is back with you').waitFor();
    await creditorPage.getByTestId('mandate-past').getByText('Taken back').waitFor();
    await shot(creditorPage, '4-taken-back');

    // The agency loses the case at once.
    await agencyPage.reload();
    await agencyPage.getByTestId('agency-case-gone').getByText('This case is not in your hands, or no longer').waitFor();
    await shot(agencyPage, '5-agency-after-take-back');
    expect((await agencyContext.request.get(`/api/agency/cases/${mandates.items[0].id}`)).status()).toBe(404);
    // The rest of the creditor's page says so at once: the next step is its own again, not "reminders stop".
    await expect.poll(() => creditorPage.getByTestId('collection-next-step').textContent(), { timeout: 5_000 }).not.toContain('Recouvra');
  });

  it("resumes the creditor's own scenario: its next run sends reminder 2 where the account stands", async () => {
    const laterDay = weekday(addDays(dueDate, 16) > addDays(today, 1) ? addDays(dueDate, 16) : addDays(today, 1), 1);
    const run = await runCollection(db, creditor, { asOf: laterDay, now: morningOf(laterDay), send: false });
    // The firm reminder, by email and by letter: the step after reminder 1, not the hand-off again.
    expect(run.actions.filter((a) => a.customer_id === customerId).map((a) => a.step_id).sort()).toEqual(['firm-reminder', 'firm-reminder-letter']);
    const outbox = await (await session.context.request.get(`/api/outbox?customer=${customerId}&status=queued&channel=email`)).json();
    // In the creditor's own name, for what is still owed after the agency's payment: 1,200.00 less 300.00.
    expect(outbox.items).toEqual([expect.objectContaining({ sender: { name: 'Atelier Durand', email: 'relances@atelier-durand.example' }, subject: expect.stringContaining('€900.00') })]);
    expect(run.actions.find((a) => a.customer_id === customerId && a.step_id === 'firm-reminder')?.balance).toEqual({ amount: '900.00', currency: 'EUR' });
    await sendCollectionMessages(db, creditor, { now: morningOf(laterDay), workerId: 'test' });
    const reminder2 = await simpleParser(creditorSmtp.received.at(-1)!.raw);
    expect(reminder2.subject).toBe(outbox.items[0].subject);
    expect(reminder2.from?.value[0]?.address).toBe('relances@atelier-durand.example');
    expect(agencySmtp.received).toHaveLength(1);
  });
});
