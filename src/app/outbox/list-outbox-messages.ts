import type { Db } from '../../adapters/db/database.js';
import type { OutboxMessageRow } from '../../adapters/db/schema.js';
import { listOwnedCustomerIds } from '../../adapters/db/stores/customers.js';
import { findOutboxMessage, listOutboxMessages, type OutboxChannel, type OutboxStatus } from '../../adapters/db/stores/outbox.js';
import { AppError } from '../../core/app-error.js';
import { ownerScope, requireVisibleDocument, type Caller } from '../auth/caller.js';

/** The outbox as the caller may see it: a sales user sees the messages of own accounts only. */
export async function listVisibleOutboxMessages(
  db: Db,
  caller: Caller,
  filter: { status?: OutboxStatus; channel?: OutboxChannel; customerId?: string; limit?: number },
): Promise<OutboxMessageRow[]> {
  const owner = ownerScope(caller);
  let customerIds = owner !== undefined ? await listOwnedCustomerIds(db, caller.organizationId, owner) : undefined;
  if (filter.customerId) customerIds = customerIds ? customerIds.filter((id) => id === filter.customerId) : [filter.customerId];
  return listOutboxMessages(db, caller.organizationId, { status: filter.status, channel: filter.channel, customerIds, limit: filter.limit });
}

/** One message, or "not found" when it belongs elsewhere or to an account the caller does not own. */
export async function getVisibleOutboxMessage(db: Db, caller: Caller, id: string): Promise<OutboxMessageRow> {
  const row = await findOutboxMessage(db, caller.organizationId, id);
  if (!row) throw new AppError('not_found', `outbox message ${id} does not exist`, { field: 'id' });
  return requireVisibleDocument(db, caller, row, 'outbox message', id);
}
