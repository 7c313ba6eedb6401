import { AppError } from '../core/app-error.js';
import { moneyFromJson, type MoneyJson } from '../core/money.js';
import { formatPaymentTerms, requirePaymentTerms } from '../core/payment-terms.js';
import type { Db } from '../adapters/db/database.js';
import type { CustomerRow, OrganizationRow } from '../adapters/db/schema.js';
import { createCustomer, getCustomer, updateCustomer, type CustomerChanges } from '../adapters/db/stores/customers.js';
import { failOnDuplicate } from '../adapters/db/stores/unique-violation.js';
import { getUser } from '../adapters/db/stores/users.js';
import { warnOnCustomerTerms, type SaveWarning } from './warn-on-legal-cap.js';

/** A customer as an API client writes it; absent fields are left as they are on update. */
export interface CustomerInput {
  reference?: string;
  name?: string;
  registration_id?: string | null;
  vat_id?: string | null;
  language?: string;
  segment?: string | null;
  owner_user_id?: string | null;
  credit_limit?: MoneyJson | null;
  payment_terms?: string | null;
}

async function toChanges(db: Db, organization: OrganizationRow, input: CustomerInput): Promise<{ changes: CustomerChanges; warnings: SaveWarning[] }> {
  const changes: CustomerChanges = {};
  const warnings: SaveWarning[] = [];
  if (input.reference !== undefined) {
    const reference = input.reference.trim();
    if (!reference) throw new AppError('validation_failed', 'reference must not be empty', { field: 'reference' });
    changes.external_ref = reference;
  }
  if (input.name !== undefined) {
    const name = input.name.trim();
    if (!name) throw new AppError('validation_failed', 'name must not be empty', { field: 'name' });
    changes.name = name;
  }
  if (input.registration_id !== undefined) changes.registration_id = input.registration_id?.trim() || null;
  if (input.vat_id !== undefined) changes.vat_id = input.vat_id?.trim() || null;
  if (input.language !== undefined) changes.language = input.language;
  if (input.segment !== undefined) changes.segment = input.segment?.trim() || null;
  if (input.owner_user_id !== undefined) {
    if (input.owner_user_id !== null && !(await getUser(db, organization.id, input.owner_user_id))) {
      throw new AppError('not_found', `user ${input.owner_user_id} does not exist`, { field: 'owner_user_id' });
    }
    changes.owner_user_id = input.owner_user_id;
  }
  if (input.credit_limit !== undefined) {
    if (input.credit_limit === null) changes.credit_limit_minor = null;
    else {
      const limit = moneyFromJson(input.credit_limit, 'credit_limit');
      if (limit.currency !== organization.currency) {
        throw new AppError('validation_failed', `credit_limit must be in ${organization.currency}, the organization's currency`, {
          field: 'credit_limit.currency',
        });
      }
      if (limit.minor < 0) throw new AppError('validation_failed', 'credit_limit must not be negative', { field: 'credit_limit.amount' });
      changes.credit_limit_minor = limit.minor;
    }
  }
  if (input.payment_terms !== undefined) {
    if (input.payment_terms === null || input.payment_terms.trim() === '') changes.payment_terms = null;
    else {
      const terms = requirePaymentTerms(input.payment_terms, 'payment_terms');
      changes.payment_terms = formatPaymentTerms(terms);
      warnings.push(...warnOnCustomerTerms(organization.country, terms));
    }
  }
  return { changes, warnings };
}

const duplicateMessage = (reference: string | undefined) => `another customer already has the reference ${reference ?? ''}`.trim();

export async function createCustomerFromInput(
  db: Db,
  organization: OrganizationRow,
  input: CustomerInput & { reference: string; name: string },
): Promise<{ customer: CustomerRow; warnings: SaveWarning[] }> {
  const { changes, warnings } = await toChanges(db, organization, input);
  const customer = await failOnDuplicate(
    () =>
      createCustomer(db, organization.id, {
        externalRef: changes.external_ref!,
        name: changes.name!,
        registrationId: changes.registration_id ?? null,
        vatId: changes.vat_id ?? null,
        language: changes.language ?? (organization.locale.slice(0, 2) || 'fr'),
        segment: changes.segment ?? null,
        ownerUserId: changes.owner_user_id ?? null,
        creditLimitMinor: changes.credit_limit_minor ?? null,
        paymentTerms: changes.payment_terms ?? null,
      }),
    'reference',
    duplicateMessage(changes.external_ref),
  );
  return { customer, warnings };
}

export async function updateCustomerFromInput(
  db: Db,
  organization: OrganizationRow,
  customerId: string,
  input: CustomerInput,
): Promise<{ customer: CustomerRow; warnings: SaveWarning[] }> {
  if (!(await getCustomer(db, organization.id, customerId))) throw new AppError('not_found', `customer ${customerId} does not exist`, { field: 'id' });
  const { changes, warnings } = await toChanges(db, organization, input);
  const customer = await failOnDuplicate(() => updateCustomer(db, organization.id, customerId, changes), 'reference', duplicateMessage(changes.external_ref));
  return { customer: customer!, warnings };
}
