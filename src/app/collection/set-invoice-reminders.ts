import { AppError } from '../../core/app-error.js';
import type { PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { InvoiceRow } from '../../adapters/db/schema.js';
import { excludeInvoiceFromReminders, getReminderExclusion, includeInvoiceInReminders } from '../../adapters/db/stores/invoice-reminder-exclusions.js';
import { addTimelineEvent } from '../../adapters/db/stores/collection-timeline.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';

export interface InvoiceRemindersState {
  invoice: { id: string; number: string };
  excluded: boolean;
  reason: string | null;
  excluded_on: string | null;
}

/**
 * Leaves one invoice out of reminders (with a reason) or puts it back. Left out, the invoice is
 * never listed in a message nor counted in the balance a message asks for, from the next run
 * on; it stays on the ledger and keeps the case open. Each change goes on the timeline once.
 */
export async function setInvoiceReminders(db: Db, invoice: InvoiceRow, input: { excluded: boolean; reason?: string | null }, on: PlainDate, by: string | null): Promise<InvoiceRemindersState> {
  const organizationId = invoice.organization_id;
  const reason = (input.reason ?? '').trim();
  if (input.excluded && !reason) throw new AppError('validation_failed', 'say why the invoice is left out of reminders', { field: 'reason' });
  return inTransaction(db, async (tx) => {
    if (input.excluded) {
      const { row, created } = await excludeInvoiceFromReminders(tx, organizationId, { customerId: invoice.customer_id, invoiceId: invoice.id, reason, on, by });
      if (created) {
        await addTimelineEvent(tx, organizationId, {
          customerId: invoice.customer_id,
          occurredOn: on,
          kind: 'invoice_excluded',
          summary: { en: `Invoice ${invoice.number} left out of reminders: ${reason}`, fr: `Facture ${invoice.number} exclue des relances : ${reason}` },
          subjectId: invoice.id,
        });
      }
      return { invoice: { id: invoice.id, number: invoice.number }, excluded: true, reason: row.reason, excluded_on: row.excluded_on };
    }
    if (await includeInvoiceInReminders(tx, organizationId, invoice.id)) {
      await addTimelineEvent(tx, organizationId, {
        customerId: invoice.customer_id,
        occurredOn: on,
        kind: 'invoice_included',
        summary: { en: `Invoice ${invoice.number} reminded again`, fr: `Facture ${invoice.number} de nouveau relancée` },
        subjectId: invoice.id,
      });
    }
    return { invoice: { id: invoice.id, number: invoice.number }, excluded: false, reason: null, excluded_on: null };
  });
}

/** Whether an invoice is left out of reminders, and why. */
export async function getInvoiceReminders(db: Db, invoice: InvoiceRow): Promise<InvoiceRemindersState> {
  const row = await getReminderExclusion(db, invoice.organization_id, invoice.id);
  return { invoice: { id: invoice.id, number: invoice.number }, excluded: row !== undefined, reason: row?.reason ?? null, excluded_on: row?.excluded_on ?? null };
}
