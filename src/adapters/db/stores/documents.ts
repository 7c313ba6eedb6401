import type { Db } from '../database.js';
import { newId, nowIso } from '../ids.js';
import type { AllocationRow, CreditNoteRow, InvoiceRow, PaymentRow } from '../schema.js';

export interface NewInvoice {
  customerId: string;
  number: string;
  issueDate: string;
  dueDate: string;
  currency: string;
  amountMinor: number;
  paymentTerms?: string | null;
  source?: string;
}

export async function createInvoice(db: Db, organizationId: string, input: NewInvoice): Promise<InvoiceRow> {
  const row: InvoiceRow = {
    id: newId(),
    organization_id: organizationId,
    customer_id: input.customerId,
    number: input.number,
    issue_date: input.issueDate,
    due_date: input.dueDate,
    currency: input.currency,
    amount_minor: input.amountMinor,
    payment_terms: input.paymentTerms ?? null,
    source: input.source ?? 'api',
    created_at: nowIso(),
  };
  await db.kysely.insertInto('invoices').values(row).execute();
  return row;
}

export interface NewPayment {
  customerId: string;
  reference: string;
  receivedOn: string;
  currency: string;
  amountMinor: number;
  method?: string;
  source?: string;
}

export async function createPayment(db: Db, organizationId: string, input: NewPayment): Promise<PaymentRow> {
  const row: PaymentRow = {
    id: newId(),
    organization_id: organizationId,
    customer_id: input.customerId,
    reference: input.reference,
    received_on: input.receivedOn,
    currency: input.currency,
    amount_minor: input.amountMinor,
    method: input.method ?? 'transfer',
    source: input.source ?? 'api',
    created_at: nowIso(),
  };
  await db.kysely.insertInto('payments').values(row).execute();
  return row;
}

export interface NewCreditNote {
  customerId: string;
  number: string;
  issueDate: string;
  currency: string;
  amountMinor: number;
  invoiceId?: string | null;
  source?: string;
}

export async function createCreditNote(db: Db, organizationId: string, input: NewCreditNote): Promise<CreditNoteRow> {
  const row: CreditNoteRow = {
    id: newId(),
    organization_id: organizationId,
    customer_id: input.customerId,
    number: input.number,
    issue_date: input.issueDate,
    currency: input.currency,
    amount_minor: input.amountMinor,
    invoice_id: input.invoiceId ?? null,
    source: input.source ?? 'api',
    created_at: nowIso(),
  };
  await db.kysely.insertInto('credit_notes').values(row).execute();
  return row;
}

export interface NewAllocation {
  invoiceId: string | null;
  paymentId?: string | null;
  creditNoteId?: string | null;
  amountMinor: number;
  allocatedOn: string;
  note?: string | null;
}

export function allocationRow(organizationId: string, input: NewAllocation, now = nowIso()): AllocationRow {
  return {
    id: newId(),
    organization_id: organizationId,
    invoice_id: input.invoiceId,
    payment_id: input.paymentId ?? null,
    credit_note_id: input.creditNoteId ?? null,
    amount_minor: input.amountMinor,
    allocated_on: input.allocatedOn,
    note: input.note ?? null,
    created_at: now,
  };
}

/** Low-level insert; the checks (same customer, no over-allocation) live in the allocate use case. */
export async function insertAllocation(db: Db, organizationId: string, input: NewAllocation): Promise<AllocationRow> {
  const row = allocationRow(organizationId, input);
  await db.kysely.insertInto('allocations').values(row).execute();
  return row;
}
