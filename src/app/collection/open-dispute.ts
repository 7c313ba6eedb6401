import { AppError } from '../../core/app-error.js';
import type { PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { CustomerRow } from '../../adapters/db/schema.js';
import { createDispute, DISPUTE_REASONS, listDisputes, type DisputeReason, type DisputeWithInvoice } from '../../adapters/db/stores/collection-pauses.js';
import { insertTaskOnce } from '../../adapters/db/stores/collection-tasks.js';
import { addTimelineEvent } from '../../adapters/db/stores/collection-timeline.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import { requireCustomerInvoice } from './pause-inputs.js';

export interface DisputeInput {
  invoice: { id?: string; number?: string };
  reason: string;
  note?: string | null;
}

/**
 * Sets an invoice as disputed: it is no longer reminded (the rest of the balance still is) and
 * a task asks a person to settle the dispute, by a credit note, a partial write-off or a rejection.
 */
export async function openDispute(db: Db, organizationId: string, customer: CustomerRow, input: DisputeInput, on: PlainDate, by: string | null): Promise<DisputeWithInvoice> {
  if (!(DISPUTE_REASONS as readonly string[]).includes(input.reason)) {
    throw new AppError('validation_failed', `reason must be one of ${DISPUTE_REASONS.join(', ')}`, { field: 'reason' });
  }
  return inTransaction(db, async (tx) => {
    const invoice = await requireCustomerInvoice(tx, organizationId, customer.id, input.invoice, 'invoice');
    const open = await listDisputes(tx, organizationId, { customerId: customer.id, status: 'open' });
    if (open.some((dispute) => dispute.invoice_id === invoice.id)) throw new AppError('conflict', `invoice ${invoice.number} is already disputed`, { field: 'invoice' });
    const row = await createDispute(tx, organizationId, { customerId: customer.id, invoiceId: invoice.id, reason: input.reason as DisputeReason, note: input.note ?? null, openedOn: on, createdBy: by });
    await insertTaskOnce(tx, organizationId, {
      customer_id: customer.id,
      case_id: null,
      action_id: null,
      kind: 'dispute',
      step_id: null,
      dedupe_key: `dispute:${row.id}`,
      title_en: `Settle the dispute on invoice ${invoice.number} (${input.reason.replace(/_/g, ' ')})`,
      title_fr: `Traiter le litige sur la facture ${invoice.number}`,
      detail: input.note ?? null,
      due_on: on,
      assignee_user_id: null,
      created_on: on,
    });
    await addTimelineEvent(tx, organizationId, {
      customerId: customer.id,
      occurredOn: on,
      kind: 'dispute_opened',
      summary: { en: `Invoice ${invoice.number} disputed (${input.reason.replace(/_/g, ' ')}); it is no longer reminded`, fr: `Facture ${invoice.number} contestée ; elle n'est plus relancée` },
      subjectId: row.id,
    });
    return { ...row, invoice_number: invoice.number };
  });
}
