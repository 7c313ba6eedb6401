import { AppError } from '../../core/app-error.js';
import type { PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { CollectionHoldRow, CustomerRow } from '../../adapters/db/schema.js';
import { createHold } from '../../adapters/db/stores/collection-pauses.js';
import { addTimelineEvent } from '../../adapters/db/stores/collection-timeline.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import { requireDate, requireText } from './pause-inputs.js';
import { formatDateForLanguage } from '../../core/templates/format-for-language.js';

/** A manual hold silences the customer through its end date; the reason is kept on the timeline. */
export async function addHold(db: Db, organizationId: string, customer: CustomerRow, input: { reason: string; until: string }, on: PlainDate, by: string | null): Promise<CollectionHoldRow> {
  const reason = requireText(input.reason, 'reason');
  const until = requireDate(input.until, 'until');
  if (until < on) throw new AppError('validation_failed', `a hold ends on a day to come, not ${until}`, { field: 'until' });
  return inTransaction(db, async (tx) => {
    const row = await createHold(tx, organizationId, { customerId: customer.id, reason, until, createdOn: on, createdBy: by });
    await addTimelineEvent(tx, organizationId, { customerId: customer.id, occurredOn: on, kind: 'hold_added', summary: { en: `On hold until ${formatDateForLanguage(until, 'en')}: ${reason}`, fr: `En pause jusqu'au ${formatDateForLanguage(until, 'fr')} : ${reason}` }, subjectId: row.id });
    return row;
  });
}
