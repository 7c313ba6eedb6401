import type { Db } from '../../adapters/db/database.js';
import type { OrganizationRow } from '../../adapters/db/schema.js';
import { setHolidayRegion } from '../../adapters/db/stores/organizations.js';
import { holidayRegions, requireHolidayRegion, type HolidayRegion } from '../../adapters/holidays/public-holidays.js';

/** Which public holidays stop the reminders: the country's, a region's, and the regions to choose from. */
export interface HolidayCalendarSettings {
  country: string;
  region: string | null;
  regions: HolidayRegion[];
}

export function getHolidayCalendarSettings(organization: OrganizationRow): HolidayCalendarSettings {
  return { country: organization.country, region: organization.holiday_region, regions: holidayRegions(organization.country) };
}

/**
 * Sets the region whose public holidays apply (Moselle keeps Good Friday and 26 December, each
 * German Land its own days); null or empty goes back to the country's calendar. Only regions
 * the holiday calendar knows for the organization's country are accepted.
 */
export async function saveHolidayRegion(db: Db, organization: OrganizationRow, region: string | null, field = 'holiday_region'): Promise<HolidayCalendarSettings> {
  const code = requireHolidayRegion(organization.country, region, field);
  await setHolidayRegion(db, organization.id, code);
  return getHolidayCalendarSettings({ ...organization, holiday_region: code });
}
