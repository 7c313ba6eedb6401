import { AppError } from '../core/app-error.js';
import { formatMinor, moneyFromJson, type MoneyJson } from '../core/money.js';
import { parseDate, todayIn } from '../core/plain-date.js';
import type { Db } from '../adapters/db/database.js';
import type { OrganizationRow } from '../adapters/db/schema.js';
import {
  getAllocation,
  getCreditNote,
  getInvoice,
  getPayment,
  insertAllocation,
  lockDocument,
  type AllocationView,
} from '../adapters/db/stores/documents.js';
import { inTransaction } from '../adapters/db/stores/in-transaction.js';

export interface AllocationInput {
  invoice_id: string;
  /** Exactly one of payment_id and credit_note_id: where the money comes from. */
  payment_id?: string;
  credit_note_id?: string;
  /** Without it: as much as both sides allow. */
  amount?: MoneyJson;
  allocated_on?: string;
  note?: string | null;
}

const show = (minor: number, currency: string) => `${formatMinor(minor, currency)} ${currency}`;

/**
 * Sets (part of) a payment or credit note against an invoice of the same customer and
 * currency, never more than the invoice has left to pay nor more than the credit has left.
 * The checks and the insert run in one transaction with the three rows locked, so two
 * allocations at once cannot over-allocate.
 */
export async function allocateCredit(db: Db, organization: OrganizationRow, input: AllocationInput, now: Date): Promise<AllocationView> {
  const fromPayment = input.payment_id !== undefined;
  if (fromPayment === (input.credit_note_id !== undefined)) {
    throw new AppError('validation_failed', 'give either payment_id or credit_note_id: the payment or credit note the money comes from', {
      field: fromPayment ? 'credit_note_id' : 'payment_id',
    });
  }
  const orgId = organization.id;
  return inTransaction(db, async (tx) => {
    await lockDocument(tx, orgId, 'invoices', input.invoice_id);
    const invoice = await getInvoice(tx, orgId, input.invoice_id);
    if (!invoice) throw new AppError('not_found', `invoice ${input.invoice_id} does not exist`, { field: 'invoice_id' });

    const sourceField = fromPayment ? 'payment_id' : 'credit_note_id';
    const sourceId = (fromPayment ? input.payment_id : input.credit_note_id)!;
    await lockDocument(tx, orgId, fromPayment ? 'payments' : 'credit_notes', sourceId);
    const source = fromPayment ? await getPayment(tx, orgId, sourceId) : await getCreditNote(tx, orgId, sourceId);
    if (!source) throw new AppError('not_found', `${fromPayment ? 'payment' : 'credit note'} ${sourceId} does not exist`, { field: sourceField });
    const sourceName = fromPayment ? `payment ${(source as { reference: string }).reference}` : `credit note ${(source as { number: string }).number}`;

    if (source.customer_id !== invoice.customer_id) {
      throw new AppError('validation_failed', `${sourceName} is from ${source.customer_name}, invoice ${invoice.number} is to ${invoice.customer_name}: both must be the same customer`, {
        field: sourceField,
      });
    }
    if (source.currency !== invoice.currency) {
      throw new AppError('validation_failed', `${sourceName} is in ${source.currency}, invoice ${invoice.number} in ${invoice.currency}: both must be in the same currency`, {
        field: sourceField,
      });
    }
    const currency = invoice.currency;
    let amountMinor: number;
    if (input.amount !== undefined) {
      const amount = moneyFromJson(input.amount, 'amount');
      if (amount.currency !== currency) {
        throw new AppError('validation_failed', `amount must be in ${currency}, the currency of invoice ${invoice.number}`, { field: 'amount.currency' });
      }
      if (amount.minor <= 0) throw new AppError('validation_failed', 'amount must be more than zero', { field: 'amount.amount' });
      amountMinor = amount.minor;
    } else {
      amountMinor = Math.min(invoice.open_minor, source.unapplied_minor);
      if (amountMinor <= 0) {
        throw new AppError(
          'conflict',
          invoice.open_minor <= 0 ? `invoice ${invoice.number} has nothing left to pay` : `${sourceName} has nothing left to allocate`,
          { field: invoice.open_minor <= 0 ? 'invoice_id' : sourceField },
        );
      }
    }
    if (amountMinor > invoice.open_minor) {
      throw new AppError(
        'conflict',
        `invoice ${invoice.number} has ${show(Math.max(invoice.open_minor, 0), currency)} left to pay; ${show(amountMinor, currency)} cannot be allocated to it`,
        { field: 'amount.amount' },
      );
    }
    if (amountMinor > source.unapplied_minor) {
      throw new AppError(
        'conflict',
        `${sourceName} has ${show(Math.max(source.unapplied_minor, 0), currency)} left to allocate; ${show(amountMinor, currency)} is more than that`,
        { field: 'amount.amount' },
      );
    }
    const row = await insertAllocation(tx, orgId, {
      invoiceId: invoice.id,
      paymentId: fromPayment ? source.id : null,
      creditNoteId: fromPayment ? null : source.id,
      amountMinor,
      allocatedOn: input.allocated_on !== undefined ? parseDate(input.allocated_on, 'allocated_on') : todayIn(organization.time_zone, now),
      note: input.note ?? null,
    });
    return (await getAllocation(tx, orgId, row.id))!;
  });
}
