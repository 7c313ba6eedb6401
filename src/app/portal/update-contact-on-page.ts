import type { Db } from '../../adapters/db/database.js';
import type { DebtorRequestRow } from '../../adapters/db/debtor-request-schema.js';
import { createContact, listContacts, updateContact } from '../../adapters/db/stores/contacts.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import { DebtorRefusal } from './debtor-refusal.js';
import { pageContextOf, pageText, quoted, recordDebtorRequest, type PageAccess } from './record-debtor-request.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface PageContactInput {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
}

/** The customer names who pays its invoices: it becomes the accounts-payable contact reminders go to. */
export async function updateContactOnPage(db: Db, access: PageAccess, input: PageContactInput, now: Date): Promise<DebtorRequestRow> {
  const context = await pageContextOf(db, access, now);
  const { organization, customer } = context;
  const name = pageText(input.name, 'name', false);
  const email = pageText(input.email, 'email', true)!;
  const phone = pageText(input.phone, 'phone', false);
  if (!EMAIL.test(email) || email.length > 254) throw new DebtorRefusal('invalid_email', `"${email}" is not an email address`, 'email');
  if (phone && !/^\+?[0-9 ().-]{6,25}$/.test(phone)) throw new DebtorRefusal('invalid_field', `"${phone}" is not a telephone number`, 'phone');
  if (name && name.length > 200) throw new DebtorRefusal('text_too_long', 'name is longer than 200 characters', 'name');
  return inTransaction(db, async (tx) => {
    const existing = (await listContacts(tx, organization.id, customer.id)).find((contact) => contact.role === 'accounts_payable');
    const contact = existing ? await updateContact(tx, organization.id, existing.id, { name, email, phone }) : await createContact(tx, organization.id, customer.id, { name, email, phone, role: 'accounts_payable' });
    const who = [name ? quoted(name) : null, email, phone].filter((part) => part !== null).join(', ');
    return recordDebtorRequest(tx, context, {
      kind: 'contact',
      status: 'accepted_automatically',
      payload: { name, email, phone, contact_id: contact?.id ?? null },
      message: null,
      subjectId: contact?.id ?? null,
      task: null,
      timeline: { kind: 'debtor_request', summary: { en: `On its page, the customer gave its accounts-payable contact: ${who}`, fr: `Sur sa page, le client a indiqué son contact comptabilité fournisseurs : ${who}` } },
    });
  });
}
