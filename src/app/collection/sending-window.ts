import { nextSendingSlot } from '../../core/collection/business-days.js';
import type { PlainDate } from '../../core/plain-date.js';
import type { OrganizationRow } from '../../adapters/db/schema.js';
import type { CollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { holidayCalendarOf } from './holiday-calendar-of.js';
import { instantOf, laterMoment, localMomentOf } from './local-time.js';

/** The first instant messages may leave: a business day, inside business hours, not before now nor the as-of day. */
export function firstSendingInstant(organization: OrganizationRow, settings: CollectionSettings, asOf: PlainDate, now: Date): string {
  const zone = organization.time_zone;
  const from = laterMoment(localMomentOf(now, zone), { date: asOf, time: '00:00' });
  const slot = nextSendingSlot(from, { holidays: holidayCalendarOf(organization), hours: settings.businessHours });
  return instantOf(slot, zone).toISOString();
}

/**
 * Whether `now` falls inside the organization's sending hours. A message queued for Friday
 * 09:00 that is still queued on Monday at 07:00 is due, yet must wait until 09:00: the queue's
 * `not_before` alone cannot say that, so every sending pass asks this first.
 */
export function isInsideSendingWindow(organization: OrganizationRow, settings: CollectionSettings, now: Date): boolean {
  const today = localMomentOf(now, organization.time_zone).date;
  return firstSendingInstant(organization, settings, today, now) <= now.toISOString();
}
