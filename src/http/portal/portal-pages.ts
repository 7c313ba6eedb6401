import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_TYPE_BASE } from '../problem-details.js';
import { escapeHtml } from '../../core/escape-html.js';

/** The languages a debtor page speaks. */
export type PortalLanguage = 'fr' | 'en' | 'nl' | 'de';
export const PORTAL_LANGUAGES: readonly PortalLanguage[] = ['fr', 'en', 'nl', 'de'];

export function portalLanguageOf(code: string | null | undefined): PortalLanguage {
  const short = (code ?? '').slice(0, 2).toLowerCase();
  return (PORTAL_LANGUAGES as readonly string[]).includes(short) ? (short as PortalLanguage) : 'en';
}

/** A request that asked for JSON (a script, a test) rather than a page. */
/** The language a debtor chose with ?lang=, kept for the pages it opens next (after a form, say). */
export const PORTAL_LANGUAGE_COOKIE = 'relance_portal_lang';

/** The language the debtor asked for: a form's field, then ?lang=, then the one it kept; null when none. */
export function askedPortalLanguage(request: FastifyRequest): PortalLanguage | null {
  const body = request.body as { lang?: unknown } | undefined;
  const query = request.query as { lang?: unknown } | undefined;
  for (const value of [body?.lang, query?.lang, request.cookies[PORTAL_LANGUAGE_COOKIE]]) {
    if (typeof value === 'string' && (PORTAL_LANGUAGES as readonly string[]).includes(value)) return value as PortalLanguage;
  }
  return null;
}

/** The debtor page a form or code route sends back to, rebuilt from the token, in the language asked, with its notice. */
export function portalPagePath(request: FastifyRequest, notice: Record<string, string> = {}): string {
  const params = new URLSearchParams(notice);
  const lang = askedPortalLanguage(request);
  if (lang) params.set('lang', lang);
  const query = params.toString();
  return `/p/${encodeURIComponent((request.params as { token: string }).token)}${query ? `?${query}` : ''}`;
}

export function wantsJson(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('application/json');
}

export { escapeHtml };

// The pages of this file carry their one style block inline and allow exactly it, by its hash:
// nothing is loaded from anywhere, not even from Relance.
const STYLE = [
  'body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;padding:1.5rem;color:#1a1a1a;background:#f6f7f9;line-height:1.5}',
  'main{max-width:32rem;margin:0 auto;background:#fff;border:1px solid #d5d8de;border-radius:.5rem;padding:1.5rem}',
  'h1{font-size:1.25rem;margin:0 0 .75rem}',
  'section+section{border-top:1px solid #d5d8de;margin-top:1rem;padding-top:1rem}',
  'label{display:block;font-weight:600;margin:.75rem 0 .25rem}',
  'input{font-size:1.25rem;letter-spacing:.2em;padding:.5rem;width:9ch;border:2px solid #4a4f57;border-radius:.25rem}',
  'button{font-size:1rem;padding:.6rem 1rem;margin-top:.75rem;border:0;border-radius:.25rem;background:#0b5cad;color:#fff;cursor:pointer}',
  'button:focus,input:focus,a:focus{outline:3px solid #f0a202;outline-offset:2px}',
  '.note{color:#3d4249}',
  '.alert{color:#8a1c1c;font-weight:600}',
  'nav{margin-bottom:1rem;font-size:.9rem}nav a{margin-right:.75rem;color:#0b5cad}',
].join('');
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');
const PAGE_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${STYLE_HASH}'`,
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** A whole small page: one language, or several side by side (lang on each section). */
export function portalHtml(lang: PortalLanguage, title: string, body: string): string {
  return `<!doctype html>\n<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>\n`;
}

/** Sends one of these pages: no caching (it is about one customer), its own content policy. */
export function sendPortalHtml(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-security-policy', PAGE_POLICY)
    .send(html);
}

/** A short message in the four languages, for pages that cannot know their reader's. */
type EveryLanguage = Record<PortalLanguage, { title: string; text: string }>;

function everyLanguagePage(words: EveryLanguage): string {
  return portalHtml(
    'en',
    `${words.en.title} · ${words.fr.title}`,
    PORTAL_LANGUAGES.map((lang) => `<section lang="${lang}"><h1>${escapeHtml(words[lang].title)}</h1><p>${escapeHtml(words[lang].text)}</p></section>`).join(''),
  );
}

/** Problem details (RFC 9457) of a debtor route, with the words the page says in English and French. */
export function portalProblem(code: 'not_found' | 'too_many_requests' | 'unauthenticated', status: number, title: string, detail: string, localized: { en: string; fr: string }) {
  return { type: `${PROBLEM_TYPE_BASE}${code}`, title, status, detail, code, localized_detail: localized };
}

/** Sends problem details, uncached; `body` may be one serialized once ahead. */
export function sendPortalProblem(reply: FastifyReply, status: number, body: ReturnType<typeof portalProblem> | string): FastifyReply {
  return reply.code(status).header('content-type', 'application/problem+json; charset=utf-8').header('cache-control', 'no-store').send(body);
}

const NOT_VALID: EveryLanguage = {
  fr: { title: 'Ce lien n’est plus valable', text: 'Le lien que vous avez ouvert n’est plus valable. Pour recevoir un nouveau lien, contactez l’entreprise qui vous l’a envoyé.' },
  en: { title: 'This link is no longer valid', text: 'The link you opened is no longer valid. To get a new one, contact the company that sent it to you.' },
  nl: { title: 'Deze link is niet meer geldig', text: 'De link die u opende is niet meer geldig. Neem contact op met het bedrijf dat hem u stuurde om een nieuwe te krijgen.' },
  de: { title: 'Dieser Link ist nicht mehr gültig', text: 'Der Link, den Sie geöffnet haben, ist nicht mehr gültig. Für einen neuen Link wenden Sie sich bitte an das Unternehmen, das ihn Ihnen geschickt hat.' },
};

// Built once: every link that opens nothing gets these very bytes, whatever the reason.
const NOT_VALID_HTML = everyLanguagePage(NOT_VALID);
const NOT_VALID_JSON = JSON.stringify(
  portalProblem('not_found', 404, 'Not found', 'this link is not valid: it may have expired or been revoked; ask the sender for a new one', { en: NOT_VALID.en.text, fr: NOT_VALID.fr.text }),
);

/** The one answer to a link that opens nothing: unknown, tampered, expired, revoked or another's. */
export function sendLinkNotValid(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return wantsJson(request) ? sendPortalProblem(reply, 404, NOT_VALID_JSON) : sendPortalHtml(reply, 404, NOT_VALID_HTML);
}

const TOO_MANY: EveryLanguage = {
  fr: { title: 'Trop de tentatives', text: 'Trop de liens non valables ont été ouverts depuis cette adresse. Réessayez plus tard.' },
  en: { title: 'Too many attempts', text: 'Too many links that are not valid were opened from this address. Please try again later.' },
  nl: { title: 'Te veel pogingen', text: 'Vanaf dit adres werden te veel ongeldige links geopend. Probeer het later opnieuw.' },
  de: { title: 'Zu viele Versuche', text: 'Von dieser Adresse wurden zu viele ungültige Links geöffnet. Bitte versuchen Sie es später erneut.' },
};
const TOO_MANY_HTML = everyLanguagePage(TOO_MANY);

/** Refuses an address that failed too often, saying when it may try again. */
export function sendTooManyAttempts(request: FastifyRequest, reply: FastifyReply, retryAfterSeconds: number): FastifyReply {
  reply.header('retry-after', String(retryAfterSeconds));
  if (!wantsJson(request)) return sendPortalHtml(reply, 429, TOO_MANY_HTML);
  const detail = `too many links that are not valid were opened from this address; try again in ${retryAfterSeconds} seconds`;
  return sendPortalProblem(reply, 429, portalProblem('too_many_requests', 429, 'Too many requests', detail, { en: TOO_MANY.en.text, fr: TOO_MANY.fr.text }));
}

const FORM_EXPIRED: Record<PortalLanguage, { title: string; text: string; back: string }> = {
  fr: { title: 'Formulaire à envoyer de nouveau', text: 'Ce formulaire était ouvert depuis trop longtemps, ou n’a pas été envoyé depuis votre page : rien n’a été enregistré.', back: 'Revenir à votre page et le remplir de nouveau' },
  en: { title: 'Please send the form again', text: 'This form was open for too long, or was not sent from your page: nothing was recorded.', back: 'Back to your page to fill it in again' },
  nl: { title: 'Stuur het formulier opnieuw', text: 'Dit formulier stond te lang open, of werd niet vanaf uw pagina verstuurd: er werd niets geregistreerd.', back: 'Terug naar uw pagina om het opnieuw in te vullen' },
  de: { title: 'Bitte senden Sie das Formular erneut', text: 'Dieses Formular war zu lange geöffnet oder wurde nicht von Ihrer Seite gesendet: Es wurde nichts gespeichert.', back: 'Zurück zu Ihrer Seite, um es erneut auszufüllen' },
};

/**
 * A form sent without its page's CSRF value (a tab left open past the cookie's life, or a form
 * from elsewhere): refused, as a page in words with the way back rather than problem details.
 */
export function sendFormExpired(reply: FastifyReply, pagePath: string, language: PortalLanguage): FastifyReply {
  const words = FORM_EXPIRED[language];
  return sendPortalHtml(reply, 403, portalHtml(language, words.title, `<h1>${escapeHtml(words.title)}</h1><p>${escapeHtml(words.text)}</p><p><a href="${escapeHtml(pagePath)}">${escapeHtml(words.back)}</a></p>`));
}
