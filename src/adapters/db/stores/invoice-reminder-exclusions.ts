import type { Db } from '../database.js';
import { newId, nowIso } from '../ids.js';
import type { InvoiceReminderExclusionRow } from '../schema.js';

export interface ReminderExclusionWithInvoice extends InvoiceReminderExclusionRow {
  invoice_number: string;
}

/** Leaves an invoice out of reminders; an invoice already left out keeps its first reason. Returns the row in force. */
export async function excludeInvoiceFromReminders(
  db: Db,
  organizationId: string,
  input: { customerId: string; invoiceId: string; reason: string; on: string; by: string | null },
): Promise<{ row: InvoiceReminderExclusionRow; created: boolean }> {
  const row: InvoiceReminderExclusionRow = {
    id: newId(),
    organization_id: organizationId,
    customer_id: input.customerId,
    invoice_id: input.invoiceId,
    reason: input.reason,
    excluded_on: input.on,
    created_by: input.by,
    created_at: nowIso(),
  };
  const inserted = await db.kysely.insertInto('invoice_reminder_exclusions').values(row).onConflict((oc) => oc.columns(['organization_id', 'invoice_id']).doNothing()).executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return { row, created: true };
  return { row: (await getReminderExclusion(db, organizationId, input.invoiceId))!, created: false };
}

/** Puts an invoice back into reminders; false when it was not left out. */
export async function includeInvoiceInReminders(db: Db, organizationId: string, invoiceId: string): Promise<boolean> {
  const result = await db.kysely.deleteFrom('invoice_reminder_exclusions').where('organization_id', '=', organizationId).where('invoice_id', '=', invoiceId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function getReminderExclusion(db: Db, organizationId: string, invoiceId: string): Promise<InvoiceReminderExclusionRow | undefined> {
  return db.kysely.selectFrom('invoice_reminder_exclusions').selectAll().where('organization_id', '=', organizationId).where('invoice_id', '=', invoiceId).executeTakeFirst();
}

/** The customer's invoices left out of reminders, oldest exclusion first. */
export async function listReminderExclusions(db: Db, organizationId: string, customerId: string): Promise<ReminderExclusionWithInvoice[]> {
  return db.kysely
    .selectFrom('invoice_reminder_exclusions as e')
    .innerJoin('invoices as i', 'i.id', 'e.invoice_id')
    .selectAll('e')
    .select('i.number as invoice_number')
    .where('e.organization_id', '=', organizationId)
    .where('i.organization_id', '=', organizationId)
    .where('e.customer_id', '=', customerId)
    .orderBy('e.excluded_on')
    .orderBy('e.created_at')
    .execute();
}
