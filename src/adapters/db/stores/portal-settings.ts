import type { Db } from '../database.js';
import { nowIso } from '../ids.js';
import type { PortalSettingsRow } from '../portal-settings-schema.js';

/** What the page needs to know of the settings, without the logo's bytes. */
export interface PortalSettingsInfo {
  paymentLinkTemplate: string | null;
  /** The logo's type and checksum (which changes with the logo, for caching), or null. */
  logo: { contentType: string; sizeBytes: number; sha256: string; updatedAt: string } | null;
}

type SettingsColumns = Pick<PortalSettingsRow, 'payment_link_template' | 'logo_content_type' | 'logo_size_bytes' | 'logo_sha256' | 'updated_at'>;

/** The settings as the page reads them from their row's columns; none set when there is no row. */
export function portalSettingsInfoOf(row: { [K in keyof SettingsColumns]: SettingsColumns[K] | null } | undefined): PortalSettingsInfo {
  return {
    paymentLinkTemplate: row?.payment_link_template ?? null,
    logo:
      row?.logo_content_type && row.logo_sha256 && row.updated_at
        ? { contentType: row.logo_content_type, sizeBytes: Number(row.logo_size_bytes ?? 0), sha256: row.logo_sha256, updatedAt: row.updated_at }
        : null,
  };
}

export async function getPortalSettingsInfo(db: Db, organizationId: string): Promise<PortalSettingsInfo> {
  const row = await db.kysely
    .selectFrom('portal_settings')
    .select(['payment_link_template', 'logo_content_type', 'logo_size_bytes', 'logo_sha256', 'updated_at'])
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  return portalSettingsInfoOf(row);
}

/** The logo's bytes (base64) and type, or undefined when none is set. */
export async function getPortalLogo(db: Db, organizationId: string): Promise<{ contentType: string; base64: string; sha256: string } | undefined> {
  const row = await db.kysely
    .selectFrom('portal_settings')
    .select(['logo_content_type', 'logo_base64', 'logo_sha256'])
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  if (!row?.logo_content_type || !row.logo_base64 || !row.logo_sha256) return undefined;
  return { contentType: row.logo_content_type, base64: row.logo_base64, sha256: row.logo_sha256 };
}

type PortalSettingsChanges = Partial<Omit<PortalSettingsRow, 'organization_id' | 'updated_at'>>;

/** Writes the fields given, creating the organization's row the first time. */
export async function updatePortalSettings(db: Db, organizationId: string, changes: PortalSettingsChanges): Promise<void> {
  const updatedAt = nowIso();
  await db.kysely
    .insertInto('portal_settings')
    .values({
      organization_id: organizationId,
      payment_link_template: null,
      logo_content_type: null,
      logo_base64: null,
      logo_size_bytes: null,
      logo_sha256: null,
      ...changes,
      updated_at: updatedAt,
    })
    .onConflict((oc) => oc.column('organization_id').doUpdateSet({ ...changes, updated_at: updatedAt }))
    .execute();
}
