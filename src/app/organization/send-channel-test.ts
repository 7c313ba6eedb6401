import { AppError } from '../../core/app-error.js';
import { todayIn } from '../../core/plain-date.js';
import type { OutgoingMessage, SendOutcome } from '../../adapters/channels/channel-transport.js';
import { smtpEmailTransport } from '../../adapters/channels/email/smtp-email-transport.js';
import { httpSmsProvider } from '../../adapters/channels/sms/http-sms-provider.js';
import type { ChannelConfig } from '../../adapters/channels/transports-from-config.js';
import type { Db } from '../../adapters/db/database.js';
import { newId } from '../../adapters/db/ids.js';
import type { OrganizationRow } from '../../adapters/db/schema.js';
import { messageIdFor } from '../outbox/message-id.js';
import { channelConfigFor } from './channel-settings.js';

type Words = { en: string; fr: string };

/** What a test send gave, in words a person can act on; the server's own answer is quoted when it said something. */
export interface ChannelTestResult {
  channel: 'email' | 'sms';
  delivered: boolean;
  recipient: string;
  message: Words;
}

const TEST_TIMEOUT_SECONDS = 15;

/**
 * Sends one test message through the channel the sending pass would use for this organization
 * (its own settings, else the environment's): an email to the signed-in person, or an SMS to
 * the number they give. Nothing is written to the outbox.
 */
export async function sendChannelTest(
  db: Db,
  organization: OrganizationRow,
  request: { channel: 'email' | 'sms'; to: string; now: Date },
  env: ChannelConfig,
): Promise<ChannelTestResult> {
  const base = { channel: request.channel, recipient: request.to };
  let config: ChannelConfig;
  try {
    config = await channelConfigFor(db, organization.id, env);
  } catch (error) {
    if (error instanceof AppError && error.code === 'configuration') return { ...base, delivered: false, message: SECRET_UNREADABLE };
    throw error;
  }
  const id = newId();
  const message: OutgoingMessage = {
    id,
    organizationId: organization.id,
    customerId: '',
    channel: request.channel,
    messageId: messageIdFor(id),
    recipient: request.channel === 'email' ? { email: request.to } : { phone: request.to },
    sender: { name: organization.name, ...(config.smtpFrom ? { email: config.smtpFrom } : {}) },
    subject: 'Relance: test message / message de test',
    text: `This test message from Relance shows that ${organization.name} can send through these settings.\n\nCe message de test de Relance montre que ${organization.name} peut envoyer avec ces réglages.\n`,
    attachments: [],
    invoices: [],
    date: todayIn(organization.time_zone, request.now),
  };
  if (request.channel === 'email') {
    if (!config.smtpUrl) return { ...base, delivered: false, message: NO_MAIL_SERVER };
    const transport = smtpEmailTransport({ url: config.smtpUrl, defaultFrom: config.smtpFrom, timeoutSeconds: TEST_TIMEOUT_SECONDS });
    try {
      return { ...base, ...emailVerdict(await transport.send(message), request.to) };
    } finally {
      await transport.close?.();
    }
  }
  if (!config.smsProviderUrl || !config.smsProviderToken) return { ...base, delivered: false, message: NO_SMS_PROVIDER };
  const provider = httpSmsProvider({ url: config.smsProviderUrl, token: config.smsProviderToken, timeoutSeconds: TEST_TIMEOUT_SECONDS });
  return { ...base, ...smsVerdict(await provider.send(message), request.to) };
}

const SECRET_UNREADABLE: Words = {
  en: 'The saved password or token cannot be read with this server’s secrets key (RELANCE_SECRETS_KEY changed?): type it again and save.',
  fr: 'Le mot de passe ou le jeton enregistré ne peut être lu avec la clé de secrets de ce serveur (RELANCE_SECRETS_KEY a changé ?) : saisissez-le de nouveau et enregistrez.',
};

const NO_MAIL_SERVER: Words = {
  en: 'No mail server is set, here or on the server: emails are kept as files instead of being sent.',
  fr: 'Aucun serveur de messagerie n’est réglé, ni ici ni sur le serveur : les e-mails sont gardés en fichiers au lieu d’être envoyés.',
};

const NO_SMS_PROVIDER: Words = {
  en: 'No SMS provider is set, here or on the server: text messages are kept as files instead of being sent.',
  fr: 'Aucun fournisseur de SMS n’est réglé, ni ici ni sur le serveur : les SMS sont gardés en fichiers au lieu d’être envoyés.',
};

function emailVerdict(outcome: SendOutcome, to: string): { delivered: boolean; message: Words } {
  if (outcome.kind === 'sent') {
    return { delivered: true, message: { en: `The mail server accepted a test email to ${to}.`, fr: `Le serveur de messagerie a accepté un e-mail de test pour ${to}.` } };
  }
  if (outcome.kind === 'kept') return { delivered: false, message: NO_MAIL_SERVER };
  return { delivered: false, message: smtpProblem(outcome.error) };
}

/** The usual reasons a mail server says no, from its answer or the network's. */
export function smtpProblem(error: string): Words {
  if (/ECONNREFUSED/.test(error)) {
    return { en: 'Nothing answers at this server name and port: check both.', fr: 'Rien ne répond à ce nom de serveur et ce port : vérifiez-les.' };
  }
  if (/ENOTFOUND|EAI_AGAIN/.test(error)) return { en: 'This server name cannot be found: check its spelling.', fr: 'Ce nom de serveur est introuvable : vérifiez son orthographe.' };
  if (/ETIMEDOUT|timeout/i.test(error)) return { en: 'The mail server did not answer in time.', fr: 'Le serveur de messagerie n’a pas répondu à temps.' };
  if (/\b535\b|EAUTH|Invalid login|authentication/i.test(error)) {
    return { en: 'The mail server refused the user name or the password.', fr: 'Le serveur de messagerie a refusé l’identifiant ou le mot de passe.' };
  }
  if (/STARTTLS|TLS|SSL|certificate|wrong version number/i.test(error)) {
    return {
      en: `The secure connection to the mail server failed; check the security setting. The server said: ${error}`,
      fr: `La connexion sécurisée au serveur de messagerie a échoué ; vérifiez le réglage de sécurité. Le serveur a répondu : ${error}`,
    };
  }
  return { en: `The mail server refused the test email. It said: ${error}`, fr: `Le serveur de messagerie a refusé l’e-mail de test. Il a répondu : ${error}` };
}

function smsVerdict(outcome: SendOutcome, to: string): { delivered: boolean; message: Words } {
  if (outcome.kind === 'sent') return { delivered: true, message: { en: `The SMS provider accepted a test message to ${to}.`, fr: `Le fournisseur de SMS a accepté un message de test pour ${to}.` } };
  if (outcome.kind === 'kept') return { delivered: false, message: NO_SMS_PROVIDER };
  if (/answered 40[13]\b/.test(outcome.error)) return { delivered: false, message: { en: 'The SMS provider refused the token.', fr: 'Le fournisseur de SMS a refusé le jeton.' } };
  if (/unreachable/.test(outcome.error)) {
    return { delivered: false, message: { en: 'Nothing answers at the SMS provider’s address: check it.', fr: 'Rien ne répond à l’adresse du fournisseur de SMS : vérifiez-la.' } };
  }
  return { delivered: false, message: { en: `The SMS provider refused the test message. It said: ${outcome.error}`, fr: `Le fournisseur de SMS a refusé le message de test. Il a répondu : ${outcome.error}` } };
}
