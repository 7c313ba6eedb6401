import { AppError } from '../../core/app-error.js';
import type { PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { CustomerRow } from '../../adapters/db/schema.js';
import { insertCustomerNote } from '../../adapters/db/stores/customer-notes.js';
import type { Caller } from '../auth/caller.js';
import { requireText } from '../collection/pause-inputs.js';
import { getCustomerTimeline, type TimelineEntry } from './get-customer-timeline.js';

export const NOTE_MAX_LENGTH = 4000;

/**
 * Writes a note about a customer, dated today in the organization's time zone and signed by
 * the caller, and answers it as the timeline shows it.
 */
export async function addCustomerNote(db: Db, caller: Caller, customer: CustomerRow, text: string, today: PlainDate): Promise<TimelineEntry> {
  const body = requireText(text, 'text');
  if (body.length > NOTE_MAX_LENGTH) throw new AppError('validation_failed', `the note is at most ${NOTE_MAX_LENGTH.toLocaleString('en')} characters`, { field: 'text' });
  const row = await insertCustomerNote(db, caller.organizationId, { customerId: customer.id, text: body, writtenOn: today, authorUserId: caller.userId, authorApiKeyId: caller.apiKeyId });
  const { items } = await getCustomerTimeline(db, caller.organizationId, customer.id, { kinds: ['note'], limit: 1, offset: 0 });
  const entry = items.find((item) => item.id === row.id);
  if (!entry) throw new AppError('internal', `note ${row.id} was written but is not on the timeline`);
  return entry;
}
