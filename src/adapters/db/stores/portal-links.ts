import type { Db } from '../database.js';
import type { PortalLinkPurpose, PortalLinkRow } from '../portal-schema.js';
import { sumMinor } from './open-amount.js';

export async function insertPortalLink(db: Db, row: PortalLinkRow): Promise<void> {
  await db.kysely.insertInto('portal_links').values(row).execute();
}

/** Revokes every live link of one customer; returns how many were live. */
export async function revokeCustomerPortalLinks(db: Db, organizationId: string, customerId: string, atIso: string): Promise<number> {
  const result = await db.kysely
    .updateTable('portal_links')
    .set({ revoked_at: atIso })
    .where('organization_id', '=', organizationId)
    .where('customer_id', '=', customerId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', atIso)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** What opening a link needs, in one read: the link, and the second-factor threshold of its organization. */
export interface LivePortalLink {
  id: string;
  organizationId: string;
  customerId: string;
  purpose: PortalLinkPurpose;
  expiresAt: string;
  codeAboveMinor: number | null;
}

/**
 * The link a token hash names when it is live: not expired, not revoked, and its customer still
 * belongs to the link's organization. Looked up across organizations: the token is what tells
 * which organization and customer the request is about.
 */
export async function findLivePortalLink(db: Db, tokenHash: string, atIso: string): Promise<LivePortalLink | undefined> {
  const row = await db.kysely
    .selectFrom('portal_links as l')
    .innerJoin('customers as c', (join) => join.onRef('c.id', '=', 'l.customer_id').onRef('c.organization_id', '=', 'l.organization_id'))
    .leftJoin('collection_settings as s', 's.organization_id', 'l.organization_id')
    .select(['l.id', 'l.organization_id', 'l.customer_id', 'l.purpose', 'l.expires_at', 's.portal_code_above_minor'])
    .where('l.token_hash', '=', tokenHash)
    .where('l.revoked_at', 'is', null)
    .where('l.expires_at', '>', atIso)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    organizationId: row.organization_id,
    customerId: row.customer_id,
    purpose: row.purpose,
    expiresAt: row.expires_at,
    codeAboveMinor: row.portal_code_above_minor ?? null,
  };
}

/** The customer's open balance in the organization's own currency, from the stored open amounts. */
export async function customerOpenBalanceMinor(db: Db, organizationId: string, customerId: string): Promise<number> {
  const row = await db.kysely
    .selectFrom('invoices as i')
    .innerJoin('organizations as o', 'o.id', 'i.organization_id')
    .select(sumMinor('i.open_minor').as('open'))
    .where('i.organization_id', '=', organizationId)
    .where('i.customer_id', '=', customerId)
    .whereRef('i.currency', '=', 'o.currency')
    .executeTakeFirst();
  return Number(row?.open ?? 0);
}

export async function setPortalCodeThreshold(db: Db, organizationId: string, aboveMinor: number | null): Promise<void> {
  await db.kysely.updateTable('collection_settings').set({ portal_code_above_minor: aboveMinor }).where('organization_id', '=', organizationId).execute();
}

export async function getPortalCodeThreshold(db: Db, organizationId: string): Promise<number | null> {
  const row = await db.kysely.selectFrom('collection_settings').select('portal_code_above_minor').where('organization_id', '=', organizationId).executeTakeFirst();
  return row?.portal_code_above_minor ?? null;
}

/** Where a link's second-factor code stands. */
export interface PortalLinkCode {
  codeHash: string | null;
  expiresAt: string | null;
  attemptsLeft: number | null;
}

export async function getPortalLinkCode(db: Db, linkId: string): Promise<PortalLinkCode | undefined> {
  const row = await db.kysely
    .selectFrom('portal_links')
    .select(['code_hash', 'code_expires_at', 'code_attempts_left'])
    .where('id', '=', linkId)
    .executeTakeFirst();
  return row ? { codeHash: row.code_hash, expiresAt: row.code_expires_at, attemptsLeft: row.code_attempts_left } : undefined;
}

export async function setPortalLinkCode(db: Db, linkId: string, code: PortalLinkCode): Promise<void> {
  await db.kysely
    .updateTable('portal_links')
    .set({ code_hash: code.codeHash, code_expires_at: code.expiresAt, code_attempts_left: code.attemptsLeft })
    .where('id', '=', linkId)
    .execute();
}

/**
 * Takes one attempt off the link's code, only while some are left; false when none was left
 * (two wrong answers at once never both get the last attempt).
 */
export async function spendPortalCodeAttempt(db: Db, linkId: string): Promise<boolean> {
  const result = await db.kysely
    .updateTable('portal_links')
    .set((eb) => ({ code_attempts_left: eb('code_attempts_left', '-', 1) }))
    .where('id', '=', linkId)
    .where('code_attempts_left', '>', 0)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function insertPortalLinkPass(db: Db, row: { passHash: string; linkId: string; organizationId: string; expiresAt: string }): Promise<void> {
  await db.kysely
    .insertInto('portal_link_passes')
    .values({ pass_hash: row.passHash, link_id: row.linkId, organization_id: row.organizationId, expires_at: row.expiresAt })
    .execute();
}

export async function hasPortalLinkPass(db: Db, linkId: string, passHash: string, atIso: string): Promise<boolean> {
  const row = await db.kysely
    .selectFrom('portal_link_passes')
    .select('link_id')
    .where('pass_hash', '=', passHash)
    .where('link_id', '=', linkId)
    .where('expires_at', '>', atIso)
    .executeTakeFirst();
  return row !== undefined;
}
