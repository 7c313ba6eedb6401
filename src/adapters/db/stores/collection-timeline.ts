import type { Bilingual } from '../../../core/scenarios/scenario.js';
import type { Db } from '../database.js';
import { newId, nowIso } from '../ids.js';
import type { TimelineEventRow } from '../schema.js';

export interface NewTimelineEvent {
  customerId: string;
  occurredOn: string;
  kind: string;
  summary: Bilingual;
  subjectId?: string | null;
  /** The mandate of a handed case the event belongs to. */
  mandateId?: string | null;
}

export async function addTimelineEvent(db: Db, organizationId: string, event: NewTimelineEvent): Promise<void> {
  await db.kysely
    .insertInto('timeline_events')
    .values({
      id: newId(),
      organization_id: organizationId,
      customer_id: event.customerId,
      occurred_on: event.occurredOn,
      kind: event.kind,
      summary_en: event.summary.en,
      summary_fr: event.summary.fr,
      subject_id: event.subjectId ?? null,
      mandate_id: event.mandateId ?? null,
      created_at: nowIso(),
    })
    .execute();
}

export async function listTimeline(db: Db, organizationId: string, customerId: string): Promise<TimelineEventRow[]> {
  return db.kysely
    .selectFrom('timeline_events')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('customer_id', '=', customerId)
    .orderBy('occurred_on')
    .orderBy('created_at')
    .execute();
}
