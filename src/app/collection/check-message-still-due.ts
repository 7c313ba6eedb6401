import type { Db } from '../../adapters/db/database.js';
import { cancelAction, getAction } from '../../adapters/db/stores/collection-actions.js';
import { activeHold, latestPaymentPromise, listDisputes } from '../../adapters/db/stores/collection-pauses.js';
import { listOpenInvoices } from '../../adapters/db/stores/open-items.js';
import { listOpenPaymentClaims } from '../../adapters/db/stores/payment-claims.js';
import { listReminderExclusions } from '../../adapters/db/stores/invoice-reminder-exclusions.js';
import { todayIn, type PlainDate } from '../../core/plain-date.js';
import { formatDateForLanguage } from '../../core/templates/format-for-language.js';
import { getOrganization } from '../../adapters/db/stores/organizations.js';
import { activeMandateOfCustomer } from '../../adapters/db/stores/mandates.js';
import { mandateIsLive } from '../../core/mandates/mandate-terms.js';
import { THANK_YOU_STEP_ID } from './send-thank-you.js';

/** Why a message does not leave: `reason` for the action's note, `words` for the customer's timeline. */
export type SendVerdict = { send: true } | { send: false; reason: string; words: { en: string; fr: string } };

function refused(en: string, fr: string): SendVerdict {
  return { send: false, reason: en, words: { en, fr } };
}

const on = (date: string, language: 'en' | 'fr') => formatDateForLanguage(date as PlainDate, language);

/** What an action already is, in French, when it is no longer planned. */
const ACTION_STATUS_FR: Record<string, string> = {
  sent: 'déjà envoyée',
  failed: 'en échec',
  skipped: 'passée',
  cancelled: 'annulée',
  awaiting_approval: 'en attente de validation',
  rejected: 'refusée',
};

/**
 * Invariant 1, checked again right before a message leaves: every invoice it lists is still
 * open for the amount it states, none is disputed nor left out of reminders, and no hold or promise came in since the
 * run wrote it. Otherwise the action is cancelled (freeing the step for the next run, with
 * true figures) and the message is not sent.
 */
export async function checkMessageStillDue(db: Db, organizationId: string, actionId: string, now: Date): Promise<SendVerdict> {
  const action = await getAction(db, organizationId, actionId);
  if (!action) return refused('the action behind this message no longer exists', 'l’action à l’origine de ce message n’existe plus');
  if (action.status !== 'planned') return refused(`the action is ${action.status}, not planned`, `l’action n’est plus prévue (${ACTION_STATUS_FR[action.status] ?? action.status})`);
  const verdict = await judge();
  if (!verdict.send) await cancelAction(db, organizationId, actionId, verdict.reason);
  return verdict;

  async function judge(): Promise<SendVerdict> {
    if (action!.step_id === THANK_YOU_STEP_ID) return judgeThankYou();
    const numbers = JSON.parse(action!.invoice_numbers) as string[];
    const amounts = JSON.parse(action!.invoice_amounts) as number[];
    const open = new Map((await listOpenInvoices(db, organizationId, { customerId: action!.customer_id })).map((invoice) => [invoice.number, invoice.openMinor]));
    for (const [index, number] of numbers.entries()) {
      const left = open.get(number) ?? 0;
      if (left <= 0) return refused(`invoice ${number} has been paid or credited since the run`, `la facture ${number} a été payée ou créditée depuis le passage`);
      if (left !== amounts[index]) return refused(`what is open on invoice ${number} changed since the run`, `le reste dû sur la facture ${number} a changé depuis le passage`);
    }
    const disputed = (await listDisputes(db, organizationId, { customerId: action!.customer_id, status: 'open' })).filter((dispute) => numbers.includes(dispute.invoice_number));
    if (disputed.length > 0) return refused(`invoice ${disputed[0]!.invoice_number} is disputed`, `la facture ${disputed[0]!.invoice_number} est en litige`);
    const excluded = (await listReminderExclusions(db, organizationId, action!.customer_id)).find((exclusion) => numbers.includes(exclusion.invoice_number));
    if (excluded) return refused(`invoice ${excluded.invoice_number} was left out of reminders: ${excluded.reason}`, `la facture ${excluded.invoice_number} a été exclue des relances : ${excluded.reason}`);
    const organization = await getOrganization(db, organizationId);
    const today = todayIn(organization?.time_zone ?? 'Europe/Paris', now);
    const hold = await activeHold(db, organizationId, action!.customer_id, today);
    if (hold) return refused(`the customer is on hold until ${on(hold.until, 'en')}: ${hold.reason}`, `le client est en pause jusqu’au ${on(hold.until, 'fr')} : ${hold.reason}`);
    const mandate = await activeMandateOfCustomer(db, organizationId, action!.customer_id);
    if (mandate && mandateIsLive(mandate, today)) return refused(`the case was handed to ${mandate.partner_name}`, `le dossier a été transmis à ${mandate.partner_name}`);
    const claimed = (await listOpenPaymentClaims(db, organizationId, today, action!.customer_id)).find((claim) => today <= claim.until && (JSON.parse(claim.invoice_numbers) as string[]).some((number) => numbers.includes(number)));
    if (claimed) return refused(`the customer says it paid on ${on(claimed.paid_on, 'en')}`, `le client dit avoir payé le ${on(claimed.paid_on, 'fr')}`);
    const promise = await latestPaymentPromise(db, organizationId, action!.customer_id, today);
    if (promise && promise.created_at > action!.created_at) return refused(`the customer promised to pay by ${on(promise.promised_on, 'en')}`, `le client a promis de payer au plus tard le ${on(promise.promised_on, 'fr')}`);
    return { send: true };
  }

  /** A thank-you says nothing overdue remains: true when written, it must still be true when it leaves. */
  async function judgeThankYou(): Promise<SendVerdict> {
    const organization = await getOrganization(db, organizationId);
    const today = todayIn(organization?.time_zone ?? 'Europe/Paris', now);
    const overdue = (await listOpenInvoices(db, organizationId, { customerId: action!.customer_id })).find((invoice) => invoice.openMinor > 0 && invoice.dueDate < today);
    return overdue
      ? refused(`invoice ${overdue.number} fell due on ${on(overdue.dueDate, 'en')} and is still open`, `la facture ${overdue.number}, échue le ${on(overdue.dueDate, 'fr')}, est toujours ouverte`)
      : { send: true };
  }
}
