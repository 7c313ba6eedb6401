import { toMoneyJson } from '../core/money.js';
import { asOfIn, type AsOf, type PlainDate } from '../core/plain-date.js';
import type { Db } from '../adapters/db/database.js';
import type { CustomerRow, OrganizationRow } from '../adapters/db/schema.js';
import { listContacts } from '../adapters/db/stores/contacts.js';
import { renderStatementPdf } from '../adapters/channels/statement/render-statement-pdf.js';
import { printedBankDetails } from './bank-details.js';
import { messageLanguageOf } from './collection/build-template-context.js';
import { findRecipient } from './collection/find-recipient.js';
import { getCustomerBalances } from './get-customer-balances.js';
import { getCustomerOpenItems } from './get-customer-open-items.js';
import { getCustomerStatement } from './get-customer-statement.js';

export interface StatementPdf {
  fileName: string;
  content: Buffer;
}

/**
 * The customer's statement as a PDF, as of a day (today unless told). Every figure comes from
 * the functions behind the API: the account and its balance from the statement
 * (GET /api/customers/:id/statement), the open invoices and unapplied credit from the open
 * items, the overdue amount from the aging computation. It is in one currency, the
 * organization's unless told, like the statement.
 */
export async function renderCustomerStatementPdf(
  db: Db,
  organization: OrganizationRow,
  customer: CustomerRow,
  options: AsOf & { from?: PlainDate; currency?: string },
): Promise<StatementPdf> {
  const asOf = asOfIn(organization.time_zone, options);
  const currency = options.currency ?? organization.currency;
  const [statement, openItems, balances, contacts] = await Promise.all([
    getCustomerStatement(db, organization, customer, { to: asOf, currency, ...(options.from ? { from: options.from } : {}) }),
    getCustomerOpenItems(db, organization, customer.id, { asOf }),
    getCustomerBalances(db, organization.id, { asOf, currency, customerId: customer.id }),
    listContacts(db, organization.id, customer.id),
  ]);
  // The same account and reference the reminders' payment block gives (build-template-context).
  const bank = printedBankDetails(organization);
  const content = await renderStatementPdf({
    language: messageLanguageOf(customer),
    date: asOf,
    creditor: { name: organization.legal_name, address: organization.address },
    customer: { name: customer.name, reference: customer.external_ref, address: findRecipient(customer, contacts, 'letter')?.postalAddress ?? null },
    statement,
    openItems: openItems.items.filter((item) => item.open.currency === currency),
    unappliedCredit: openItems.unapplied_credits.find((credit) => credit.currency === currency) ?? null,
    overdue: toMoneyJson(balances.aging.byCustomer.get(customer.id)?.overdue ?? 0, currency),
    payment: bank ? { beneficiary: bank.beneficiary, iban: bank.iban, bic: bank.bic || null, reference: customer.external_ref } : null,
  });
  return { fileName: statementFileName(customer.external_ref, asOf), content };
}

/** `statement-<customer ref>-<date>.pdf`, with whatever a file name cannot hold in the reference replaced. */
function statementFileName(reference: string, date: PlainDate): string {
  return `statement-${reference.replace(/[^A-Za-z0-9._-]+/g, '_')}-${date}.pdf`;
}
