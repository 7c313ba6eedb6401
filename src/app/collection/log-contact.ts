import { AppError } from '../../core/app-error.js';
import type { PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { ContactLogRow, CustomerRow } from '../../adapters/db/schema.js';
import { CONTACT_CHANNELS, insertContactLog, type ContactChannel } from '../../adapters/db/stores/contact-logs.js';
import { addTimelineEvent } from '../../adapters/db/stores/collection-timeline.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import { requireDate, requireText } from './pause-inputs.js';

const CHANNEL_WORDS: Record<ContactChannel, { en: string; fr: string }> = {
  call: { en: 'Call', fr: 'Appel' },
  email: { en: 'Email written by hand', fr: 'Email écrit à la main' },
  letter: { en: 'Letter written by hand', fr: 'Courrier écrit à la main' },
  meeting: { en: 'Meeting', fr: 'Rendez-vous' },
  other: { en: 'Contact', fr: 'Contact' },
};

/**
 * Records a contact made outside Relance. It counts like one Relance made: the next step keeps
 * the minimum gap after it, a formal notice counts it among the reminders that went out, and
 * the letters may cite its date.
 */
export async function logContact(
  db: Db,
  organizationId: string,
  customer: CustomerRow,
  input: { channel: string; on: string; note: string; taskId?: string | null },
  today: PlainDate,
  by: string | null,
): Promise<ContactLogRow> {
  if (!(CONTACT_CHANNELS as readonly string[]).includes(input.channel)) {
    throw new AppError('validation_failed', `channel must be one of ${CONTACT_CHANNELS.join(', ')}, got "${input.channel}"`, { field: 'channel' });
  }
  const channel = input.channel as ContactChannel;
  const on = requireDate(input.on, 'on');
  if (on > today) throw new AppError('validation_failed', `a contact is logged once it happened, not on ${on}`, { field: 'on' });
  const note = requireText(input.note, 'note');
  if (note.length > 2000) throw new AppError('validation_failed', 'the note is at most 2,000 characters', { field: 'note' });
  return inTransaction(db, async (tx) => {
    const row = await insertContactLog(tx, organizationId, { customerId: customer.id, occurredOn: on, channel, note, authorUserId: by, taskId: input.taskId ?? null });
    const words = CHANNEL_WORDS[channel];
    await addTimelineEvent(tx, organizationId, { customerId: customer.id, occurredOn: on, kind: 'contact_logged', summary: { en: `${words.en}: ${note}`, fr: `${words.fr} : ${note}` }, subjectId: row.id });
    return row;
  });
}
