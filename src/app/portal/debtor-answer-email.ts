import type { PlainDate } from '../../core/plain-date.js';
import { formatDateForLanguage } from '../../core/templates/format-for-language.js';
import type { MessageLanguage } from '../../core/scenarios/scenario.js';
import type { DebtorRequestKind } from '../../adapters/db/debtor-request-schema.js';
import { escapeHtml } from '../../core/escape-html.js';

export type AnswerOutcome = 'accepted' | 'rejected' | 'answered';

// Each word fits "votre …" / "Ihre …, Ihrer …" (feminine in German), as the sentences below use it.
const KIND_WORDS: Record<MessageLanguage, Record<DebtorRequestKind, string>> = {
  en: { claim: 'payment notice', promise: 'promise to pay', plan_request: 'request for a payment plan', dispute: 'dispute', question: 'question', missing_document: 'request for a document', contact: 'new contact details' },
  fr: { claim: 'signalement de paiement', promise: 'promesse de paiement', plan_request: 'demande de plan de paiement', dispute: 'contestation', question: 'question', missing_document: 'demande de document', contact: 'changement de coordonnées' },
  nl: { claim: 'betalingsmelding', promise: 'betalingsbelofte', plan_request: 'aanvraag voor een afbetalingsplan', dispute: 'betwisting', question: 'vraag', missing_document: 'aanvraag voor een document', contact: 'nieuwe contactgegevens' },
  de: { claim: 'Zahlungsmeldung', promise: 'Zahlungszusage', plan_request: 'Anfrage nach einem Ratenplan', dispute: 'Beanstandung', question: 'Frage', missing_document: 'Anfrage nach einem Dokument', contact: 'Änderung der Kontaktdaten' },
};

const WORDS: Record<MessageLanguage, { subject: (kind: string) => string; hello: string; about: (kind: string, on: string) => string; outcome: Record<AnswerOutcome, string>; page: string; regards: string }> = {
  en: {
    subject: (kind) => `Our answer to your ${kind}`,
    hello: 'Hello,',
    about: (kind, on) => `About your ${kind} of ${on}:`,
    outcome: { accepted: 'We accept it.', rejected: 'We cannot accept it.', answered: 'Here is our answer.' },
    page: 'Your page, with your invoices and this answer:',
    regards: 'Kind regards,',
  },
  fr: {
    subject: (kind) => `Notre réponse à votre ${kind}`,
    hello: 'Bonjour,',
    about: (kind, on) => `Au sujet de votre ${kind} du ${on} :`,
    outcome: { accepted: 'Nous l’acceptons.', rejected: 'Nous ne pouvons pas l’accepter.', answered: 'Voici notre réponse.' },
    page: 'Votre espace, avec vos factures et cette réponse :',
    regards: 'Cordialement,',
  },
  nl: {
    subject: (kind) => `Ons antwoord op uw ${kind}`,
    hello: 'Goedendag,',
    about: (kind, on) => `Over uw ${kind} van ${on}:`,
    outcome: { accepted: 'Wij aanvaarden die.', rejected: 'Wij kunnen die niet aanvaarden.', answered: 'Hier is ons antwoord.' },
    page: 'Uw pagina, met uw facturen en dit antwoord:',
    regards: 'Met vriendelijke groeten,',
  },
  de: {
    subject: (kind) => `Unsere Antwort auf Ihre ${kind}`,
    hello: 'Guten Tag,',
    about: (kind, on) => `Zu Ihrer ${kind} vom ${on}:`,
    outcome: { accepted: 'Wir nehmen sie an.', rejected: 'Wir können sie leider nicht annehmen.', answered: 'Hier ist unsere Antwort.' },
    page: 'Ihre Seite, mit Ihren Rechnungen und dieser Antwort:',
    regards: 'Mit freundlichen Grüßen',
  },
};


/**
 * The email that carries a person's answer to what a customer asked on its page, in the
 * customer's language. Everything typed (the answer, the customer's own words quoted back) is
 * escaped in the HTML part.
 */
export function debtorAnswerEmail(input: {
  language: MessageLanguage;
  kind: DebtorRequestKind;
  askedOn: PlainDate;
  outcome: AnswerOutcome;
  text: string | null;
  quote: string | null;
  signedBy: string;
  /** The customer's page; empty when no public address is known. */
  pageUrl: string;
}): { subject: string; text: string; html: string } {
  const words = WORDS[input.language];
  const kind = KIND_WORDS[input.language][input.kind];
  const about = words.about(kind, formatDateForLanguage(input.askedOn, input.language));
  const before = [words.hello, about, ...(input.quote ? [input.quote] : []), words.outcome[input.outcome], ...(input.text ? [input.text] : [])];
  const after = [`${words.regards}\n${input.signedBy}`];
  const paragraph = (text: string) => `<p>${escapeHtml(text).replace(/\n/g, '<br>')}</p>`;
  const page = input.pageUrl ? { text: [`${words.page}\n${input.pageUrl}`], html: `<p>${escapeHtml(words.page)}<br><a href="${escapeHtml(input.pageUrl)}">${escapeHtml(input.pageUrl)}</a></p>` } : { text: [], html: '' };
  return {
    subject: words.subject(kind),
    text: `${[...before, ...page.text, ...after].join('\n\n')}\n`,
    html: `<!doctype html><html lang="${input.language}"><body>${before.map(paragraph).join('')}${page.html}${after.map(paragraph).join('')}</body></html>`,
  };
}
