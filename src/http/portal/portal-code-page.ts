import type { PortalCodeState } from '../../app/portal/portal-code.js';
import { PORTAL_CSRF_FIELD } from './csrf.js';
import { escapeHtml, portalHtml, PORTAL_LANGUAGES, type PortalLanguage } from './portal-pages.js';

/** What the last step said, carried back to the page in its address (?code=…). */
export type CodeNotice = 'sent' | 'wrong' | 'expired' | 'locked' | 'no_email' | 'recently_sent';
export const CODE_NOTICES: readonly CodeNotice[] = ['sent', 'wrong', 'expired', 'locked', 'no_email', 'recently_sent'];

interface CodeWords {
  title: string;
  why: string;
  send: string;
  resend: string;
  label: string;
  hint: string;
  open: string;
  sentTo: (to: string) => string;
  wrong: (left: number) => string;
  expired: string;
  locked: string;
  noEmail: string;
  languages: string;
}

const plural = (n: number, one: string, other: string) => (n === 1 ? one : other).replace('{n}', String(n));

const WORDS: Record<PortalLanguage, CodeWords> = {
  fr: {
    title: 'Confirmez qu’il s’agit bien de vous',
    why: 'Le solde de ce compte est élevé : pour le protéger, la page demande d’abord un code à 6 chiffres, envoyé à l’adresse e-mail que nous avons pour vous.',
    send: 'M’envoyer un code',
    resend: 'Envoyer un nouveau code',
    label: 'Code reçu par e-mail',
    hint: '6 chiffres, valable 10 minutes',
    open: 'Ouvrir ma page',
    sentTo: (to) => `Un code a été envoyé à ${to}. Il est valable 10 minutes.`,
    wrong: (left) => `Ce code n’est pas le bon. ${plural(left, 'Il vous reste {n} essai.', 'Il vous reste {n} essais.')}`,
    expired: 'Ce code n’est plus valable : demandez-en un nouveau.',
    locked: 'Trop de codes erronés : ce lien est bloqué. Contactez l’entreprise qui vous l’a envoyé pour en recevoir un nouveau.',
    noEmail: 'Nous n’avons pas d’adresse e-mail pour vous : contactez l’entreprise qui vous a envoyé ce lien.',
    languages: 'Langue',
  },
  en: {
    title: 'Confirm it is you',
    why: 'This account holds a large balance: to protect it, the page first asks for a 6-digit code, sent to the email address we have for you.',
    send: 'Send me a code',
    resend: 'Send a new code',
    label: 'Code received by email',
    hint: '6 digits, valid for 10 minutes',
    open: 'Open my page',
    sentTo: (to) => `A code was sent to ${to}. It is valid for 10 minutes.`,
    wrong: (left) => `This code is not the right one. ${plural(left, 'You have {n} try left.', 'You have {n} tries left.')}`,
    expired: 'This code is no longer valid: ask for a new one.',
    locked: 'Too many wrong codes: this link is locked. Contact the company that sent it to you for a new one.',
    noEmail: 'We have no email address for you: contact the company that sent you this link.',
    languages: 'Language',
  },
  nl: {
    title: 'Bevestig dat u het bent',
    why: 'Het saldo van deze rekening is hoog: om ze te beschermen vraagt de pagina eerst een code van 6 cijfers, verstuurd naar het e-mailadres dat wij van u hebben.',
    send: 'Stuur mij een code',
    resend: 'Stuur een nieuwe code',
    label: 'Code ontvangen per e-mail',
    hint: '6 cijfers, 10 minuten geldig',
    open: 'Mijn pagina openen',
    sentTo: (to) => `Er werd een code verstuurd naar ${to}. Hij is 10 minuten geldig.`,
    wrong: (left) => `Deze code is niet juist. ${plural(left, 'U hebt nog {n} poging.', 'U hebt nog {n} pogingen.')}`,
    expired: 'Deze code is niet meer geldig: vraag een nieuwe aan.',
    locked: 'Te veel foute codes: deze link is geblokkeerd. Neem contact op met het bedrijf dat hem u stuurde voor een nieuwe.',
    noEmail: 'Wij hebben geen e-mailadres van u: neem contact op met het bedrijf dat u deze link stuurde.',
    languages: 'Taal',
  },
  de: {
    title: 'Bestätigen Sie, dass Sie es sind',
    why: 'Dieses Konto weist einen hohen Saldo auf: Zu seinem Schutz verlangt die Seite zuerst einen 6-stelligen Code, der an die uns bekannte E-Mail-Adresse gesendet wird.',
    send: 'Code senden',
    resend: 'Neuen Code senden',
    label: 'Per E-Mail erhaltener Code',
    hint: '6 Ziffern, 10 Minuten gültig',
    open: 'Meine Seite öffnen',
    sentTo: (to) => `Ein Code wurde an ${to} gesendet. Er ist 10 Minuten gültig.`,
    wrong: (left) => `Dieser Code ist nicht richtig. ${plural(left, 'Sie haben noch {n} Versuch.', 'Sie haben noch {n} Versuche.')}`,
    expired: 'Dieser Code ist nicht mehr gültig: Fordern Sie einen neuen an.',
    locked: 'Zu viele falsche Codes: Dieser Link ist gesperrt. Wenden Sie sich für einen neuen an das Unternehmen, das ihn Ihnen geschickt hat.',
    noEmail: 'Wir haben keine E-Mail-Adresse von Ihnen: Wenden Sie sich an das Unternehmen, das Ihnen diesen Link geschickt hat.',
    languages: 'Sprache',
  },
};

const LANGUAGE_NAMES: Record<PortalLanguage, string> = { fr: 'Français', en: 'English', nl: 'Nederlands', de: 'Deutsch' };

/**
 * The page a link shows before its code is given: why, a button to mail the code, the field
 * to type it, and what the last step said. Nothing of the account is on it.
 */
export function portalCodePage(input: {
  token: string;
  language: PortalLanguage;
  state: PortalCodeState;
  notice: CodeNotice | null;
  to: string | null;
  csrf: string;
}): string {
  const w = WORDS[input.language];
  const base = `/p/${encodeURIComponent(input.token)}`;
  const hidden = `<input type="hidden" name="${PORTAL_CSRF_FIELD}" value="${escapeHtml(input.csrf)}"><input type="hidden" name="lang" value="${input.language}">`;
  const nav = `<nav aria-label="${escapeHtml(w.languages)}">${PORTAL_LANGUAGES.map((lang) => `<a href="${base}?lang=${lang}" lang="${lang}"${lang === input.language ? ' aria-current="true"' : ''}>${LANGUAGE_NAMES[lang]}</a>`).join('')}</nav>`;
  const locked = input.state.kind === 'locked' || input.notice === 'locked';
  const attemptsLeft = input.state.kind === 'sent' ? input.state.attemptsLeft : 0;
  const noticeText =
    locked ? w.locked
    : input.notice === 'sent' || input.notice === 'recently_sent' ? (input.to ? w.sentTo(input.to) : null)
    : input.notice === 'wrong' ? w.wrong(attemptsLeft)
    : input.notice === 'expired' ? w.expired
    : input.notice === 'no_email' ? w.noEmail
    : null;
  const alert = input.notice === 'wrong' || input.notice === 'expired' || input.notice === 'no_email' || locked;
  const notice = noticeText ? `<p class="${alert ? 'alert' : 'note'}" role="${alert ? 'alert' : 'status'}">${escapeHtml(noticeText)}</p>` : '';
  const sendForm = `<form method="post" action="${base}/code/send">${hidden}<button type="submit">${escapeHtml(input.state.kind === 'sent' ? w.resend : w.send)}</button></form>`;
  const codeForm =
    input.state.kind === 'sent'
      ? `<form method="post" action="${base}/code">${hidden}<label for="code">${escapeHtml(w.label)}</label><p class="note" id="code-hint">${escapeHtml(w.hint)}</p><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required aria-describedby="code-hint"><div><button type="submit">${escapeHtml(w.open)}</button></div></form>`
      : '';
  const forms = locked ? '' : `${codeForm}<section>${sendForm}</section>`;
  return portalHtml(input.language, w.title, `${nav}<h1>${escapeHtml(w.title)}</h1><p>${escapeHtml(w.why)}</p>${notice}${forms}`);
}
