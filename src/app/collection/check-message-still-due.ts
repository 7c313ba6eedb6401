import type { Db } from '../../adapters/db/database.js';
import { cancelAction, getAction } from '../../adapters/db/stores/collection-actions.js';
import { activeHold, latestPaymentPromise, listDisputes } from '../../adapters/db/stores/collection-pauses.js';
import { listOpenInvoices } from '../../adapters/db/stores/open-items.js';
import { listReminderExclusions } from '../../adapters/db/stores/invoice-reminder-exclusions.js';
import { todayIn } from '../../core/plain-date.js';
import { getOrganization } from '../../adapters/db/stores/organizations.js';
import { THANK_YOU_STEP_ID } from './send-thank-you.js';

export type SendVerdict = { send: true } | { send: false; reason: string };

/**
 * Invariant 1, checked again right before a message leaves: every invoice it lists is still
 * open for the amount it states, none is disputed nor left out of reminders, and no hold or promise came in since the
 * run wrote it. Otherwise the action is cancelled (freeing the step for the next run, with
 * true figures) and the message is not sent.
 */
export async function checkMessageStillDue(db: Db, organizationId: string, actionId: string, now: Date): Promise<SendVerdict> {
  const action = await getAction(db, organizationId, actionId);
  if (!action) return { send: false, reason: 'the action behind this message no longer exists' };
  if (action.status !== 'planned') return { send: false, reason: `the action is ${action.status}, not planned` };
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
      if (left <= 0) return { send: false, reason: `invoice ${number} has been paid or credited since the run` };
      if (left !== amounts[index]) return { send: false, reason: `what is open on invoice ${number} changed since the run` };
    }
    const disputed = (await listDisputes(db, organizationId, { customerId: action!.customer_id, status: 'open' })).filter((dispute) => numbers.includes(dispute.invoice_number));
    if (disputed.length > 0) return { send: false, reason: `invoice ${disputed[0]!.invoice_number} is disputed` };
    const excluded = (await listReminderExclusions(db, organizationId, action!.customer_id)).find((exclusion) => numbers.includes(exclusion.invoice_number));
    if (excluded) return { send: false, reason: `invoice ${excluded.invoice_number} was left out of reminders: ${excluded.reason}` };
    const organization = await getOrganization(db, organizationId);
    const today = todayIn(organization?.time_zone ?? 'Europe/Paris', now);
    const hold = await activeHold(db, organizationId, action!.customer_id, today);
    if (hold) return { send: false, reason: `the customer is on hold until ${hold.until}: ${hold.reason}` };
    const promise = await latestPaymentPromise(db, organizationId, action!.customer_id, today);
    if (promise && promise.created_at > action!.created_at) return { send: false, reason: `the customer promised to pay by ${promise.promised_on}` };
    return { send: true };
  }

  /** A thank-you says nothing overdue remains: true when written, it must still be true when it leaves. */
  async function judgeThankYou(): Promise<SendVerdict> {
    const organization = await getOrganization(db, organizationId);
    const today = todayIn(organization?.time_zone ?? 'Europe/Paris', now);
    const overdue = (await listOpenInvoices(db, organizationId, { customerId: action!.customer_id })).find((invoice) => invoice.openMinor > 0 && invoice.dueDate < today);
    return overdue ? { send: false, reason: `invoice ${overdue.number} fell due on ${overdue.dueDate} and is still open` } : { send: true };
  }
}
