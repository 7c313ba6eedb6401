import { isoWeekday } from '../../core/collection/business-days.js';
import type { PlainDate } from '../../core/plain-date.js';
import { formatDateForLanguage } from '../../core/templates/format-for-language.js';
import type { OrganizationRow, OutboxMessageRow } from '../../adapters/db/schema.js';
import type { CollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { firstSendingInstant } from '../collection/sending-window.js';
import { localMomentOf } from '../collection/local-time.js';

export type Words = { en: string; fr: string };

/** Why a queued message has not left yet, as a code, the instant or person it names, and a sentence. */
export interface WaitingReason {
  code: 'held' | 'no_sender_email' | 'retry' | 'business_hours' | 'due_now';
  /** When it is due to leave (retry, business hours), or when it was held. */
  at: string | null;
  /** Who held it. */
  by: string | null;
  text: Words;
}

const WEEKDAYS = {
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  fr: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'],
} as const;

/** "Monday 9 March 2026 at 09:00" / "lundi 9 mars 2026 à 09:00", in the organization's time zone. */
export function momentInWords(instant: string, timeZone: string): Words {
  const { date, time } = localMomentOf(new Date(instant), timeZone);
  const day = (language: 'en' | 'fr') => `${WEEKDAYS[language][isoWeekday(date) - 1]} ${formatDateForLanguage(date, language)}`;
  return { en: `${day('en')} at ${time}`, fr: `${day('fr')} à ${time}` };
}

/** "3 March 2026" / "3 mars 2026". */
function dayInWords(instant: string, timeZone: string): Words {
  const date: PlainDate = localMomentOf(new Date(instant), timeZone).date;
  return { en: formatDateForLanguage(date, 'en'), fr: formatDateForLanguage(date, 'fr') };
}

/** The first instant the sending pass may take the message: its own time, inside business hours. */
export function nextSlotOf(organization: OrganizationRow, settings: CollectionSettings, row: Pick<OutboxMessageRow, 'not_before' | 'next_attempt_at'>, now: Date): string {
  const due = [row.not_before, row.next_attempt_at, now.toISOString()].sort().at(-1)!;
  const dueAt = new Date(due);
  return firstSendingInstant(organization, settings, localMomentOf(dueAt, organization.time_zone).date, dueAt);
}

/**
 * Why a queued message waits: a person holds it, emails wait for a sender address, a failed
 * attempt is tried again later, or the next business-hours slot has not come. Null for a
 * message that does not wait (sent, cancelled, needing a person).
 */
export function waitingReasonOf(
  row: OutboxMessageRow,
  context: { organization: OrganizationRow; settings: CollectionSettings; now: Date; heldByName: string | null },
): WaitingReason | null {
  if (row.status !== 'queued') return null;
  const zone = context.organization.time_zone;
  if (row.held_at) {
    const on = dayInWords(row.held_at, zone);
    const by = context.heldByName;
    return {
      code: 'held',
      at: row.held_at,
      by,
      text: by
        ? { en: `Held by ${by} on ${on.en}: it leaves only once released.`, fr: `Retenu par ${by} le ${on.fr} : il ne part qu’une fois libéré.` }
        : { en: `Held on ${on.en}: it leaves only once released.`, fr: `Retenu le ${on.fr} : il ne part qu’une fois libéré.` },
    };
  }
  if (row.channel === 'email' && !context.settings.senderEmail) {
    return { code: 'no_sender_email', at: null, by: null, text: { en: 'Waiting for a sender email address in the settings.', fr: 'En attente d’une adresse d’expédition dans les réglages.' } };
  }
  const slot = nextSlotOf(context.organization, context.settings, row, context.now);
  const when = momentInWords(slot, zone);
  if (row.attempts > 0 && row.last_error && row.next_attempt_at > context.now.toISOString()) {
    return { code: 'retry', at: slot, by: null, text: { en: `An attempt failed; it will be tried again on ${when.en}.`, fr: `Un essai a échoué ; il sera retenté le ${when.fr}.` } };
  }
  if (slot > context.now.toISOString()) {
    return { code: 'business_hours', at: slot, by: null, text: { en: `Next business-hours slot: ${when.en}.`, fr: `Prochain créneau ouvré : ${when.fr}.` } };
  }
  return { code: 'due_now', at: slot, by: null, text: { en: 'Due now: it leaves with the next sending pass.', fr: 'À envoyer maintenant : il part au prochain passage d’envoi.' } };
}
