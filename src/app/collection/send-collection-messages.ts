import type { Db } from '../../adapters/db/database.js';
import { syncActionsWithOutbox } from '../../adapters/db/stores/collection-actions.js';
import type { ChannelTransports } from '../../adapters/channels/channel-transport.js';
import { sendDueMessages, type SendSummary } from '../outbox/send-due-messages.js';
import { checkMessageStillDue } from './check-message-still-due.js';

/**
 * Hands the due messages to the outbox worker with the last check of invariant 1 (every
 * listed invoice still open for the amount stated, none disputed, no hold or promise since),
 * then marks the organization's actions sent, failed or cancelled as their messages went.
 */
export async function sendCollectionMessages(
  db: Db,
  organizationId: string,
  options: { now: Date; workerId: string; transports?: ChannelTransports },
): Promise<SendSummary> {
  const summary = await sendDueMessages(db, {
    now: options.now,
    workerId: options.workerId,
    ...(options.transports ? { transports: options.transports } : {}),
    beforeSend: (message) => checkMessageStillDue(db, message.organization_id, message.action_id, options.now),
  });
  await syncActionsWithOutbox(db, organizationId);
  return summary;
}
