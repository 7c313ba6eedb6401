import type { Db } from '../../src/adapters/db/database.js';
import type { CustomerRow, OrganizationRow } from '../../src/adapters/db/schema.js';
import { insertActionOnce } from '../../src/adapters/db/stores/collection-actions.js';
import { ensureOpenCase } from '../../src/adapters/db/stores/collection-cases.js';
import { saveCollectionSettings } from '../../src/adapters/db/stores/collection-settings.js';
import { createContact } from '../../src/adapters/db/stores/contacts.js';
import { createCustomer } from '../../src/adapters/db/stores/customers.js';
import { createInvoice } from '../../src/adapters/db/stores/documents.js';
import { createOrganization } from '../../src/adapters/db/stores/organizations.js';

/**
 * A French creditor with a bank account and a sender email, as the collection run needs them
 * (without a sender email its emails stay in the outbox); `senderEmail: null` leaves it unset.
 */
export async function collectionOrganization(db: Db, name = 'Atelier Durand', options: { senderEmail?: string | null } = {}): Promise<OrganizationRow> {
  const organization = await createOrganization(db, {
    name,
    legalName: `${name} SAS`,
    country: 'FR',
    currency: 'EUR',
    timeZone: 'Europe/Paris',
    locale: 'fr',
    address: '12 rue des Tanneurs, 69002 Lyon',
    bankAccounts: [{ label: 'main', iban: 'FR76 3000 6000 0112 3456 7890 189', bic: 'AGRIFRPP' }],
  });
  const senderEmail = options.senderEmail === undefined ? `relances@${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example` : options.senderEmail;
  if (senderEmail) await saveCollectionSettings(db, organization.id, { senderEmail });
  return organization;
}

/** A customer reachable by email and post, with invoices given as [number, due date, amount in cents]. */
export async function customerWithInvoices(
  db: Db,
  organizationId: string,
  ref: string,
  invoices: readonly (readonly [string, string, number])[],
  options: { language?: string } = {},
): Promise<{ customer: CustomerRow; invoiceIds: Record<string, string> }> {
  const customer = await createCustomer(db, organizationId, { externalRef: ref, name: `Customer ${ref}`, language: options.language ?? 'en' });
  await createContact(db, organizationId, customer.id, { name: `Payables ${ref}`, email: `ap-${ref.toLowerCase()}@example.test`, phone: '+33600000000', address: `1 rue ${ref}, 75001 Paris`, role: 'accounts_payable' });
  const invoiceIds: Record<string, string> = {};
  for (const [number, dueDate, amountMinor] of invoices) {
    const issue = new Date(`${dueDate}T00:00:00Z`);
    issue.setUTCDate(issue.getUTCDate() - 30);
    const row = await createInvoice(db, organizationId, { customerId: customer.id, number, issueDate: issue.toISOString().slice(0, 10), dueDate, currency: 'EUR', amountMinor });
    invoiceIds[number] = row.id;
  }
  return { customer, invoiceIds };
}

/**
 * Writes the steps a customer already had, as sent, in an open case: for tests that start
 * further along the scenario than a first contact (escalation goes one step at a time).
 */
export async function alreadyReminded(db: Db, organizationId: string, customerId: string, steps: readonly (readonly [string, string])[]): Promise<void> {
  const { openCase } = await ensureOpenCase(db, organizationId, customerId, steps[0]![1]);
  for (const [stepId, on] of steps) {
    await insertActionOnce(db, organizationId, {
      customer_id: customerId,
      case_id: openCase.id,
      episode_key: openCase.id,
      step_id: stepId,
      scenario_id: 'standard',
      channel: 'email',
      status: 'sent',
      planned_on: on,
      not_before: null,
      invoice_numbers: '[]',
      invoice_ids: '[]',
      invoice_amounts: '[]',
      balance_minor: 0,
      currency: 'EUR',
      reason_en: 'Sent before this test',
      reason_fr: 'Envoyé avant ce test',
    });
  }
}
