import type { Db } from '../../adapters/db/database.js';
import { claimWebhookDelivery, listDueWebhookDeliveries, settleWebhookDelivery, type DueWebhookDelivery } from '../../adapters/db/stores/webhooks.js';
import { outboundPolicyFromEnv } from '../../adapters/net/outbound-policy.js';
import { postToUrl } from '../../adapters/net/post-to-url.js';
import { PrivateAddressError } from '../../adapters/net/public-address.js';
import { SIGNATURE_HEADER, signWebhookPayload } from './sign-webhook-payload.js';
import { WEBHOOK_MAX_ATTEMPTS, webhookRetryDelaySeconds } from './webhook-retry-delay.js';

export interface DeliverWebhooksOptions {
  now: Date;
  limit?: number;
  /** Milliseconds to wait for an answer before counting the attempt as failed. */
  timeoutMs?: number;
  /** Let endpoints on loopback, private or link-local addresses be reached; ALLOW_PRIVATE_WEBHOOKS=1 when left out. */
  allowPrivateAddresses?: boolean;
}

export interface WebhookDeliverySummary {
  delivered: number;
  retrying: number;
  failed: number;
}

// A receiver that neither answers nor refuses within this lease may be tried again.
const LEASE_SECONDS = 120;

/**
 * Posts every pending delivery that is due, signed with its endpoint's secret. A 2xx answer
 * marks it delivered; anything else (or no answer) is retried later with exponential
 * back-off, and given up after `WEBHOOK_MAX_ATTEMPTS`. Delivery is at least once: receivers
 * deduplicate on the event `id`.
 */
export async function deliverDueWebhooks(db: Db, options: DeliverWebhooksOptions): Promise<WebhookDeliverySummary> {
  const { now } = options;
  const allowPrivateAddresses = options.allowPrivateAddresses ?? outboundPolicyFromEnv().allowPrivateAddresses;
  const summary: WebhookDeliverySummary = { delivered: 0, retrying: 0, failed: 0 };
  const due = await listDueWebhookDeliveries(db, now.toISOString(), options.limit ?? 100);
  for (const delivery of due) {
    if (!(await claimWebhookDelivery(db, delivery, new Date(now.getTime() + LEASE_SECONDS * 1000).toISOString()))) continue;
    const outcome = await post(delivery, now, options.timeoutMs ?? 10_000, allowPrivateAddresses);
    const attempts = delivery.attempts + 1;
    if (outcome.ok) {
      await settleWebhookDelivery(db, delivery, { status: 'delivered', attempts, response_code: outcome.code, last_error: null, next_attempt_at: delivery.next_attempt_at, delivered_at: now.toISOString() });
      summary.delivered += 1;
      continue;
    }
    // An address refused now would be refused at every retry too.
    const givingUp = outcome.refused || attempts >= WEBHOOK_MAX_ATTEMPTS;
    await settleWebhookDelivery(db, delivery, {
      status: givingUp ? 'failed' : 'pending',
      attempts,
      response_code: outcome.code,
      last_error: outcome.error,
      next_attempt_at: new Date(now.getTime() + webhookRetryDelaySeconds(attempts) * 1000).toISOString(),
      delivered_at: null,
    });
    if (givingUp) summary.failed += 1;
    else summary.retrying += 1;
  }
  return summary;
}

async function post(
  delivery: DueWebhookDelivery,
  now: Date,
  timeoutMs: number,
  allowPrivateAddresses: boolean,
): Promise<{ ok: true; code: number } | { ok: false; code: number | null; error: string; refused: boolean }> {
  const timestamp = Math.floor(now.getTime() / 1000);
  try {
    const status = await postToUrl(new URL(delivery.url), {
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Relance-Webhooks',
        'relance-event': delivery.event_type,
        'relance-delivery': delivery.id,
        [SIGNATURE_HEADER]: signWebhookPayload(delivery.secret, delivery.payload, timestamp),
      },
      body: delivery.payload,
      timeoutMs,
      allowPrivateAddresses,
    });
    if (status >= 200 && status < 300) return { ok: true, code: status };
    return { ok: false, code: status, error: `the endpoint answered ${status}`, refused: false };
  } catch (error) {
    if (error instanceof PrivateAddressError) {
      return { ok: false, code: null, error: `not sent: ${error.message}; webhooks only reach public addresses`, refused: true };
    }
    return { ok: false, code: null, error: error instanceof Error ? error.message : String(error), refused: false };
  }
}
