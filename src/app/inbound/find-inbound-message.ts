import { AppError } from '../../core/app-error.js';
import type { Db } from '../../adapters/db/database.js';
import type { InboundMessageRow } from '../../adapters/db/inbound-schema.js';
import { getInboundMessage } from '../../adapters/db/stores/inbound-messages.js';
import { ownerScope, requireVisibleDocument, type Caller } from '../auth/caller.js';

/**
 * The received email, if the caller may see it: another organization's is "not found", and so
 * is, for a sales rep, one of someone else's account or one attached to no customer yet.
 */
export async function requireVisibleInbound(db: Db, caller: Caller, id: string): Promise<InboundMessageRow> {
  const message = await getInboundMessage(db, caller.organizationId, id);
  if (!message) throw new AppError('not_found', `received email ${id} does not exist`, { field: 'id' });
  if (message.customer_id === null) {
    if (ownerScope(caller) !== undefined) throw new AppError('not_found', `received email ${id} does not exist`, { field: 'id' });
    return message;
  }
  return requireVisibleDocument(db, caller, { ...message, customer_id: message.customer_id }, 'received email', id);
}
