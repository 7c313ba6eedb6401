import type { Db } from '../../adapters/db/database.js';
import { queueWebhookEvent, type WebhookEvent } from '../../adapters/db/stores/webhooks.js';

/**
 * Records that something happened, for the organization's webhook endpoints subscribed to it.
 * Nothing is sent here: a delivery row per endpoint joins the caller's transaction, and
 * `deliverDueWebhooks` posts it later, so a slow or broken endpoint never holds up the run.
 */
export async function emitEvent(db: Db, organizationId: string, type: WebhookEvent, data: Record<string, unknown>): Promise<void> {
  await queueWebhookEvent(db, organizationId, type, data);
}
