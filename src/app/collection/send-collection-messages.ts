import type { Db } from '../../adapters/db/database.js';
import type { OrganizationRow } from '../../adapters/db/schema.js';
import { syncActionsWithOutbox } from '../../adapters/db/stores/collection-actions.js';
import { getCollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import type { ChannelTransports } from '../../adapters/channels/channel-transport.js';
import { emptySendSummary, sendDueMessages, type SendSummary } from '../outbox/send-due-messages.js';
import { checkMessageStillDue } from './check-message-still-due.js';
import { isInsideSendingWindow } from './sending-window.js';

/**
 * Hands the organization's due messages to the outbox worker with the last check of
 * invariant 1 (every listed invoice still open for the amount stated, none disputed, no hold
 * or promise since), then marks its actions sent, failed or cancelled as their messages went.
 * Outside business days and hours it sends nothing (invariant 4): the messages wait, queued.
 */
export async function sendCollectionMessages(
  db: Db,
  organization: OrganizationRow,
  options: { now: Date; workerId: string; transports?: ChannelTransports },
): Promise<SendSummary> {
  const settings = await getCollectionSettings(db, organization.id);
  if (!isInsideSendingWindow(organization, settings, options.now)) return emptySendSummary();
  const summary = await sendDueMessages(db, {
    now: options.now,
    workerId: options.workerId,
    organizationId: organization.id,
    ...(options.transports ? { transports: options.transports } : {}),
    beforeSend: (message) => checkMessageStillDue(db, message.organization_id, message.action_id, options.now),
  });
  await syncActionsWithOutbox(db, organization.id);
  return summary;
}
