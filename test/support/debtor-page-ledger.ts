import type { Db } from '../../src/adapters/db/database.js';
import type { CustomerRow, OrganizationRow } from '../../src/adapters/db/schema.js';
import { getInvoice } from '../../src/adapters/db/stores/documents.js';
import { attachInvoicePdf } from '../../src/app/attach-invoice-pdfs.js';
import { collectionOrganization, customerWithInvoices } from './collection-ledger.js';

/** Friday 16 May 2025, 10:00 in Paris: the day the debtor page tests open the page. */
export const DEBTOR_PAGE_NOW = new Date('2025-05-16T08:00:00Z');

/** The document on file for the first invoice. */
export const ISSUED_PDF = Buffer.from('%PDF-1.4\n% the invoice as issued\n');

/**
 * A French creditor and a French-speaking customer owing three invoices on 16 May 2025: one 16
 * days late (with its PDF on file), one a day late, one due in 30 days.
 */
export async function debtorPageLedger(db: Db): Promise<{ org: OrganizationRow; customer: CustomerRow; invoiceIds: Record<string, string> }> {
  const org = await collectionOrganization(db, 'Atelier Durand');
  const { customer, invoiceIds } = await customerWithInvoices(
    db,
    org.id,
    'C001',
    [
      ['F-2025-101', '2025-04-30', 1234_56],
      ['F-2025-102', '2025-05-15', 300_00],
      ['F-2025-103', '2025-06-15', 99_90],
    ],
    { language: 'fr' },
  );
  await attachInvoicePdf(db, (await getInvoice(db, org.id, invoiceIds['F-2025-101']!))!, ISSUED_PDF);
  return { org, customer, invoiceIds };
}
