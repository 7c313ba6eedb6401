import { AppError } from '../../core/app-error.js';
import { todayIn } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { InboundMessageRow } from '../../adapters/db/inbound-schema.js';
import { attachUnmatchedInbound, getInboundMessage } from '../../adapters/db/stores/inbound-messages.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import { getOrganization } from '../../adapters/db/stores/organizations.js';
import { requireVisibleCustomer, type Caller } from '../auth/caller.js';
import { requireVisibleInbound } from './find-inbound-message.js';
import { landInboundMessage } from './land-inbound-message.js';

/**
 * A person says whose an unmatched email is: it then lands as if threading had found it — in the
 * customer's timeline and, for a person's reply, as a task to answer it.
 */
export async function attachInboundMessage(db: Db, caller: Caller, id: string, customerId: string, now: Date): Promise<InboundMessageRow> {
  const message = await requireVisibleInbound(db, caller, id);
  if (message.customer_id !== null) throw new AppError('conflict', 'this email is already attached to a customer', { field: 'id' });
  const customer = await requireVisibleCustomer(db, caller, customerId, 'customer_id');
  const organization = (await getOrganization(db, caller.organizationId))!;
  return inTransaction(db, async (tx) => {
    const status = message.kind === 'human' ? 'open' : 'automatic';
    // Two people attaching at once: the second finds it attached and changes nothing.
    if (!(await attachUnmatchedInbound(tx, organization.id, message.id, customer.id, status))) throw new AppError('conflict', 'this email is already attached to a customer', { field: 'id' });
    await landInboundMessage(tx, { ...message, customer_id: customer.id, matched_by: 'person', status }, customer, todayIn(organization.time_zone, now));
    return (await getInboundMessage(tx, organization.id, message.id))!;
  });
}
