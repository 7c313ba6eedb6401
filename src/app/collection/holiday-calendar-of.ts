import type { HolidayCalendar } from '../../core/collection/business-days.js';
import type { OrganizationRow } from '../../adapters/db/schema.js';
import { publicHolidayCalendar } from '../../adapters/holidays/public-holidays.js';

/** The public holidays where the organization works: its country's, or its region's when it set one. */
export function holidayCalendarOf(organization: Pick<OrganizationRow, 'country' | 'holiday_region'>): HolidayCalendar {
  return publicHolidayCalendar(organization.country, organization.holiday_region);
}
