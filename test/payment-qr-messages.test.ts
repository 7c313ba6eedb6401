import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsqrModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { smtpEmailTransport } from '../src/adapters/channels/email/smtp-email-transport.js';
import { transportsFromConfig } from '../src/adapters/channels/transports-from-config.js';
import { getCustomer } from '../src/adapters/db/stores/customers.js';
import { getOrganization, setOrganizationBankAccounts } from '../src/adapters/db/stores/organizations.js';
import { listOutboxMessages } from '../src/adapters/db/stores/outbox.js';
import { previewNextStep } from '../src/app/collection/preview-next-step.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import { sendCollectionMessages } from '../src/app/collection/send-collection-messages.js';
import { outgoingMessage } from '../src/app/outbox/outgoing-message.js';
import { previewTemplate } from '../src/app/templates/preview-template.js';
import { paymentQrPayload } from '../src/app/payment-qr.js';
import { displayPaymentReference } from '../src/core/payments/payment-reference.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';
import { startSmtpTestServer } from './fixtures/outbox/smtp-test-server.js';

// jsqr is CommonJS with an ES default export: the test runner hands the function, Node's typings the module.
const jsQR = (typeof jsqrModule === 'function' ? jsqrModule : jsqrModule.default) as typeof jsqrModule.default;
const AS_OF = '2025-05-16' as PlainDate;
// Friday 16 May 2025, 10:00 in Paris: inside business hours.
const IN_HOURS = new Date('2025-05-16T08:00:00Z');

describe.each(ENGINES)('payment reference and QR code in messages on %s', (engine) => {
  let db: Db;
  let org: OrganizationRow;
  const customers: Record<string, { id: string; invoiceIds: Record<string, string> }> = {};

  beforeAll(async () => {
    db = await freshDatabase(engine);
    org = await collectionOrganization(db, 'Atelier Durand');
    for (const [ref, invoices] of [
      ['C001', [['F-2025-101', '2025-04-30', 1234_56]]],
      ['C002', [['F-2025-201', '2025-04-20', 300_00], ['F-2025-202', '2025-04-25', 200_00]]],
    ] as const) {
      const { customer, invoiceIds } = await customerWithInvoices(db, org.id, ref, invoices);
      customers[ref] = { id: customer.id, invoiceIds };
    }
  });
  afterAll(async () => {
    await db?.close();
  });

  const referenceOf = async (invoiceId: string) =>
    (await db.kysely.selectFrom('invoices').select('payment_reference').where('id', '=', invoiceId).executeTakeFirstOrThrow()).payment_reference!;
  const emailOf = async (ref: string) => (await listOutboxMessages(db, org.id, { channel: 'email', customerIds: [customers[ref]!.id] }))[0]!;

  it('shows the invoice reference and the QR code in the preview of the next message', async () => {
    const customer = (await getCustomer(db, org.id, customers.C001!.id))!;
    const preview = await previewNextStep(db, org, customer, { now: IN_HOURS });
    expect(preview.status).toBe('ready');
    const [message] = preview.status === 'ready' ? preview.messages : [];
    const reference = displayPaymentReference(await referenceOf(customers.C001!.invoiceIds['F-2025-101']!));
    expect(reference).toMatch(/^RF\d{2} /);
    expect(message!.text).toContain(`Reference to quote: ${reference}`);
    expect(message!.text).toContain(`(reference ${reference})`);
    // The preview shows the image the email carries, in place of its cid: link.
    expect(message!.html).toContain('<img src="data:image/png;base64,');
    expect(message!.html).not.toContain('cid:');
    expect(message!.attachments).toContainEqual(expect.objectContaining({ filename: 'payment-qr.png', content_type: 'image/png' }));
  });

  it('shows the reference and the QR code in the template editor preview, with the customer\'s figures', async () => {
    const customer = (await getCustomer(db, org.id, customers.C001!.id))!;
    const text = "--- subject\nReminder\n--- text\n{{ invoices.first.payment_reference }}\n--- html\n{% include '_payment.en', format: 'html' %}";
    const preview = await previewTemplate(db, org, customer, { text, language: 'en', asOf: AS_OF });
    const reference = displayPaymentReference(await referenceOf(customers.C001!.invoiceIds['F-2025-101']!));
    expect(preview.message.text?.trim()).toBe(reference);
    expect(preview.message.html).toContain(`Reference to quote: <strong>${reference}</strong>`);
    expect(preview.message.html).toContain('<img src="data:image/png;base64,');
    expect(preview.variables).toContainEqual(expect.objectContaining({ name: 'invoices.first.payment_reference', example: reference }));
  });

  it('emails the QR code as an inline image the HTML shows, which reads back as the IBAN, the amount and the invoice reference', async () => {
    await runCollection(db, org, { asOf: AS_OF, now: IN_HOURS, send: false, customerIds: [customers.C001!.id, customers.C002!.id] });
    const email = await emailOf('C001');
    const reference = await referenceOf(customers.C001!.invoiceIds['F-2025-101']!);
    const outgoing = await outgoingMessage(db, email, IN_HOURS);
    const expected = ['BCD', '002', '1', 'SCT', 'AGRIFRPP', 'Atelier Durand SAS', 'FR7630006000011234567890189', 'EUR1234.56', '', reference].join('\n');
    expect(paymentQrPayload(org, { currency: 'EUR', balanceMinor: 1234_56, invoices: [{ number: 'F-2025-101', paymentReference: reference }] })).toBe(expected);
    const qr = outgoing.attachments.find((attachment) => attachment.contentId === 'payment-qr@relance');
    expect(qr).toMatchObject({ filename: 'payment-qr.png', contentType: 'image/png' });
    // A phone reads back exactly the transfer the message states.
    const png = PNG.sync.read(Buffer.from(qr!.contentBase64, 'base64'));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(expected);

    const smtp = await startSmtpTestServer();
    try {
      const transports = { ...transportsFromConfig({ outboxDir: mkdtempSync(join(tmpdir(), 'relance-qr-')) }), email: smtpEmailTransport({ url: smtp.url }) };
      const sent = await sendCollectionMessages(db, org, { now: IN_HOURS, workerId: 'w1', transports });
      expect(sent).toMatchObject({ sent: 2 });
      const mail = smtp.received.find((received) => received.to.includes('ap-c001@example.test'))!;
      const unfolded = mail.raw.replace(/=\r?\n/g, '');
      expect(unfolded).toMatch(/src=3D"cid:payment-qr@relance"|src="cid:payment-qr@relance"/);
      expect(mail.raw).toMatch(/^Content-Type: image\/png; name=payment-qr\.png/m);
      expect(mail.raw).toMatch(/^Content-ID: <payment-qr@relance>/m);
      expect(mail.raw).toMatch(/^Content-Disposition: inline; filename=payment-qr\.png/m);
      expect(mail.raw).toContain(displayPaymentReference(reference));
    } finally {
      await smtp.close();
    }
  });

  it('asks for each invoice\'s reference when a message lists several, and encodes their numbers for one transfer', async () => {
    const email = await emailOf('C002');
    const first = displayPaymentReference(await referenceOf(customers.C002!.invoiceIds['F-2025-201']!));
    const second = displayPaymentReference(await referenceOf(customers.C002!.invoiceIds['F-2025-202']!));
    expect(first).not.toBe(second);
    expect(email.text_body).toContain(`(reference ${first})`);
    expect(email.text_body).toContain(`(reference ${second})`);
    expect(email.text_body).toContain("References to quote: each invoice's own, shown above");
    expect(paymentQrPayload(org, { currency: 'EUR', balanceMinor: 500_00, invoices: [{ number: 'F-2025-201', paymentReference: 'x' }, { number: 'F-2025-202', paymentReference: 'y' }] })).toBe(
      ['BCD', '002', '1', 'SCT', 'AGRIFRPP', 'Atelier Durand SAS', 'FR7630006000011234567890189', 'EUR500', '', '', 'F-2025-201 F-2025-202'].join('\n'),
    );
  });

  it('carries no QR code for an account outside the euro, without an IBAN, or with one whose check digits fail', async () => {
    await setOrganizationBankAccounts(db, org.id, [{ label: 'main', iban: 'FR76 3000 6000 0112 3456 7890 189', bic: 'AGRIFRPP', currency: 'CHF' } as never]);
    const inFrancs = (await getOrganization(db, org.id))!;
    const payment = { currency: 'EUR', balanceMinor: 100_00, invoices: [{ number: 'F-1', paymentReference: 'RF18539007547034' }] };
    expect(paymentQrPayload(inFrancs, payment)).toBeNull();
    expect(paymentQrPayload({ ...inFrancs, bank_accounts: '[]' }, payment)).toBeNull();
    expect(paymentQrPayload(org, { ...payment, currency: 'USD' })).toBeNull();
    const mistyped = { ...org, bank_accounts: JSON.stringify([{ label: 'main', iban: 'FR7630006000011234567890198', currency: 'EUR' }]) };
    expect(paymentQrPayload(mistyped, payment)).toBeNull();
  });
});
