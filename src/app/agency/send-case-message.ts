import { AppError } from '../../core/app-error.js';
import { todayIn } from '../../core/plain-date.js';
import type { MessageLanguage } from '../../core/scenarios/scenario.js';
import { messageLanguageFromCode } from '../../core/templates/format-for-language.js';
import type { Db } from '../../adapters/db/database.js';
import { newId } from '../../adapters/db/ids.js';
import type { MandateActingAs } from '../../adapters/db/mandate-schema.js';
import type { OrganizationRow, OutboxMessageRow } from '../../adapters/db/schema.js';
import { getChannelSettings } from '../../adapters/db/stores/channel-settings.js';
import { getCollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { addTimelineEvent } from '../../adapters/db/stores/collection-timeline.js';
import { listContacts } from '../../adapters/db/stores/contacts.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import { getOrganization } from '../../adapters/db/stores/organizations.js';
import { findOutboxMessage } from '../../adapters/db/stores/outbox.js';
import { outboxSenderOf } from '../collection/build-template-context.js';
import { findRecipient, type Recipient } from '../collection/find-recipient.js';
import type { AgencyCase } from '../mandates/agency-case-access.js';
import { enqueueMessage, type OutboxSender } from '../outbox/enqueue-message.js';
import { messagePortalLink } from '../portal/message-portal-link.js';
import { mandateMessageActionId, mandateStepActionId } from './mandate-message-action.js';

/** The longest subject and text an agency may write, in characters. */
export const CASE_MESSAGE_SUBJECT_MAX = 200;
export const CASE_MESSAGE_TEXT_MAX = 20_000;

export interface CaseMessageInput {
  subject: string;
  text: string;
  /** A step of the agency's own scenario: one message per case and step, whatever the number of runs. */
  stepId?: string | null;
  /** The handed invoices the message asks for: checked again right before it leaves. */
  invoiceIds?: readonly string[];
}

/** Who a message on a case goes out as and to whom, and what stops it, if anything, in words. */
export interface CaseMessageAddressing {
  actingAs: MandateActingAs;
  language: MessageLanguage;
  sender: OutboxSender;
  recipient: Recipient | null;
  /** The closing line under the agency's own messages; null in the creditor's name. */
  signature: string | null;
  /** Why nothing can be sent yet; null when a message can go. */
  problem: { en: string; fr: string } | null;
}

const SIGNATURE: Record<MessageLanguage, (agency: string, creditor: string) => string> = {
  en: (agency, creditor) => `${agency}, mandated by ${creditor}`,
  fr: (agency, creditor) => `${agency}, mandatée par ${creditor}`,
  nl: (agency, creditor) => `${agency}, in opdracht van ${creditor}`,
  de: (agency, creditor) => `${agency}, im Auftrag von ${creditor}`,
};

const PORTAL_LINE: Record<MessageLanguage, string> = {
  en: 'Your account, to pay or to answer',
  fr: 'Votre compte, pour payer ou répondre',
  nl: 'Uw rekening, om te betalen of te antwoorden',
  de: 'Ihr Konto, zum Bezahlen oder Antworten',
};

function displayName(organization: OrganizationRow): string {
  return organization.legal_name || organization.name;
}

/**
 * In its own name, the agency writes from its own sender address (Settings → collection, else
 * the "From" of its own mail server) and signs as mandated by the creditor; in the creditor's
 * name, the message is exactly one of the creditor's own. The customer is reached at the
 * creditor's contact for emails, as the creditor's reminders are.
 */
export async function caseMessageAddressing(db: Db, agencyCase: AgencyCase): Promise<CaseMessageAddressing> {
  const { mandate, creditor, customer } = agencyCase;
  const language = messageLanguageFromCode(customer.language);
  const recipient = findRecipient(customer, await listContacts(db, creditor.id, customer.id), 'email');
  const noRecipient = recipient
    ? null
    : { en: `${customer.name} has no email address on file with ${creditor.name}.`, fr: `${customer.name} n’a pas d’adresse e-mail dans le dossier de ${creditor.name}.` };
  if (mandate.acting_as === 'creditor') {
    const sender = outboxSenderOf('accounts_team', await getCollectionSettings(db, creditor.id), creditor);
    return { actingAs: 'creditor', language, sender, recipient, signature: null, problem: noRecipient };
  }
  const agency = mandate.agency_organization_id ? await getOrganization(db, mandate.agency_organization_id) : undefined;
  if (!agency) throw new AppError('not_found', `case ${mandate.id} does not exist`, { field: 'id' });
  const settings = await getCollectionSettings(db, agency.id);
  const email = settings.senderEmail ?? (await getChannelSettings(db, agency.id))?.smtp_from ?? null;
  const sender: OutboxSender = { name: displayName(agency), ...(email ? { email, replyTo: settings.replyTo ?? email } : {}) };
  const problem = email
    ? noRecipient
    : { en: 'Set your sender email (Settings) before writing in your own name.', fr: 'Indiquez votre adresse d’expéditeur (Paramètres) avant d’écrire en votre nom.' };
  return { actingAs: 'agency', language, sender, recipient, signature: SIGNATURE[language](displayName(agency), displayName(creditor)), problem };
}

/**
 * An agency writes to the customer of a case it holds. The email waits in the CREDITOR's outbox
 * (the creditor sees it live, in the customer's timeline and case file) with the mandate named,
 * and leaves through the agency's mail server when the agency writes in its own name. A message
 * of a step of the agency's scenario is queued once per case and step, however often it is asked.
 * `by` is the agency user who wrote it (null for the agency's scenario); the outbox row and the
 * timeline name the agency, which answers for its people.
 */
export async function sendCaseMessage(
  db: Db,
  agencyCase: AgencyCase,
  input: CaseMessageInput,
  now: Date,
  _by: string | null,
  options: { portalBase?: string | undefined } = {},
): Promise<OutboxMessageRow> {
  return (await queueCaseMessage(db, agencyCase, input, now, options)).message;
}

/** `sendCaseMessage`, saying whether the message is new (false: that step's message was queued before). */
export async function queueCaseMessage(
  db: Db,
  agencyCase: AgencyCase,
  input: CaseMessageInput,
  now: Date,
  options: { portalBase?: string | undefined } = {},
): Promise<{ message: OutboxMessageRow; created: boolean }> {
  const subject = input.subject.trim();
  const text = input.text.trim();
  if (subject === '') throw new AppError('validation_failed', 'write the subject before sending', { field: 'subject' }, { localized: { en: 'Write a subject.', fr: 'Écrivez un objet.' } });
  if (text === '') throw new AppError('validation_failed', 'write the message before sending it', { field: 'text' }, { localized: { en: 'Write the message.', fr: 'Écrivez le message.' } });
  if (subject.length > CASE_MESSAGE_SUBJECT_MAX) throw new AppError('validation_failed', `a subject is at most ${CASE_MESSAGE_SUBJECT_MAX} characters`, { field: 'subject' }, { localized: { en: `A subject is at most ${CASE_MESSAGE_SUBJECT_MAX} characters.`, fr: `Un objet fait au plus ${CASE_MESSAGE_SUBJECT_MAX} caractères.` } });
  if (text.length > CASE_MESSAGE_TEXT_MAX) throw new AppError('validation_failed', `a message is at most ${CASE_MESSAGE_TEXT_MAX} characters`, { field: 'text' }, { localized: { en: `A message is at most ${CASE_MESSAGE_TEXT_MAX} characters.`, fr: `Un message fait au plus ${CASE_MESSAGE_TEXT_MAX} caractères.` } });

  const { mandate, creditor, customer } = agencyCase;
  const addressing = await caseMessageAddressing(db, agencyCase);
  if (addressing.problem || !addressing.recipient) {
    const problem = addressing.problem ?? { en: 'This customer cannot be reached by email.', fr: 'Ce client ne peut pas être joint par e-mail.' };
    throw new AppError('conflict', problem.en, { field: 'id' }, { localized: problem });
  }
  // Debtor-page links belong to the creditor: only a message in its name carries one.
  const link = addressing.actingAs === 'creditor' ? messagePortalLink(await getCollectionSettings(db, creditor.id), { base: options.portalBase, now }) : null;
  const body = addressing.signature
    ? `${text}\n\n-- \n${addressing.signature}\n`
    : link?.url
      ? `${text}\n\n${PORTAL_LINE[addressing.language]}: ${link.url}\n`
      : `${text}\n`;
  const today = todayIn(creditor.time_zone, now);
  const agencyName = mandate.partner_name;

  return inTransaction(db, async (tx) => {
    const queued = await enqueueMessage(tx, creditor.id, {
      actionId: input.stepId ? mandateStepActionId(mandate.id, input.stepId) : mandateMessageActionId(newId()),
      customerId: customer.id,
      channel: 'email',
      recipient: addressing.recipient!,
      sender: addressing.sender,
      subject,
      text: body,
      invoiceIds: [...(input.invoiceIds ?? [])],
      notBefore: now.toISOString(),
      mandateId: mandate.id,
    });
    if (queued.created) {
      await link?.keep(tx, creditor.id, customer.id, [body]);
      await addTimelineEvent(tx, creditor.id, {
        customerId: customer.id,
        occurredOn: today,
        kind: 'mandate_message',
        summary: { en: `Email written by ${agencyName}: ${subject}`, fr: `E-mail rédigé par ${agencyName} : ${subject}` },
        subjectId: queued.id,
        mandateId: mandate.id,
      });
    }
    return { message: (await findOutboxMessage(tx, creditor.id, queued.id))!, created: queued.created };
  });
}
