import { AppError } from '../../core/app-error.js';
import { seesOnlyOwnAccounts, type Role } from '../../core/roles.js';
import type { Db } from '../../adapters/db/database.js';
import { getCustomer } from '../../adapters/db/stores/customers.js';
import type { CustomerRow } from '../../adapters/db/schema.js';

/** Who is asking: a signed-in user or an integration's API key, always inside one organization. */
export interface Caller {
  organizationId: string;
  role: Role;
  /** Null for an API key. */
  userId: string | null;
  /** Null for a signed-in user. */
  apiKeyId: string | null;
}

// Matches no user: a sales caller without a user (not something we issue) sees no account.
const NOBODY = '00000000-0000-0000-0000-000000000000';

/** The account owner a caller is limited to, or undefined when the caller sees every account. */
export function ownerScope(caller: Caller): string | undefined {
  if (!seesOnlyOwnAccounts(caller.role)) return undefined;
  return caller.userId ?? NOBODY;
}

/**
 * The customer, when the caller may see it. Another organization's customer and, for a sales
 * user, someone else's account are both "not found": their existence is not disclosed.
 */
export async function requireVisibleCustomer(db: Db, caller: Caller, customerId: string, field = 'id'): Promise<CustomerRow> {
  const customer = await getCustomer(db, caller.organizationId, customerId);
  const owner = ownerScope(caller);
  if (!customer || (owner !== undefined && customer.owner_user_id !== owner)) {
    throw new AppError('not_found', `customer ${customerId} does not exist`, { field });
  }
  return customer;
}

/** Throws "not found" unless the caller may see the customer a document belongs to. */
export async function requireVisibleDocument<T extends { customer_id: string }>(
  db: Db,
  caller: Caller,
  document: T | undefined,
  what: string,
  id: string,
  field = 'id',
): Promise<T> {
  if (!document) throw new AppError('not_found', `${what} ${id} does not exist`, { field });
  const owner = ownerScope(caller);
  if (owner !== undefined) {
    const customer = await getCustomer(db, caller.organizationId, document.customer_id);
    if (!customer || customer.owner_user_id !== owner) throw new AppError('not_found', `${what} ${id} does not exist`, { field });
  }
  return document;
}
