import type { Db } from '../../adapters/db/database.js';
import type { OrganizationRow } from '../../adapters/db/schema.js';
import { syncActionsWithOutbox } from '../../adapters/db/stores/collection-actions.js';
import { getCollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { countQueuedMessages } from '../../adapters/db/stores/outbox.js';
import type { ChannelTransports } from '../../adapters/channels/channel-transport.js';
import { emptySendSummary, sendDueMessages, type SendSummary } from '../outbox/send-due-messages.js';
import { todayIn } from '../../core/plain-date.js';
import { openDeliveryTasks } from '../outbox/open-delivery-tasks.js';
import { checkMessageStillDue } from './check-message-still-due.js';
import { isInsideSendingWindow } from './sending-window.js';
import { isAnswerToCustomer } from '../inbound/answer-action.js';
import { isPortalCodeMessage } from '../portal/portal-code.js';
import { isMandateMessage } from '../agency/mandate-message-action.js';
import { checkMandateMessageLive } from '../agency/check-mandate-message.js';
import { isHandOffEmail } from '../mandates/outside-partner-email.js';

/**
 * Hands the organization's due messages to the outbox worker with the last check of
 * invariant 1 (every listed invoice still open for the amount stated, none disputed, no hold
 * or promise since), then marks its actions sent, failed or cancelled as their messages went,
 * and gives a person a task for each message refused for good or of unknown fate. Outside
 * business days and hours it sends nothing (invariant 4): the messages wait, queued. While
 * the organization has no sender email, its emails wait too (`held` counts those due).
 */
export async function sendCollectionMessages(
  db: Db,
  organization: OrganizationRow,
  options: { now: Date; workerId: string; transports?: ChannelTransports; limit?: number },
): Promise<SendSummary> {
  const settings = await getCollectionSettings(db, organization.id);
  if (!isInsideSendingWindow(organization, settings, options.now)) return emptySendSummary();
  // Without a sender email an email would leave from an address nobody reads, and the
  // customer's answer would be lost: emails wait in the queue until one is set.
  const holdEmails = !settings.senderEmail;
  const summary = await sendDueMessages(db, {
    now: options.now,
    workerId: options.workerId,
    organizationId: organization.id,
    ...(holdEmails ? { holdChannels: ['email'] as const } : {}),
    ...(options.transports ? { transports: options.transports } : {}),
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    beforeSend: async (message) => {
      // A partner's message on a handed case is no step of this organization's scenario: it leaves while the mandate lasts.
      if (isMandateMessage(message) || isHandOffEmail(message)) return checkMandateMessageLive(db, message, options.now);
      return isAnswerToCustomer(message) || isPortalCodeMessage(message) ? { send: true } : checkMessageStillDue(db, message.organization_id, message.action_id, options.now);
    },
  });
  if (holdEmails) summary.held = await countQueuedMessages(db, organization.id, { channel: 'email', dueBy: options.now.toISOString() });
  await syncActionsWithOutbox(db, organization.id);
  await openDeliveryTasks(db, organization.id, todayIn(organization.time_zone, options.now));
  return summary;
}
