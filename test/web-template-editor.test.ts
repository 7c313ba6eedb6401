import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { createCustomer } from '../src/adapters/db/stores/customers.js';
import { createInvoice } from '../src/adapters/db/stores/documents.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { addDays, todayIn } from '../src/core/plain-date.js';
import { collectionOrganization } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';
import { openAppInChromium, type AppInBrowser } from './support/web-browser.js';

const screenshots = join(import.meta.dirname, '..', 'test-output', 'screenshots');
const PASSWORD = 'correct horse battery';
const OWN_SUBJECT = 'Relance for {{ customer.name }}: {{ invoices.size }} invoices, {{ balance | money }}';

describe.each(ENGINES)('template editor in Chromium on %s', (engine) => {
  let db: Db;
  let session: AppInBrowser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    db = await freshDatabase(engine);
    const organization = await collectionOrganization(db, 'Atelier Durand');
    // The editor works on the organization's real ledger, dated from today.
    const today = todayIn(organization.time_zone, new Date());
    const invoice = async (customerId: string, number: string, daysOverdue: number, amountMinor: number) =>
      createInvoice(db, organization.id, { customerId, number, issueDate: addDays(today, -daysOverdue - 30), dueDate: addDays(today, -daysOverdue), currency: 'EUR', amountMinor });
    const garage = await createCustomer(db, organization.id, { externalRef: 'C-002', name: 'Garage Dupont', language: 'en' });
    await invoice(garage.id, 'F-0900', 40, 9000_00);
    const bakery = await createCustomer(db, organization.id, { externalRef: 'C-001', name: 'Boulangerie Martin', language: 'en' });
    await invoice(bakery.id, 'F-0456', 20, 1234_56);
    await invoice(bakery.id, 'F-0471', 16, 480_00);
    await createCustomer(db, organization.id, { externalRef: 'C-003', name: 'Client Soldé', language: 'en' });
    await createUser(db, organization.id, { email: 'admin@atelier.test', name: 'Claire Admin', password: PASSWORD, role: 'admin', locale: 'en' });

    session = await openAppInChromium(db, { viewport: { width: 1400, height: 1000 }, signIn: { email: 'admin@atelier.test', password: PASSWORD } });
    ({ context, page } = session);
    await page.getByRole('heading', { name: 'Today' }).waitFor();
  });

  afterAll(async () => {
    await session?.close();
  });

  it("previews the text being typed on a real customer, saves it, and shows it again after a reload", async () => {
    await page.goto('/templates?template=firm-reminder.en');
    const editor = page.getByRole('textbox', { name: /Text — firm-reminder\.en/ });
    await editor.waitFor();
    await expect.poll(() => page.getByTestId('template-origin').textContent()).toBe('Built-in text');
    const builtIn = await editor.inputValue();

    // Without a pick, the customer with the most overdue is shown.
    const preview = page.getByTestId('template-preview');
    await expect.poll(() => preview.getByTestId('preview-customer').textContent()).toContain('Garage Dupont (C-002)');

    await page.getByLabel('Customer for the preview').fill('boulan');
    await page.getByRole('button', { name: /Boulangerie Martin/ }).click();
    await expect.poll(() => preview.getByTestId('preview-customer').textContent()).toContain('Boulangerie Martin (C-001)');
    await expect.poll(() => preview.getByTestId('preview-subject').textContent()).toContain('Reminder: €1,714.56 overdue');

    // Typing a new subject: the preview follows with the customer's own name, invoices and balance.
    await editor.evaluate((area: HTMLTextAreaElement) => {
      const start = area.value.indexOf('\n') + 1;
      area.focus();
      area.setSelectionRange(start, area.value.indexOf('\n', start));
    });
    await editor.pressSequentially(OWN_SUBJECT, { delay: 5 });
    await expect.poll(() => preview.getByTestId('preview-subject').textContent()).toBe('Relance for Boulangerie Martin: 2 invoices, €1,714.56');
    const html = page.frameLocator('iframe[title="HTML version"]').locator('body');
    await expect.poll(() => html.textContent()).toContain('F-0456');
    expect(await html.textContent()).toContain('F-0471');
    expect(await preview.getByTestId('preview-text').textContent()).toContain('€1,234.56');

    // A variable that does not exist: the preview says where, and the last good rendering stays.
    await editor.evaluate((area: HTMLTextAreaElement) => {
      const end = area.value.indexOf('\n', area.value.indexOf('\n') + 1);
      area.setSelectionRange(end, end);
    });
    await editor.pressSequentially(' {{ customer.nickname }}', { delay: 5 });
    const problem = page.getByRole('alert').filter({ hasText: 'Line 2, column' });
    await problem.waitFor();
    expect(await problem.textContent()).toContain('the template uses {{ customer.nickname }}, which does not exist');
    expect(await problem.textContent()).not.toContain('.liquid');
    for (let i = 0; i < ' {{ customer.nickname }}'.length; i++) await editor.press('Backspace');
    await problem.waitFor({ state: 'detached' });

    await page.screenshot({ path: join(screenshots, `template-editor-${engine}.png`), fullPage: true });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved: messages now use this text.' }).waitFor();
    const saved = builtIn.replace(/^(--- subject\n).*\n/, `$1${OWN_SUBJECT}\n`);
    expect(await editor.inputValue()).toBe(saved);

    await page.reload();
    await page.getByRole('textbox', { name: /Text — firm-reminder\.en/ }).waitFor();
    await expect.poll(() => page.getByRole('textbox', { name: /Text — firm-reminder\.en/ }).inputValue()).toBe(saved);
    expect(await page.getByTestId('template-origin').textContent()).toContain("Your organization's text");
    await expect.poll(() => preview.getByTestId('preview-subject').textContent()).toBe('Relance for Boulangerie Martin: 2 invoices, €1,714.56');
    const listed = await (await context.request.get('/api/templates')).json();
    expect(listed.items.find((item: { id: string }) => item.id === 'firm-reminder.en').override.text).toBe(saved);

    // Reverting brings the built-in text back.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Revert to built-in' }).click();
    await page.getByRole('status').filter({ hasText: 'Back to the built-in text.' }).waitFor();
    expect(await page.getByRole('textbox', { name: /Text — firm-reminder\.en/ }).inputValue()).toBe(builtIn);
    const after = await (await context.request.get('/api/templates')).json();
    expect(after.items.find((item: { id: string }) => item.id === 'firm-reminder.en').override).toBeNull();
  });

  it('inserts a variable picked from the list at the cursor, with its meaning and this customer\'s value', async () => {
    await page.goto('/templates?template=courteous-reminder.en');
    const editor = page.getByRole('textbox', { name: /Text — courteous-reminder\.en/ });
    await editor.waitFor();
    const picker = page.getByTestId('template-variables');
    await picker.waitFor();
    const reference = picker.locator('li').filter({ hasText: "The customer’s reference" });
    await expect.poll(() => reference.textContent()).toContain('Example: C-002');
    await editor.evaluate((area: HTMLTextAreaElement) => {
      const start = area.value.indexOf('\n') + 1;
      area.focus();
      area.setSelectionRange(start, start);
    });
    await reference.getByRole('button').click();
    expect((await editor.inputValue()).split('\n')[1]).toMatch(/^\{\{ customer\.number \}\}/);
    await expect.poll(() => page.getByTestId('preview-subject').textContent()).toMatch(/^C-002/);
    await page.getByRole('button', { name: 'Undo changes' }).click();
  });

  it('previews a customer with nothing open as "nothing to remind", not as a template error', async () => {
    await page.goto('/templates?template=firm-reminder.en');
    await page.getByRole('textbox', { name: /Text — firm-reminder\.en/ }).waitFor();
    await page.getByLabel('Customer for the preview').fill('Soldé');
    await page.getByRole('button', { name: /Client Soldé/ }).click();
    const nothing = page.getByTestId('preview-nothing');
    await nothing.waitFor();
    expect(await nothing.textContent()).toBe('Client Soldé has nothing open: no reminder would go out, so there is nothing to preview.');
    expect(await page.getByRole('alert').count()).toBe(0);
  });
});
