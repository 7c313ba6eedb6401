import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpEmailTransport } from '../src/adapters/channels/email/smtp-email-transport.js';
import { transportsFromConfig } from '../src/adapters/channels/transports-from-config.js';
import type { Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { saveCollectionSettings } from '../src/adapters/db/stores/collection-settings.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import { addDays, todayIn, type PlainDate } from '../src/core/plain-date.js';
import { startSmtpTestServer, type SmtpTestServer } from './fixtures/outbox/smtp-test-server.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { freshDatabase } from './support/engines.js';
import { openAppInChromium, type AppInBrowser } from './support/web-browser.js';

const screenshots = join(import.meta.dirname, '..', 'test-output', 'screenshots');
const PASSWORD = 'a dialogue with the debtor';

/** A Monday at 10:30 in Paris, inside business hours, some days before the wall clock's today. */
function lastMondayBefore(today: PlainDate): PlainDate {
  let day = addDays(today, -7);
  while (new Date(`${day}T12:00:00Z`).getUTCDay() !== 1) day = addDays(day, -1);
  return day;
}

/** The next day from Monday to Friday: the day the next run would remind. */
function nextWeekday(today: PlainDate): PlainDate {
  let day = addDays(today, 1);
  while ([0, 6].includes(new Date(`${day}T12:00:00Z`).getUTCDay())) day = addDays(day, 1);
  return day;
}

describe('a debtor answers a reminder on its page, and the collector settles it, in Chromium', () => {
  let db: Db;
  let org: OrganizationRow;
  let session: AppInBrowser;
  let smtp: SmtpTestServer;
  let customerId: string;
  let link: string;
  let today: PlainDate;

  const transports = () => ({ ...transportsFromConfig({ outboxDir: mkdtempSync(join(tmpdir(), 'relance-outbox-')) }), email: smtpEmailTransport({ url: smtp.url }) });
  const remindedOn = async (asOf: PlainDate) => {
    const run = await runCollection(db, org, { asOf, now: new Date(`${asOf}T09:30:00Z`), dryRun: true, portalBase: session.baseUrl });
    return run.actions.filter((action) => action.customer_reference === 'ACME' && action.status !== 'skipped' && action.channel === 'email').flatMap((action) => action.invoice_numbers);
  };

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    db = await freshDatabase('sqlite');
    org = await collectionOrganization(db);
    await createUser(db, org.id, { email: 'admin@durand.test', name: 'Adèle', password: PASSWORD, role: 'admin', locale: 'en' });
    today = todayIn(org.time_zone, new Date());
    const ledger = await customerWithInvoices(db, org.id, 'ACME', [['F-1', addDays(today, -50), 50_000], ['F-2', addDays(today, -45), 30_000], ['F-3', addDays(today, -40), 240_000]]);
    customerId = ledger.customer.id;
    session = await openAppInChromium(db, { signIn: { email: 'admin@durand.test', password: PASSWORD } });
    await saveCollectionSettings(db, org.id, { portalBaseUrl: session.baseUrl });
    smtp = await startSmtpTestServer();
    // The first reminder went out last Monday, by email, with the link to the customer's page.
    const monday = lastMondayBefore(today);
    await runCollection(db, org, { asOf: monday, now: new Date(`${monday}T09:30:00Z`), transports: transports(), workerId: 'w1', portalBase: session.baseUrl });
  }, 180_000);

  afterAll(async () => {
    await smtp?.close();
    await session?.close();
  });

  it('opens the link of the reminder, disputes one invoice, promises another, asks a plan for the third: the next run reminds none', async () => {
    expect(smtp.received).toHaveLength(1);
    const mail = await simpleParser(smtp.received[0]!.raw);
    link = new RegExp(`${session.baseUrl}/p/[A-Za-z0-9_-]{43}`).exec(mail.text ?? '')![0];
    // Without an answer, the next business day's run would remind all three.
    const nextDay = nextWeekday(today);
    expect(await remindedOn(nextDay)).toEqual(['F-1', 'F-2', 'F-3']);

    const debtor = await session.context.newPage();
    await debtor.goto(`${link}?lang=en`);
    await debtor.locator('#form-disputes summary').click();
    await debtor.locator('#dispute-invoice').selectOption({ label: 'F-1' });
    await debtor.locator('#dispute-reason').selectOption('not_delivered');
    await debtor.locator('#dispute-message').fill('The goods of F-1 never arrived.');
    await debtor.locator('#form-disputes button[type=submit]').click();
    await debtor.waitForURL(/done=disputes/);

    await debtor.locator('#form-promises summary').click();
    await debtor.locator('#promise-on').fill(addDays(today, 14));
    await debtor.locator('#form-promises').getByLabel('F-2').check();
    await debtor.locator('#form-promises button[type=submit]').click();
    await debtor.waitForURL(/done=promises/);

    await debtor.locator('#form-plan-requests summary').click();
    await debtor.locator('#plan-instalments').fill('12');
    await debtor.locator('#form-plan-requests').getByLabel('F-3').check();
    await debtor.locator('#form-plan-requests button[type=submit]').click();
    await debtor.waitForURL(/done=plan-requests/);
    await debtor.screenshot({ path: join(screenshots, 'debtor-dialogue-asked.png'), fullPage: true });
    await debtor.close();

    expect(await remindedOn(nextDay)).toEqual([]);
    const worklist = (await (await session.context.request.get('/api/worklist')).json()) as { items: { kind: string; customer: { id: string } }[] };
    expect(worklist.items.filter((line) => line.customer.id === customerId).map((line) => line.kind).sort()).toEqual(['debtor_request', 'debtor_request', 'dispute']);
  }, 60_000);

  it('the collector accepts the plan, and the debtor page shows its schedule', async () => {
    const { page } = session;
    await page.goto(`/customers/${customerId}#debtor-requests`);
    const plan = page.getByTestId('debtor-request').filter({ hasText: 'Payment plan' });
    await plan.getByRole('button', { name: 'Accept the plan' }).click();
    await plan.getByText('Accepted').waitFor();
    await page.screenshot({ path: join(screenshots, 'debtor-dialogue-accepted.png'), fullPage: true });

    const debtor = await session.context.newPage();
    await debtor.goto(`${link}?lang=en`);
    const schedule = debtor.locator('.requests li').filter({ hasText: 'Instalments' });
    await schedule.waitFor();
    expect(await schedule.locator('ul li').count()).toBe(12);
    await debtor.screenshot({ path: join(screenshots, 'debtor-dialogue-schedule.png'), fullPage: true });
    await debtor.close();
    expect(await remindedOn(nextWeekday(today))).toEqual([]);
  }, 60_000);
});
