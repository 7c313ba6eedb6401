import { todayIn, type PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { OrganizationRow, OutboxMessageRow } from '../../adapters/db/schema.js';
import type { OutgoingMessage } from '../../adapters/channels/channel-transport.js';
import { getAction } from '../../adapters/db/stores/collection-actions.js';
import { getCollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { getInboundAddress } from '../../adapters/db/stores/inbound-messages.js';
import { getCustomer } from '../../adapters/db/stores/customers.js';
import { listInvoiceFiles } from '../../adapters/db/stores/invoice-files.js';
import { listOpenInvoices } from '../../adapters/db/stores/open-items.js';
import { getOrganization } from '../../adapters/db/stores/organizations.js';
import { THANK_YOU_STEP_ID } from '../collection/send-thank-you.js';
import { renderCustomerStatementPdf } from '../render-customer-statement-pdf.js';
import { PAYMENT_QR_CONTENT_ID } from '../../core/payments/message-transfer.js';
import { paymentReferencesById } from '../../adapters/db/stores/payment-references.js';
import { paymentQrAttachment, paymentQrPayload } from '../payment-qr.js';

type Attachment = OutgoingMessage['attachments'][number];

/**
 * What a channel needs from a row: addresses parsed, the sender's postal address from the
 * organization, for letters the listed invoices with their balance as of now, and for a
 * collection email the customer's statement PDF drawn up now and the invoices' own PDFs.
 */
export async function outgoingMessage(db: Db, row: OutboxMessageRow, now: Date): Promise<OutgoingMessage> {
  const organization = await getOrganization(db, row.organization_id);
  const date = todayIn(organization?.time_zone ?? 'UTC', now);
  const invoiceIds = JSON.parse(row.invoice_ids) as string[];
  const isLetter = row.channel === 'letter' || row.channel === 'registered_letter';
  const invoices = isLetter
    ? (await listOpenInvoices(db, row.organization_id, { customerId: row.customer_id }))
        .filter((invoice) => invoiceIds.includes(invoice.invoiceId))
        .map((invoice) => ({
          number: invoice.number,
          issueDate: invoice.issueDate,
          dueDate: invoice.dueDate,
          currency: invoice.currency,
          amountMinor: invoice.amountMinor,
          openMinor: invoice.openMinor,
          paymentReference: invoice.paymentReference ?? null,
        }))
    : [];
  const customer = isLetter ? await getCustomer(db, row.organization_id, row.customer_id) : undefined;
  const written = JSON.parse(row.sender) as OutgoingMessage['sender'];
  // A message queued before the sender email was set leaves with the one set since; answers go
  // to the reply-to address when there is one, else to the address Relance reads replies at (so
  // they reach the case), else to the sender, never to nowhere.
  const settings = await getCollectionSettings(db, row.organization_id);
  const email = written.email ?? settings.senderEmail ?? undefined;
  const replyTo = written.replyTo ?? settings.replyTo ?? (await getInboundAddress(db, row.organization_id)) ?? email;
  const sender = { ...written, ...(email ? { email } : {}), ...(replyTo ? { replyTo } : {}) };
  const attachments = JSON.parse(row.attachments) as Attachment[];
  const added = row.channel === 'email' && organization ? await collectionAttachments(db, organization, row, invoiceIds, date) : [];
  const paymentQr = organization ? await messagePaymentQr(db, organization, row, invoiceIds) : null;
  // The QR code goes inline where the HTML shows it; a letter prints it beside the invoices.
  if (paymentQr && row.channel === 'email' && row.html_body?.includes(`cid:${PAYMENT_QR_CONTENT_ID}`)) added.push(await paymentQrAttachment(paymentQr));
  return {
    id: row.id,
    organizationId: row.organization_id,
    customerId: row.customer_id,
    channel: row.channel as OutgoingMessage['channel'],
    messageId: row.message_id,
    recipient: JSON.parse(row.recipient) as OutgoingMessage['recipient'],
    sender: { ...sender, postalAddress: sender.postalAddress ?? organization?.address ?? undefined },
    subject: row.subject,
    text: row.text_body,
    html: row.html_body ?? undefined,
    attachments: [...attachments, ...added.filter((file) => !attachments.some((a) => a.filename === file.filename))],
    invoices,
    date,
    language: customer?.language,
    ...(paymentQr && isLetter ? { paymentQr } : {}),
    ...(row.in_reply_to ? { inReplyTo: row.in_reply_to, references: row.thread_references ?? row.in_reply_to } : {}),
  };
}

/**
 * The EPC QR code text of a collection message, from the figures its action recorded (the
 * ones its text states) and the listed invoices' references: the same function the template
 * context asked whether there would be one. Null for a thank-you or a message no action wrote.
 */
async function messagePaymentQr(db: Db, organization: OrganizationRow, row: OutboxMessageRow, invoiceIds: readonly string[]): Promise<string | null> {
  if (!row.action_id || invoiceIds.length === 0) return null;
  const action = await getAction(db, organization.id, row.action_id);
  if (!action || action.step_id === THANK_YOU_STEP_ID) return null;
  const references = await paymentReferencesById(db, organization.id, invoiceIds);
  const invoices = invoiceIds.flatMap((id) => references.get(id) ?? []);
  return paymentQrPayload(organization, { currency: action.currency, balanceMinor: Number(action.balance_minor), invoices });
}

/** Invoice copies stop being added past this total, so a long list does not make the mail bounce. */
const INVOICE_COPIES_MAX_BYTES = 15 * 1024 * 1024;

/**
 * A reminder carries the customer's statement, drawn up at sending time so it shows the
 * balance the day the customer reads it, not the day the run queued the message, and the PDF
 * of each invoice it lists that has one (attached up to the time of sending). A thank-you
 * carries neither (the account is settled), nor does a message no collection action wrote; an
 * organization can turn the statement off.
 */
async function collectionAttachments(db: Db, organization: OrganizationRow, row: OutboxMessageRow, invoiceIds: readonly string[], date: PlainDate): Promise<Attachment[]> {
  const action = await getAction(db, organization.id, row.action_id);
  if (!action || action.step_id === THANK_YOU_STEP_ID) return [];
  const attachments: Attachment[] = [];
  const customer = (await getCollectionSettings(db, organization.id)).attachStatement ? await getCustomer(db, organization.id, row.customer_id) : undefined;
  if (customer) {
    const pdf = await renderCustomerStatementPdf(db, organization, customer, { asOf: date });
    attachments.push({ filename: pdf.fileName, contentType: 'application/pdf', contentBase64: pdf.content.toString('base64') });
  }
  const files = new Map((await listInvoiceFiles(db, organization.id, invoiceIds)).map((file) => [file.invoice_id, file]));
  let total = 0;
  for (const invoiceId of invoiceIds) {
    const file = files.get(invoiceId);
    if (!file || total + file.size_bytes > INVOICE_COPIES_MAX_BYTES) continue;
    total += file.size_bytes;
    attachments.push({ filename: file.file_name, contentType: file.content_type, contentBase64: file.content_base64 });
  }
  return attachments;
}
