import { AppError } from '../../core/app-error.js';
import type { NothingDueWhy } from '../../core/collection/plan-step.js';
import type { Bilingual } from '../../core/scenarios/scenario.js';

const PAUSED: readonly NothingDueWhy[] = ['on_hold', 'paused'];

/**
 * Why nothing can be sent to the customer now, as a sentence a person reads: a pause in force,
 * or no step due yet. The planner's own reason follows, for the detail.
 */
export function nothingToSendNow(why: NothingDueWhy, reason: Bilingual): AppError {
  const paused = PAUSED.includes(why);
  const en = paused ? 'Nothing can be sent now: a pause applies to this customer.' : 'Nothing is due for this customer today, so there is nothing to send.';
  const fr = paused ? "Rien ne peut partir maintenant : une pause s'applique à ce client." : "Rien n'est dû par ce client aujourd'hui, il n'y a donc rien à envoyer.";
  return new AppError('conflict', `${en} ${reason.en}`, {}, { localized: { en, fr } });
}
