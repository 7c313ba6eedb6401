import type { PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { DebtorRequestRow } from '../../adapters/db/debtor-request-schema.js';
import { newId } from '../../adapters/db/ids.js';
import type { CustomerRow, OrganizationRow } from '../../adapters/db/schema.js';
import { getCollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { listContacts } from '../../adapters/db/stores/contacts.js';
import { messageLanguageOf, outboxSenderOf } from '../collection/build-template-context.js';
import { findRecipient } from '../collection/find-recipient.js';
import { firstSendingInstant } from '../collection/sending-window.js';
import { answerActionId } from '../inbound/answer-action.js';
import { enqueueMessage } from '../outbox/enqueue-message.js';
import { debtorAnswerEmail, type AnswerOutcome } from './debtor-answer-email.js';
import { messagePortalLink } from './message-portal-link.js';
import { quoted } from './record-debtor-request.js';

/**
 * Queues the email that carries a person's answer to the customer, through the outbox like
 * every message (business hours, retries, delivery tasks). Returns false when the customer has
 * no email address on file: the answer then shows on its page only.
 */
export async function sendDebtorAnswer(
  tx: Db,
  context: { organization: OrganizationRow; customer: CustomerRow; on: PlainDate; now: Date; portalBase?: string | undefined },
  request: DebtorRequestRow,
  outcome: AnswerOutcome,
  text: string | null,
): Promise<boolean> {
  const { organization, customer, on, now, portalBase } = context;
  const recipient = findRecipient(customer, await listContacts(tx, organization.id, customer.id), 'email');
  if (!recipient) return false;
  const settings = await getCollectionSettings(tx, organization.id);
  // The answer links to the customer's page, where it shows too (a plan's schedule, for one).
  const link = messagePortalLink(settings, { base: portalBase, now });
  const email = debtorAnswerEmail({ language: messageLanguageOf(customer), kind: request.kind, askedOn: request.created_on as PlainDate, outcome, text, quote: request.message ? quoted(request.message) : null, signedBy: organization.name, pageUrl: link.url });
  const notBefore = firstSendingInstant(organization, settings, on, now);
  // No collection action stands behind an answer: it is no reminder, lists no invoice, carries no
  // statement, and leaves whatever the state of the case (a hold, a promise). Each answer is its
  // own message: a request answered twice sends two emails.
  const actionId = answerActionId(`debtor-request:${request.id}:${newId()}`);
  await link.keep(tx, organization.id, customer.id, [email.text]);
  await enqueueMessage(tx, organization.id, { actionId, customerId: customer.id, channel: 'email', recipient, sender: outboxSenderOf('accounts_team', settings, organization), subject: email.subject, text: email.text, html: email.html, invoiceIds: [], notBefore });
  return true;
}
