import { AppError } from '../../core/app-error.js';
import type { Db } from '../../adapters/db/database.js';
import type { OrganizationRow, OutboxMessageRow } from '../../adapters/db/schema.js';
import { getCollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { findOutboxMessage } from '../../adapters/db/stores/outbox.js';
import { holdQueuedMessage, moveQueuedMessageTo, releaseHeldMessage } from '../../adapters/db/stores/outbox-holds.js';
import { isInsideSendingWindow } from '../collection/sending-window.js';
import { momentInWords, nextSlotOf, type Words } from './waiting-reason.js';

async function reread(db: Db, organizationId: string, id: string): Promise<OutboxMessageRow> {
  const row = await findOutboxMessage(db, organizationId, id);
  if (!row) throw new AppError('not_found', `outbox message ${id} does not exist`, { field: 'id' });
  return row;
}

function refuse(row: OutboxMessageRow, en: string, fr: string): never {
  throw new AppError('conflict', `${en} (the message is ${row.status})`, { field: 'id' }, { localized: { en, fr } });
}

/** A person keeps a queued message from leaving until they release it (the sending pass skips it). */
export async function holdOutboxMessage(db: Db, organizationId: string, id: string, by: string | null, now: Date): Promise<OutboxMessageRow> {
  if (await holdQueuedMessage(db, organizationId, id, by, now.toISOString())) return reread(db, organizationId, id);
  const row = await reread(db, organizationId, id);
  if (row.held_at) refuse(row, 'This message is already held.', 'Ce message est déjà retenu.');
  return refuse(row, 'Only a message still waiting in the queue can be held.', 'Seul un message encore en attente peut être retenu.');
}

/** Lets a held message go: it leaves at its next business-hours slot. */
export async function releaseOutboxMessage(db: Db, organizationId: string, id: string, now: Date): Promise<OutboxMessageRow> {
  if (await releaseHeldMessage(db, organizationId, id, now.toISOString())) return reread(db, organizationId, id);
  return refuse(await reread(db, organizationId, id), 'This message is not held.', 'Ce message n’est pas retenu.');
}

export interface SendNowOutcome {
  message: OutboxMessageRow;
  /** Whether it is due right now (inside business hours) or at the next slot. */
  immediately: boolean;
  at: string;
  text: Words;
}

/**
 * "Send now": inside the organization's business hours the message becomes due at once, ahead
 * of anything scheduled later; outside them it cannot leave before the next slot (invariant 4),
 * so it is moved to that slot and the answer names it. A hold is lifted either way.
 */
export async function sendOutboxMessageNow(db: Db, organization: OrganizationRow, id: string, now: Date): Promise<SendNowOutcome> {
  const row = await reread(db, organization.id, id);
  if (row.status !== 'queued') refuse(row, 'Only a message still waiting in the queue can be sent now.', 'Seul un message encore en attente peut être envoyé maintenant.');
  const settings = await getCollectionSettings(db, organization.id);
  const immediately = isInsideSendingWindow(organization, settings, now);
  const at = immediately ? now.toISOString() : nextSlotOf(organization, settings, { not_before: now.toISOString(), next_attempt_at: now.toISOString() }, now);
  if (!(await moveQueuedMessageTo(db, organization.id, id, at, now.toISOString()))) {
    refuse(await reread(db, organization.id, id), 'Only a message still waiting in the queue can be sent now.', 'Seul un message encore en attente peut être envoyé maintenant.');
  }
  const when = momentInWords(at, organization.time_zone);
  const text = immediately
    ? { en: 'It leaves with the next sending pass, in a minute or so.', fr: 'Il part au prochain passage d’envoi, d’ici une minute environ.' }
    : { en: `Outside business hours: it leaves at the next business-hours slot, ${when.en}.`, fr: `Hors des heures ouvrées : il part au prochain créneau ouvré, ${when.fr}.` };
  return { message: await reread(db, organization.id, id), immediately, at, text };
}
