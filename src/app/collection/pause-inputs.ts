import { AppError } from '../../core/app-error.js';
import { parseIsoDate, type PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { InvoiceRow } from '../../adapters/db/schema.js';

export function requireDate(text: string, field: string): PlainDate {
  const date = parseIsoDate(text);
  if (!date) throw new AppError('invalid_date', `${field} must be a date written YYYY-MM-DD, got "${text}"`, { field });
  return date;
}

export function requireDays(value: number, field: string, max = 90): number {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new AppError('validation_failed', `${field} must be a whole number of days from 0 to ${max}`, { field });
  return value;
}

export function requireText(value: string | undefined | null, field: string): string {
  const text = (value ?? '').trim();
  if (!text) throw new AppError('validation_failed', `${field} must not be empty`, { field });
  return text;
}

/** One of the customer's invoices, by id or by number. */
export async function requireCustomerInvoice(db: Db, organizationId: string, customerId: string, ref: { id?: string; number?: string }, field: string): Promise<InvoiceRow> {
  let query = db.kysely.selectFrom('invoices').selectAll().where('organization_id', '=', organizationId).where('customer_id', '=', customerId);
  if (ref.id !== undefined) query = query.where('id', '=', ref.id);
  else if (ref.number !== undefined) query = query.where('number', '=', ref.number);
  else throw new AppError('validation_failed', 'say which invoice', { field });
  const invoice = await query.executeTakeFirst();
  if (!invoice) throw new AppError('not_found', `the customer has no invoice ${ref.id ?? ref.number}`, { field });
  return invoice;
}
