import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { setInboundAddress } from '../src/adapters/db/stores/inbound-messages.js';
import { listOutboxMessages } from '../src/adapters/db/stores/outbox.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { receiveInboundEmail } from '../src/app/inbound/receive-inbound-email.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { freshDatabase } from './support/engines.js';
import { openAppInChromium, type AppInBrowser } from './support/web-browser.js';

const screenshots = join(import.meta.dirname, '..', 'test-output', 'screenshots');
const PASSWORD = 'correct horse battery staple';

describe('replies by email on the customer page, in Chromium', () => {
  let db: Db;
  let session: AppInBrowser;
  let customerId: string;
  let organizationId: string;
  let otherId: string;

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    db = await freshDatabase('sqlite');
    const org = await collectionOrganization(db, 'Atelier Durand');
    organizationId = org.id;
    await setInboundAddress(db, org.id, 'replies@atelier-durand.example');
    customerId = (await customerWithInvoices(db, org.id, 'C001', [['F-1', '2025-04-30', 1234_56]])).customer.id;
    const mail = [
      'From: Marie Dubois <ap-c001@example.test>',
      'To: replies@atelier-durand.example',
      'Subject: Re: Reminder <b>F-1</b>',
      'Message-ID: <reply-1@example.test>',
      'Content-Type: multipart/mixed; boundary=b',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'We paid on 27 February. <img src=x onerror="alert(1)"><script>alert(2)</script>',
      '--b',
      'Content-Type: application/pdf',
      'Content-Disposition: attachment; filename=transfer.pdf',
      '',
      '%PDF-1.4',
      '--b--',
      '',
    ].join('\r\n');
    await receiveInboundEmail(db, Buffer.from(mail), { now: new Date(), source: 'smtp' });
    otherId = (await customerWithInvoices(db, org.id, 'C002', [['F-2', '2025-04-30', 500_00]])).customer.id;
    const stranger = ['From: stranger@nowhere.example', 'To: replies@atelier-durand.example', 'Subject: About our account', 'Message-ID: <stranger-1@example.test>', '', 'We are customer C002.', ''].join('\r\n');
    await receiveInboundEmail(db, Buffer.from(stranger), { now: new Date(), source: 'smtp' });
    await createUser(db, org.id, { email: 'collector@durand.test', name: 'Colin Collector', password: PASSWORD, role: 'collector', locale: 'en' });
    session = await openAppInChromium(db, { signIn: { email: 'collector@durand.test', password: PASSWORD } });
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  it('shows what the customer wrote as text, never as markup, and sends the collector’s answer through the outbox', async () => {
    const { page } = session;
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    // Signed in once the app's header shows (the sign-in button goes away while it is sent, before).
    await page.locator('.app-header').waitFor();
    // The collector reads English: the page opens in the user's language, with no switch that
    // the user's own settings could undo while they load.
    await page.goto(`/customers/${customerId}`);
    const section = page.getByTestId('inbound-replies');
    await section.getByRole('heading', { name: 'Replies by email' }).waitFor();
    const reply = section.getByTestId('inbound-reply');
    await reply.getByText('We paid on 27 February. <img src=x onerror="alert(1)"><script>alert(2)</script>').waitFor();
    await reply.getByText('Re: Reminder <b>F-1</b>').waitFor();
    await reply.getByText('Waiting for an answer — Found by the sender’s address.').waitFor();
    expect(await reply.getByRole('link', { name: 'transfer.pdf' }).getAttribute('download')).toBe('transfer.pdf');

    await reply.getByRole('button', { name: 'Send the answer' }).click();
    await reply.getByText('Write the answer before sending it.').waitFor();
    await reply.getByLabel('Your answer').fill('Thank you, we found your transfer.');
    await reply.getByRole('button', { name: 'Send the answer' }).click();
    await reply.getByText('Your answer is in the outbox: it leaves within business hours, and the task is done.').waitFor();
    await reply.getByText('Answered — Found by the sender’s address.').waitFor();
    await page.screenshot({ path: join(screenshots, 'inbound-reply-answered.png'), fullPage: true });

    expect(dialogs).toEqual([]);
    const [answer] = await listOutboxMessages(db, organizationId, { channel: 'email', customerIds: [customerId] });
    expect(answer).toMatchObject({ in_reply_to: '<reply-1@example.test>', subject: 'Re: Reminder <b>F-1</b>', status: 'queued' });
    expect(JSON.parse(answer!.recipient)).toEqual({ email: 'ap-c001@example.test', name: 'Marie Dubois' });
  }, 60_000);

  it('lists the replies no customer was found for, and attaches one to its customer by reference', async () => {
    const { page } = session;
    await page.getByRole('link', { name: 'Replies', exact: true }).click();
    await page.getByRole('heading', { name: 'Replies by email', level: 1 }).waitFor();
    await page.getByText('Customers’ replies are received at replies@atelier-durand.example.').waitFor();
    const waiting = page.getByTestId('unmatched-replies');
    const reply = waiting.getByTestId('inbound-reply');
    await reply.getByText('About our account').waitFor();
    await reply.getByRole('button', { name: 'Attach to this customer' }).click();
    await reply.getByText('Type the customer’s reference.').waitFor();
    await reply.getByLabel('Customer reference').fill('C999');
    await reply.getByRole('button', { name: 'Attach to this customer' }).click();
    await reply.getByText('No customer has this reference.').waitFor();
    await page.screenshot({ path: join(screenshots, 'inbound-unmatched.png'), fullPage: true });
    await reply.getByLabel('Customer reference').fill('c002');
    await reply.getByRole('button', { name: 'Attach to this customer' }).click();
    await waiting.getByText('Every reply has found its customer.').waitFor();

    await page.goto(`/customers/${otherId}`);
    await page.getByTestId('inbound-replies').getByText('Waiting for an answer — Attached to this customer by hand.').waitFor();
  }, 60_000);
});
