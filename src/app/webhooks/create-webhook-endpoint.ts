import { AppError } from '../../core/app-error.js';
import type { Db } from '../../adapters/db/database.js';
import type { WebhookEndpointRow } from '../../adapters/db/schema.js';
import { insertWebhookEndpoint, WEBHOOK_EVENTS, type WebhookEvent } from '../../adapters/db/stores/webhooks.js';
import { outboundPolicyFromEnv } from '../../adapters/net/outbound-policy.js';
import { findPrivateAddress } from '../../adapters/net/public-address.js';
import { newSecretToken } from '../../adapters/security/tokens.js';

export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/**
 * Registers an endpoint. Its signing secret is returned here only; the database keeps it as
 * is, because every delivery must be signed with it (a hash could not sign). An address
 * inside the server's network (loopback, private, link-local, cloud metadata) is refused
 * unless the operator allows it (`allowPrivateAddresses`, ALLOW_PRIVATE_WEBHOOKS=1 when left
 * out): a webhook must not let an organization probe the network the server sits in.
 */
export async function createWebhookEndpoint(
  db: Db,
  organizationId: string,
  input: { url: string; events: readonly string[]; createdBy: string | null },
  options: { allowPrivateAddresses?: boolean } = {},
): Promise<{ row: WebhookEndpointRow; secret: string }> {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw new AppError('validation_failed', `url must be an absolute http or https URL, got "${input.url}"`, { field: 'url' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('validation_failed', `url must use http or https, got "${url.protocol}"`, { field: 'url' });
  }
  if (!(options.allowPrivateAddresses ?? outboundPolicyFromEnv().allowPrivateAddresses)) {
    const refused = await findPrivateAddress(url);
    if (refused) {
      throw new AppError('validation_failed', `url must reach a public address: ${refused.message}, which the server does not send webhooks to`, { field: 'url' });
    }
  }
  const unknown = input.events.filter((event) => !(WEBHOOK_EVENTS as readonly string[]).includes(event));
  if (unknown.length > 0) {
    throw new AppError('validation_failed', `unknown event ${unknown.map((e) => `"${e}"`).join(', ')}; known: ${WEBHOOK_EVENTS.join(', ')}`, { field: 'events' });
  }
  if (input.events.length === 0) throw new AppError('validation_failed', 'events must name at least one event', { field: 'events' });
  const secret = newSecretToken(WEBHOOK_SECRET_PREFIX);
  const events = [...new Set(input.events)] as WebhookEvent[];
  const row = await insertWebhookEndpoint(db, organizationId, { url: url.toString(), events, secret, createdBy: input.createdBy });
  return { row, secret };
}
