import type { Db } from '../../adapters/db/database.js';
import { saveCollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { getPortalCodeThreshold as readThreshold, setPortalCodeThreshold as writeThreshold } from '../../adapters/db/stores/portal-links.js';

/** Above which balance (minor units, the organization's currency) a debtor page asks for a mailed code; null: never. */
export async function getPortalCodeThreshold(db: Db, organizationId: string): Promise<number | null> {
  return readThreshold(db, organizationId);
}

/** Sets it; the organization's settings row is made first when it has none yet. */
export async function setPortalCodeThreshold(db: Db, organizationId: string, aboveMinor: number | null): Promise<void> {
  await saveCollectionSettings(db, organizationId, {});
  await writeThreshold(db, organizationId, aboveMinor);
}
