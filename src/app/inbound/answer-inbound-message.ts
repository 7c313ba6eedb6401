import { AppError } from '../../core/app-error.js';
import { messageIdsIn } from '../../core/inbound/thread-reply.js';
import { todayIn, type PlainDate } from '../../core/plain-date.js';
import { formatDateForLanguage, messageLanguageFromCode } from '../../core/templates/format-for-language.js';
import type { Db } from '../../adapters/db/database.js';
import { newId } from '../../adapters/db/ids.js';
import type { InboundMessageRow } from '../../adapters/db/inbound-schema.js';
import { completeTask, getTask } from '../../adapters/db/stores/collection-tasks.js';
import { getCollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { getCustomer } from '../../adapters/db/stores/customers.js';
import { getInboundMessage, updateInboundMessage } from '../../adapters/db/stores/inbound-messages.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import { getOrganization } from '../../adapters/db/stores/organizations.js';
import type { Caller } from '../auth/caller.js';
import { outboxSenderOf } from '../collection/build-template-context.js';
import { enqueueMessage } from '../outbox/enqueue-message.js';
import { answerActionId } from './answer-action.js';
import { requireVisibleInbound } from './find-inbound-message.js';

/** The longest answer a collector may write, in characters. */
export const ANSWER_MAX_CHARS = 20_000;

const QUOTED_LINES = 40;

function replySubject(subject: string): string {
  return /^\s*(re|aw|antw|r[ée]f)\s*:/i.test(subject) ? subject : `Re: ${subject}`;
}

/** The collector's words, then the customer's email quoted below them, the way mail clients do it. */
function answerText(text: string, message: InboundMessageRow, language: 'fr' | 'en' | 'nl' | 'de', receivedOn: PlainDate): string {
  const date = formatDateForLanguage(receivedOn, language);
  const who = message.from_name ?? message.from_address;
  const header = {
    fr: `Le ${date}, ${who} a écrit :`,
    en: `On ${date}, ${who} wrote:`,
    nl: `Op ${date} schreef ${who}:`,
    de: `Am ${date} schrieb ${who}:`,
  }[language];
  const quoted = message.text_body.replace(/\r\n?/g, '\n').split('\n').slice(0, QUOTED_LINES).map((line) => `> ${line}`.trimEnd());
  return `${text.trim()}\n\n${header}\n${quoted.join('\n')}\n`;
}

/**
 * A collector answers a customer's email from the app: the answer goes out through the outbox to
 * the address the email came from, threaded to it (In-Reply-To, References), and the task the
 * email opened is done. The timeline shows it as the outbox message it is. Answering again is
 * allowed; each answer is its own message.
 */
export async function answerInboundMessage(db: Db, caller: Caller, id: string, input: { text: string }, now: Date): Promise<InboundMessageRow> {
  const text = input.text.trim();
  if (text === '') throw new AppError('validation_failed', 'write the answer before sending it', { field: 'text' });
  if (text.length > ANSWER_MAX_CHARS) throw new AppError('validation_failed', `an answer is at most ${ANSWER_MAX_CHARS} characters`, { field: 'text' });
  const message = await requireVisibleInbound(db, caller, id);
  if (message.customer_id === null) throw new AppError('conflict', 'attach this email to a customer before answering it', { field: 'id' });
  if (message.kind === 'bounce') throw new AppError('conflict', 'this email came back from the mail system: there is nobody to answer', { field: 'id' });
  const organization = (await getOrganization(db, caller.organizationId))!;
  const customer = (await getCustomer(db, organization.id, message.customer_id))!;
  const settings = await getCollectionSettings(db, organization.id);
  const language = messageLanguageFromCode(customer.language);
  const subject = replySubject(message.subject || '');
  return inTransaction(db, async (tx) => {
    const references = [...messageIdsIn(message.references_header), ...(message.message_id ? [message.message_id] : [])];
    const queued = await enqueueMessage(tx, organization.id, {
      actionId: answerActionId(newId()),
      customerId: customer.id,
      channel: 'email',
      recipient: { email: message.from_address, ...(message.from_name ? { name: message.from_name } : {}) },
      sender: outboxSenderOf('accounts_team', settings, organization),
      subject,
      text: answerText(text, message, language, todayIn(organization.time_zone, new Date(message.received_at))),
      invoiceIds: [],
      notBefore: now.toISOString(),
      ...(message.message_id ? { inReplyTo: message.message_id, references: references.join(' ') } : {}),
    });
    const answeredBy = caller.userId ?? caller.apiKeyId;
    await updateInboundMessage(tx, organization.id, message.id, { status: 'answered', answer_outbox_id: queued.id, answered_at: now.toISOString(), answered_by: answeredBy });
    if (message.task_id) {
      const task = await getTask(tx, organization.id, message.task_id);
      if (task?.status === 'open') await completeTask(tx, organization.id, task.id, 'answered by email');
    }
    return (await getInboundMessage(tx, organization.id, message.id))!;
  });
}
