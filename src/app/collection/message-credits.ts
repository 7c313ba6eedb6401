import type { Currency } from '../../core/money.js';
import type { TemplateCredit } from '../../core/templates/template-context.js';
import type { Db } from '../../adapters/db/database.js';
import type { OpenInvoice } from '../../adapters/db/stores/open-items.js';
import { listUnappliedCreditDocuments } from '../../adapters/db/stores/unapplied-credit-documents.js';

/**
 * The payments on account, credit notes and overpaid invoices a message deducts from what it
 * asks, one line each with its date: the same credit the decision subtracted, so the invoices
 * listed minus these lines is the balance demanded. Read only when there is some.
 */
export async function messageCreditsOf(db: Db, organizationId: string, customerId: string, currency: Currency, openInvoices: readonly OpenInvoice[], unappliedCreditMinor: number): Promise<TemplateCredit[]> {
  const credits: TemplateCredit[] = [];
  if (unappliedCreditMinor !== 0) {
    for (const document of await listUnappliedCreditDocuments(db, organizationId, customerId)) {
      if (document.currency !== currency) continue;
      credits.push({ kind: document.kind, reference: document.reference, date: document.date, amount: { minor: document.unappliedMinor, currency } });
    }
  }
  for (const invoice of openInvoices) {
    if (invoice.currency === currency && invoice.openMinor < 0) credits.push({ kind: 'overpayment', reference: invoice.number, date: invoice.dueDate, amount: { minor: -invoice.openMinor, currency } });
  }
  return credits;
}
