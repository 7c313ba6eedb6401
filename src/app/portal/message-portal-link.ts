import type { Db } from '../../adapters/db/database.js';
import { insertPortalLink } from '../../adapters/db/stores/portal-links.js';
import { newSecretToken } from '../../adapters/security/tokens.js';
import { DEFAULT_PORTAL_LINK_DAYS, portalBaseUrl, portalLinkRow, portalUrl } from './portal-links.js';

/**
 * How the messages of a run, an approval or a preview link to the debtor page: the public base
 * (PUBLIC_URL, or the address `relance serve` listens at), whether links are made for real or
 * shown as an example (previews, dry runs), and the clock links count their days from.
 */
export interface MessageLinkOptions {
  base?: string | undefined;
  example?: boolean;
  now?: Date;
}

/** The token previews print in place of a real one: it opens nothing. */
export const EXAMPLE_PORTAL_TOKEN = 'example-link-shown-in-previews-only';

/** A message's link to the debtor page, made before the message is rendered and kept only if the message goes out with it. */
export interface MessagePortalLink {
  /** What the template's `portal_url` prints; empty when no public base is known. */
  url: string;
  /**
   * Keeps the link once its message is written (same transaction): only when one of the
   * rendered texts carries it, so a template that prints no link leaves no link behind.
   */
  keep(db: Db, organizationId: string, customerId: string, rendered: readonly (string | null | undefined)[]): Promise<void>;
}

const nothingToKeep = async () => {};

/**
 * The link a message carries. The organization's own page address (portal_base_url) wins over
 * the server's; with neither, messages carry no link.
 */
export function messagePortalLink(settings: { portalBaseUrl: string | null }, options: MessageLinkOptions = {}): MessagePortalLink {
  const base = portalBaseUrl(settings, options.base ?? '');
  if (!base) return { url: '', keep: nothingToKeep };
  if (options.example) return { url: portalUrl(base, EXAMPLE_PORTAL_TOKEN), keep: nothingToKeep };
  const token = newSecretToken();
  const url = portalUrl(base, token);
  const now = options.now ?? new Date();
  return {
    url,
    async keep(db, organizationId, customerId, rendered) {
      if (!rendered.some((text) => text?.includes(token))) return;
      await insertPortalLink(db, portalLinkRow(organizationId, customerId, token, { now, days: DEFAULT_PORTAL_LINK_DAYS, by: null, purpose: 'message' }));
    },
  };
}
