import { todayIn, type PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { OrganizationRow, OutboxMessageRow } from '../../adapters/db/schema.js';
import type { OutgoingMessage } from '../../adapters/channels/channel-transport.js';
import { getAction } from '../../adapters/db/stores/collection-actions.js';
import { getCollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { getCustomer } from '../../adapters/db/stores/customers.js';
import { listOpenInvoices } from '../../adapters/db/stores/open-items.js';
import { getOrganization } from '../../adapters/db/stores/organizations.js';
import { THANK_YOU_STEP_ID } from '../collection/send-thank-you.js';
import { renderCustomerStatementPdf } from '../render-customer-statement-pdf.js';

type Attachment = OutgoingMessage['attachments'][number];

/**
 * What a channel needs from a row: addresses parsed, the sender's postal address from the
 * organization, for letters the listed invoices with their balance as of now, and for a
 * collection email the customer's statement PDF drawn up now.
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
        }))
    : [];
  const customer = isLetter ? await getCustomer(db, row.organization_id, row.customer_id) : undefined;
  const sender = JSON.parse(row.sender) as OutgoingMessage['sender'];
  const attachments = JSON.parse(row.attachments) as Attachment[];
  const statement = row.channel === 'email' && organization ? await statementAttachment(db, organization, row, date) : undefined;
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
    attachments: statement && !attachments.some((a) => a.filename === statement.filename) ? [...attachments, statement] : attachments,
    invoices,
    date,
    language: customer?.language,
  };
}

/**
 * A reminder carries the customer's statement, drawn up at sending time so it shows the
 * balance the day the customer reads it, not the day the run queued the message. A thank-you
 * does not (the account is settled), nor does a message no collection action wrote, nor any
 * message of an organization that turned the setting off.
 */
async function statementAttachment(db: Db, organization: OrganizationRow, row: OutboxMessageRow, date: PlainDate): Promise<Attachment | undefined> {
  const action = await getAction(db, organization.id, row.action_id);
  if (!action || action.step_id === THANK_YOU_STEP_ID) return undefined;
  if (!(await getCollectionSettings(db, organization.id)).attachStatement) return undefined;
  const customer = await getCustomer(db, organization.id, row.customer_id);
  if (!customer) return undefined;
  const pdf = await renderCustomerStatementPdf(db, organization, customer, { asOf: date });
  return { filename: pdf.fileName, contentType: 'application/pdf', contentBase64: pdf.content.toString('base64') };
}
