import { AppError } from '../../core/app-error.js';
import type { Db } from '../../adapters/db/database.js';
import type { CollectionActionRow } from '../../adapters/db/schema.js';
import { getCollectionSettings } from '../../adapters/db/stores/collection-settings.js';

export const NO_HANDOFF_PARTNER = {
  en: 'No collection partner is set: name the agency or lawyer who signs hand-off notices in the settings (Collection agency) before approving a hand-off. Nothing was changed.',
  fr: "Aucun partenaire de recouvrement n'est indiqué : renseignez dans les réglages (Agence de recouvrement) l'agence ou l'avocat qui signe le courrier de transmission avant de valider une transmission. Rien n'a été modifié.",
} as const;

/**
 * A hand-off notice is the partner's first letter, signed by the partner: with no agency or
 * lawyer named in the settings it would go out signed by nobody the debtor can reach, so the
 * hand-off cannot be approved until one is.
 */
export async function requireHandoffPartner(db: Db, organizationId: string, action: Pick<CollectionActionRow, 'channel'>): Promise<void> {
  if (action.channel !== 'handoff') return;
  const settings = await getCollectionSettings(db, organizationId);
  // A default agency on this instance takes the case itself and writes in its own words.
  if (settings.agencyName || settings.handoffPartner) return;
  throw new AppError('conflict', NO_HANDOFF_PARTNER.en, { field: 'agency_name' }, { localized: NO_HANDOFF_PARTNER });
}
