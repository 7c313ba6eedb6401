import { replyExcerpt } from '../../core/inbound/thread-reply.js';
import type { PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { InboundMessageRow } from '../../adapters/db/inbound-schema.js';
import type { CustomerRow } from '../../adapters/db/schema.js';
import { insertTaskOnce } from '../../adapters/db/stores/collection-tasks.js';
import { addTimelineEvent } from '../../adapters/db/stores/collection-timeline.js';
import { updateInboundMessage } from '../../adapters/db/stores/inbound-messages.js';

/** "Marie Dubois <marie@…>", or the address alone. */
export function senderOf(message: Pick<InboundMessageRow, 'from_address' | 'from_name'>): string {
  return message.from_name ? `${message.from_name} <${message.from_address}>` : message.from_address;
}

/**
 * Where an email lands once its customer is known: the customer's timeline, always; for a
 * person's reply, a task for a collector to answer it (Today lists it). An automatic answer or a
 * bounce is written down as such and asks nothing of anyone. Texts are kept as written: every
 * place that shows them escapes them.
 */
export async function landInboundMessage(db: Db, message: InboundMessageRow, customer: CustomerRow, on: PlainDate): Promise<void> {
  const sender = senderOf(message);
  const excerpt = replyExcerpt(message.text_body);
  const subject = message.subject || '(no subject)';
  const summary =
    message.kind === 'human'
      ? { en: `Reply by email from ${sender}: “${subject}”${excerpt ? ` — ${excerpt}` : ''}`, fr: `Réponse par e-mail de ${sender} : « ${subject} »${excerpt ? ` — ${excerpt}` : ''}` }
      : message.kind === 'bounce'
        ? { en: `An email to the customer came back undelivered: “${subject}”`, fr: `Un e-mail au client est revenu non distribué : « ${subject} »` }
        : { en: `Automatic reply from ${sender} (not counted as an answer): “${subject}”`, fr: `Réponse automatique de ${sender} (non comptée comme une réponse) : « ${subject} »` };
  const kind = message.kind === 'human' ? 'email_reply' : message.kind === 'bounce' ? 'email_bounce' : 'email_automatic_reply';
  await addTimelineEvent(db, message.organization_id, { customerId: customer.id, occurredOn: on, kind, summary, subjectId: message.id });
  if (message.kind !== 'human') return;
  const task = await insertTaskOnce(db, message.organization_id, {
    customer_id: customer.id,
    case_id: null,
    action_id: null,
    kind: 'reply',
    step_id: null,
    dedupe_key: `reply:${message.id}`,
    title_en: `Answer ${customer.name}'s email: “${subject}”`,
    title_fr: `Répondre à l’e-mail de ${customer.name} : « ${subject} »`,
    detail: `${sender}: ${excerpt}`,
    due_on: on,
    assignee_user_id: null,
    created_on: on,
  });
  if (task) await updateInboundMessage(db, message.organization_id, message.id, { task_id: task.id });
}
