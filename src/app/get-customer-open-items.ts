import { toMoneyJson, type MoneyJson } from '../core/money.js';
import { daysOverdue } from '../core/invoice-status.js';
import { displayPaymentReference } from '../core/payments/payment-reference.js';
import { asOfIn, type AsOf, type PlainDate } from '../core/plain-date.js';
import type { Db } from '../adapters/db/database.js';
import type { OrganizationRow } from '../adapters/db/schema.js';
import { listInvoiceFileInfo, type InvoiceFileInfo } from '../adapters/db/stores/invoice-files.js';
import { listOpenInvoices, listUnappliedCredits } from '../adapters/db/stores/open-items.js';

export interface OpenItemJson {
  id: string;
  number: string;
  issue_date: PlainDate;
  due_date: PlainDate;
  /** Days past the due date as of the date asked for; 0 while not yet due. */
  days_overdue: number;
  amount: MoneyJson;
  open: MoneyJson;
  /** What to quote with a transfer, as printed (+++010/8068/17183+++ or RF18 5390 0754 7034). */
  payment_reference: string | null;
  /** The invoice's PDF as issued, when one is kept (GET /api/invoices/{id}/pdf); reminders carry it. */
  pdf: { file_name: string; size_bytes: number } | null;
}

function pdfOf(file: InvoiceFileInfo | undefined): OpenItemJson['pdf'] {
  return file ? { file_name: file.file_name, size_bytes: file.size_bytes } : null;
}

/** What a customer has left to pay, invoice by invoice, and the credit not yet set against any. */
export async function getCustomerOpenItems(
  db: Db,
  organization: OrganizationRow,
  customerId: string,
  when: AsOf,
): Promise<{ as_of: PlainDate; items: OpenItemJson[]; unapplied_credits: MoneyJson[] }> {
  const asOf = asOfIn(organization.time_zone, when);
  const [items, credits] = await Promise.all([
    listOpenInvoices(db, organization.id, { customerId }),
    listUnappliedCredits(db, organization.id, { customerId }),
  ]);
  const files = new Map((await listInvoiceFileInfo(db, organization.id, items.map((i) => i.invoiceId))).map((file) => [file.invoice_id, file]));
  const byCurrency = new Map<string, number>();
  for (const c of credits) byCurrency.set(c.currency, (byCurrency.get(c.currency) ?? 0) + c.minor);
  return {
    as_of: asOf,
    items: items.map((i) => ({
      id: i.invoiceId,
      number: i.number,
      issue_date: i.issueDate,
      due_date: i.dueDate,
      days_overdue: daysOverdue(i.dueDate, asOf),
      amount: toMoneyJson(i.amountMinor, i.currency),
      open: toMoneyJson(i.openMinor, i.currency),
      payment_reference: i.paymentReference ? displayPaymentReference(i.paymentReference) : null,
      pdf: pdfOf(files.get(i.invoiceId)),
    })),
    unapplied_credits: [...byCurrency.entries()].filter(([, minor]) => minor !== 0).map(([currency, minor]) => toMoneyJson(minor, currency)),
  };
}
