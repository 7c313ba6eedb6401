import { AppError } from '../../core/app-error.js';
import type { Db } from '../../adapters/db/database.js';
import { findScenario } from '../../adapters/db/stores/collection-scenarios.js';
import { saveCollectionSettings, type CollectionSettings } from '../../adapters/db/stores/collection-settings.js';

export type CollectionSettingsChanges = Partial<Pick<CollectionSettings, 'minimumBalanceMinor' | 'minimumGapDays' | 'businessHours' | 'dailyRunTime' | 'thankYouEnabled' | 'attachStatement' | 'defaultScenarioId'>>;

/** Changes the run's settings; the fields left out keep their value. */
export async function updateCollectionSettings(db: Db, organizationId: string, changes: CollectionSettingsChanges): Promise<CollectionSettings> {
  if (changes.minimumBalanceMinor !== undefined && changes.minimumBalanceMinor < 0) {
    throw new AppError('validation_failed', 'the minimum balance must not be negative', { field: 'minimum_balance' });
  }
  // "HH:MM" strings compare in time order.
  if (changes.businessHours && changes.businessHours.start >= changes.businessHours.end) {
    throw new AppError('validation_failed', 'business hours must end after they start', { field: 'business_hours.end' });
  }
  if (changes.defaultScenarioId !== undefined && !(await findScenario(db, organizationId, changes.defaultScenarioId))) {
    throw new AppError('not_found', `scenario ${changes.defaultScenarioId} does not exist`, { field: 'default_scenario_id' });
  }
  return saveCollectionSettings(db, organizationId, changes);
}
