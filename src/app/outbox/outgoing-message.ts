import { todayIn } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { OutboxMessageRow } from '../../adapters/db/schema.js';
import type { OutgoingMessage } from '../../adapters/channels/channel-transport.js';
import { getCustomer } from '../../adapters/db/stores/customers.js';
import { listOpenInvoices } from '../../adapters/db/stores/open-items.js';
import { getOrganization } from '../../adapters/db/stores/organizations.js';

/**
 * What a channel needs from a row: addresses parsed, the sender's postal address from the
 * organization, and for letters the listed invoices with their balance as of now.
 */
export async function outgoingMessage(db: Db, row: OutboxMessageRow, now: Date): Promise<OutgoingMessage> {
  const organization = await getOrganization(db, row.organization_id);
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
    attachments: JSON.parse(row.attachments) as OutgoingMessage['attachments'],
    invoices,
    date: todayIn(organization?.time_zone ?? 'UTC', now),
    language: customer?.language,
  };
}
