import { AppError } from '../core/app-error.js';
import { formatMinor, moneyFromJson, type MoneyJson } from '../core/money.js';
import { computeDueDate, dueDateFor, formatPaymentTerms, requirePaymentTerms } from '../core/payment-terms.js';
import { parseDate, type PlainDate } from '../core/plain-date.js';
import type { Db } from '../adapters/db/database.js';
import type { OrganizationRow } from '../adapters/db/schema.js';
import { getCustomer } from '../adapters/db/stores/customers.js';
import { allocatedTotal, createInvoice, getInvoice, updateInvoice, type InvoiceChanges, type InvoiceWithOpen } from '../adapters/db/stores/documents.js';
import { inTransaction } from '../adapters/db/stores/in-transaction.js';
import { failOnDuplicate } from '../adapters/db/stores/unique-violation.js';
import { refuseInexactAmount, saveWithinLedgerBound } from './refuse-inexact-ledger.js';
import { warnOnInvoiceDelay, type SaveWarning } from './warn-on-legal-cap.js';

export interface InvoiceInput {
  customer_id: string;
  number: string;
  issue_date: string;
  /** Without it, the due date follows the terms: the invoice's, else the customer's, else the organization's. */
  due_date?: string;
  amount: MoneyJson;
  payment_terms?: string | null;
}

function positiveAmount(json: MoneyJson, field: string) {
  const amount = moneyFromJson(json, field);
  if (amount.minor <= 0) throw new AppError('validation_failed', `${field} must be more than zero`, { field: `${field}.amount` });
  return amount;
}

function checkDueAfterIssue(issue: PlainDate, due: PlainDate): void {
  if (due < issue) throw new AppError('validation_failed', `due_date ${due} is before issue_date ${issue}`, { field: 'due_date' });
}

export async function createInvoiceFromInput(
  db: Db,
  organization: OrganizationRow,
  input: InvoiceInput,
): Promise<{ invoice: InvoiceWithOpen; warnings: SaveWarning[] }> {
  const customer = await getCustomer(db, organization.id, input.customer_id);
  if (!customer) throw new AppError('not_found', `customer ${input.customer_id} does not exist`, { field: 'customer_id' });
  const number = input.number.trim();
  if (!number) throw new AppError('validation_failed', 'number must not be empty', { field: 'number' });
  const issueDate = parseDate(input.issue_date, 'issue_date');
  const amount = positiveAmount(input.amount, 'amount');
  const ownTerms = input.payment_terms ? formatPaymentTerms(requirePaymentTerms(input.payment_terms, 'payment_terms')) : null;
  let dueDate: PlainDate;
  if (input.due_date !== undefined) dueDate = parseDate(input.due_date, 'due_date');
  else dueDate = dueDateFor(issueDate, { invoice: ownTerms, customer: customer.payment_terms, organization: organization.default_terms }).dueDate;
  checkDueAfterIssue(issueDate, dueDate);
  const row = await saveWithinLedgerBound(db, organization.id, input.amount, (tx) =>
    failOnDuplicate(
      () =>
        createInvoice(tx, organization.id, {
          customerId: customer.id,
          number,
          issueDate,
          dueDate,
          currency: amount.currency,
          amountMinor: amount.minor,
          paymentTerms: ownTerms,
        }),
      'number',
      `an invoice numbered ${number} already exists`,
    ),
  );
  return { invoice: (await getInvoice(db, organization.id, row.id))!, warnings: warnOnInvoiceDelay(organization.country, issueDate, dueDate) };
}

export interface InvoiceUpdate {
  number?: string;
  issue_date?: string;
  due_date?: string;
  amount?: MoneyJson;
  payment_terms?: string | null;
}

/**
 * Corrects an invoice. The amount cannot drop below what is already allocated to it, nor
 * change currency once something is, since that would rewrite settled history.
 */
export async function updateInvoiceFromInput(
  db: Db,
  organization: OrganizationRow,
  invoiceId: string,
  input: InvoiceUpdate,
): Promise<{ invoice: InvoiceWithOpen; warnings: SaveWarning[] }> {
  return inTransaction(db, async (tx) => {
    const current = await getInvoice(tx, organization.id, invoiceId);
    if (!current) throw new AppError('not_found', `invoice ${invoiceId} does not exist`, { field: 'id' });
    const changes: InvoiceChanges = {};
    if (input.number !== undefined) {
      const number = input.number.trim();
      if (!number) throw new AppError('validation_failed', 'number must not be empty', { field: 'number' });
      changes.number = number;
    }
    if (input.issue_date !== undefined) changes.issue_date = parseDate(input.issue_date, 'issue_date');
    if (input.payment_terms !== undefined) {
      changes.payment_terms = input.payment_terms ? formatPaymentTerms(requirePaymentTerms(input.payment_terms, 'payment_terms')) : null;
    }
    const issueDate = (changes.issue_date ?? current.issue_date) as PlainDate;
    if (input.due_date !== undefined) changes.due_date = parseDate(input.due_date, 'due_date');
    else if (changes.payment_terms || (changes.issue_date && current.payment_terms)) {
      const terms = changes.payment_terms ?? current.payment_terms!;
      changes.due_date = computeDueDate(requirePaymentTerms(terms, 'payment_terms'), issueDate);
    }
    const dueDate = (changes.due_date ?? current.due_date) as PlainDate;
    checkDueAfterIssue(issueDate, dueDate);
    if (input.amount !== undefined) {
      const amount = positiveAmount(input.amount, 'amount');
      const allocated = await allocatedTotal(tx, organization.id, 'invoice_id', invoiceId);
      if (allocated > 0 && amount.currency !== current.currency) {
        throw new AppError('conflict', `invoice ${current.number} has allocations in ${current.currency}; its currency cannot change`, {
          field: 'amount.currency',
        });
      }
      if (amount.minor < allocated) {
        throw new AppError(
          'conflict',
          `invoice ${current.number} already has ${formatMinor(allocated, current.currency)} ${current.currency} allocated; its amount cannot be lower`,
          { field: 'amount.amount' },
        );
      }
      changes.amount_minor = amount.minor;
      changes.currency = amount.currency;
    }
    await failOnDuplicate(() => updateInvoice(tx, organization.id, invoiceId, changes), 'number', `an invoice numbered ${changes.number} already exists`);
    if (input.amount !== undefined) await refuseInexactAmount(tx, organization.id, input.amount);
    const warnings = changes.due_date || changes.issue_date ? warnOnInvoiceDelay(organization.country, issueDate, dueDate) : [];
    return { invoice: (await getInvoice(tx, organization.id, invoiceId))!, warnings };
  });
}
