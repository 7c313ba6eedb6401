import { AppError } from '../../core/app-error.js';
import type { Db } from '../../adapters/db/database.js';
import { newId } from '../../adapters/db/ids.js';
import type { PortalLinkPurpose, PortalLinkRow } from '../../adapters/db/portal-schema.js';
import { getCustomer } from '../../adapters/db/stores/customers.js';
import { findLivePortalLink, insertPortalLink, revokeCustomerPortalLinks, type LivePortalLink } from '../../adapters/db/stores/portal-links.js';
import { hashToken, newSecretToken } from '../../adapters/security/tokens.js';

/** Whom an opened debtor-page link speaks for: one customer of one organization. */
export interface PortalAccess {
  linkId: string;
  organizationId: string;
  customerId: string;
}

/** How long a link lasts when nobody says otherwise. */
export const DEFAULT_PORTAL_LINK_DAYS = 90;
/** The longest a link may last: a link in an old message should not open the page for ever. */
export const MAX_PORTAL_LINK_DAYS = 366;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The address of a debtor page: the public base (its origin and any path prefix), then /p/ and the token. */
export function portalUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/p/${token}`;
}

/**
 * The base of the links a creditor sends: the organization's own setting when it has one (its
 * page behind another address), else the server's public address.
 */
export function portalBaseUrl(settings: { portalBaseUrl: string | null }, publicUrl: string): string {
  return settings.portalBaseUrl?.trim() || publicUrl;
}

/** A token as newSecretToken writes it: 43 URL-safe base64 characters (256 bits). */
export function looksLikePortalToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

/**
 * Makes a new link to a customer's debtor page. The token is returned once, here, and stored
 * only as its hash: nobody can read a link back, only make a new one.
 */
export async function issuePortalLink(
  db: Db,
  organizationId: string,
  customerId: string,
  options: { now: Date; days?: number; by: string | null; publicUrl: string; purpose?: PortalLinkPurpose },
): Promise<{ token: string; url: string; expiresAt: string }> {
  const days = options.days ?? DEFAULT_PORTAL_LINK_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_PORTAL_LINK_DAYS) {
    throw new AppError('validation_failed', `a link lasts from 1 to ${MAX_PORTAL_LINK_DAYS} days, got ${days}`, { field: 'days' });
  }
  if (!(await getCustomer(db, organizationId, customerId))) throw new AppError('not_found', 'no such customer');
  const token = newSecretToken();
  const row = portalLinkRow(organizationId, customerId, token, { ...options, days, purpose: options.purpose ?? 'manual' });
  await insertPortalLink(db, row);
  const expiresAt = row.expires_at;
  return { token, url: portalUrl(options.publicUrl, token), expiresAt };
}

/** The stored form of a new link: its token's hash, never the token. */
export function portalLinkRow(
  organizationId: string,
  customerId: string,
  token: string,
  options: { now: Date; days: number; by: string | null; purpose: PortalLinkPurpose },
): PortalLinkRow {
  return {
    id: newId(),
    organization_id: organizationId,
    customer_id: customerId,
    token_hash: hashToken(token),
    purpose: options.purpose,
    created_at: options.now.toISOString(),
    expires_at: new Date(options.now.getTime() + options.days * DAY_MS).toISOString(),
    revoked_at: null,
    created_by: options.by,
    code_hash: null,
    code_expires_at: null,
    code_attempts_left: null,
  };
}

/** Revokes every live link of a customer, the ones in sent messages too; returns how many. */
export async function revokePortalLinks(db: Db, organizationId: string, customerId: string, now: Date): Promise<number> {
  if (!(await getCustomer(db, organizationId, customerId))) throw new AppError('not_found', 'no such customer');
  return revokeCustomerPortalLinks(db, organizationId, customerId, now.toISOString());
}

/** The link a token opens, with what the access check needs; null for any link that opens nothing. */
export async function findPortalLink(db: Db, token: string, now: Date): Promise<LivePortalLink | null> {
  if (!looksLikePortalToken(token)) return null;
  return (await findLivePortalLink(db, hashToken(token), now.toISOString())) ?? null;
}

/**
 * Whom a token speaks for, or null when it opens nothing: unknown, tampered, expired, revoked,
 * or its customer gone. Callers answer all of those alike.
 */
export async function openPortalLink(db: Db, token: string, now: Date): Promise<PortalAccess | null> {
  const link = await findPortalLink(db, token, now);
  return link ? { linkId: link.id, organizationId: link.organizationId, customerId: link.customerId } : null;
}
