import type { PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { OutboxMessageRow } from '../../adapters/db/schema.js';
import { getAction } from '../../adapters/db/stores/collection-actions.js';
import { existingDedupeKeys, insertTaskOnce } from '../../adapters/db/stores/collection-tasks.js';
import { getCustomer } from '../../adapters/db/stores/customers.js';
import { listOutboxMessages } from '../../adapters/db/stores/outbox.js';

const CHANNEL_NAMES: Record<string, { en: string; fr: string }> = {
  email: { en: 'email', fr: "L'e-mail" },
  sms: { en: 'SMS', fr: 'Le SMS' },
  letter: { en: 'letter', fr: 'La lettre' },
  registered_letter: { en: 'registered letter', fr: 'La lettre recommandée' },
};

function recipientOf(message: OutboxMessageRow): string {
  const to = JSON.parse(message.recipient) as { email?: string; phone?: string; name?: string };
  return to.email ?? to.phone ?? to.name ?? '';
}

/**
 * Makes work for a person out of every message refused for good (`failed`) or whose fate is
 * unknown (the connection was lost after the message was handed over): one task each, in the
 * inbox of the collectors, saying what went wrong and what to do. The key names the message
 * and the moment it was settled, so a pass repeated after a crash, or by a second worker,
 * opens nothing more, and a message retried that fails again opens a new task.
 */
export async function openDeliveryTasks(db: Db, organizationId: string, on: PlainDate): Promise<number> {
  let opened = 0;
  for (const status of ['failed', 'unknown'] as const) {
    const messages = await listOutboxMessages(db, organizationId, { status });
    const keyOf = (message: OutboxMessageRow) => `delivery:${message.id}:${status}:${message.updated_at}`;
    const handled = await existingDedupeKeys(db, organizationId, messages.map(keyOf));
    for (const message of messages.filter((candidate) => !handled.has(keyOf(candidate)))) {
      const customer = await getCustomer(db, organizationId, message.customer_id);
      const action = await getAction(db, organizationId, message.action_id);
      const channel = CHANNEL_NAMES[message.channel] ?? { en: message.channel, fr: message.channel };
      const name = customer?.name ?? message.customer_id;
      const to = recipientOf(message);
      const title =
        status === 'failed'
          ? { en: `The ${channel.en} to ${name} (${to}) was refused`, fr: `${channel.fr} à ${name} (${to}) a été refusé` }
          : { en: `Check whether the ${channel.en} to ${name} (${to}) arrived`, fr: `Vérifier si ${channel.fr.charAt(0).toLowerCase()}${channel.fr.slice(1)} à ${name} (${to}) est arrivé` };
      const advice =
        status === 'failed'
          ? 'Correct the contact and retry the message from the outbox, or cancel it and reach the customer another way.'
          : 'The connection was lost after the message was handed over: look for its Message-ID in the mail server log or ask the customer, then retry or cancel it from the outbox.';
      const task = await insertTaskOnce(db, organizationId, {
        customer_id: message.customer_id,
        case_id: action?.case_id ?? null,
        action_id: action ? action.id : null,
        kind: 'delivery',
        step_id: action?.step_id ?? null,
        dedupe_key: keyOf(message),
        title_en: title.en,
        title_fr: title.fr,
        detail: `Outbox message ${message.id}, "${message.subject}": ${message.last_error ?? status}. ${advice}`,
        due_on: on,
        assignee_user_id: null,
        created_on: on,
      });
      if (task) opened += 1;
    }
  }
  return opened;
}
