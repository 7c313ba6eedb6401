import type { Db } from '../database.js';
import { nowIso } from '../ids.js';
import type { ChannelSettingsRow } from '../schema.js';

export type ChannelSettingsChanges = Partial<Omit<ChannelSettingsRow, 'organization_id' | 'updated_at'>>;

export async function getChannelSettings(db: Db, organizationId: string): Promise<ChannelSettingsRow | undefined> {
  return db.kysely.selectFrom('channel_settings').selectAll().where('organization_id', '=', organizationId).executeTakeFirst();
}

/** Writes the given columns, creating the organization's row on its first save. */
export async function saveChannelSettings(db: Db, organizationId: string, changes: ChannelSettingsChanges): Promise<ChannelSettingsRow> {
  const updatedAt = nowIso();
  await db.kysely
    .insertInto('channel_settings')
    .values({ organization_id: organizationId, smtp_security: 'starttls', ...changes, updated_at: updatedAt })
    .onConflict((oc) => oc.column('organization_id').doUpdateSet({ ...changes, updated_at: updatedAt }))
    .execute();
  return (await getChannelSettings(db, organizationId))!;
}
