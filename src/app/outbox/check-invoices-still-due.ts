import type { Db } from '../../adapters/db/database.js';
import type { OutboxMessageRow } from '../../adapters/db/schema.js';
import { listOpenInvoices } from '../../adapters/db/stores/open-items.js';

/**
 * The last look before a reminder leaves: if every invoice it is about has been paid or
 * credited since it was queued, it must not go out. A message about no invoice in particular
 * (a welcome note, a statement) always may.
 */
export async function checkInvoicesStillDue(db: Db, row: OutboxMessageRow): Promise<{ send: true } | { send: false; reason: string }> {
  const invoiceIds = JSON.parse(row.invoice_ids) as string[];
  if (invoiceIds.length === 0) return { send: true };
  const open = await listOpenInvoices(db, row.organization_id, { customerId: row.customer_id });
  const stillDue = open.filter((invoice) => invoiceIds.includes(invoice.invoiceId) && invoice.openMinor > 0);
  if (stillDue.length > 0) return { send: true };
  return { send: false, reason: 'every invoice this message is about has been settled since it was queued' };
}
