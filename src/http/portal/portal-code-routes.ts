import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/app-error.js';
import type { Db } from '../../adapters/db/database.js';
import { listContacts } from '../../adapters/db/stores/contacts.js';
import { getCustomer } from '../../adapters/db/stores/customers.js';
import { findRecipient } from '../../app/collection/find-recipient.js';
import { checkPortalCode, maskedEmail, PORTAL_PASS_HOURS, portalCodeState, sendPortalCode } from '../../app/portal/portal-code.js';
import type { PortalAccess } from '../../app/portal/portal-links.js';
import { checkPortalCsrf, isJsonBody, portalCsrfToken } from './csrf.js';
import { CODE_NOTICES, portalCodePage, type CodeNotice } from './portal-code-page.js';
import { askedPortalLanguage, portalLanguageOf, portalPagePath, portalProblem, sendPortalHtml, sendPortalProblem, wantsJson, type PortalLanguage } from './portal-pages.js';

/** The cookie that tells a link's page this browser gave the link's code; scoped to that link's path. */
export const PORTAL_PASS_COOKIE = 'relance_portal_pass';
/** The language the debtor picked on its page (the page keeps it in this cookie too). */

/** The routes that must stay open while the code is not given yet. */
export const CODE_ROUTE_SUFFIXES = ['/code', '/code/send'] as const;

// The access hook (portal-access.ts) opened the link before any of these runs.
function portalAccessOf(request: FastifyRequest): PortalAccess {
  if (!request.portal) throw new AppError('not_found', 'this route is not under /p/:token');
  return request.portal;
}

function tokenOf(request: FastifyRequest): string {
  return (request.params as { token: string }).token;
}

function pagePath(request: FastifyRequest, notice?: CodeNotice): string {
  return portalPagePath(request, notice ? { code: notice } : {});
}

/**
 * Answers a request for the page of a link whose code is not given yet: the code page in the
 * debtor's language (HTML), or 401 problem details saying how to get in (JSON). Nothing of the
 * account is in either.
 */
export async function sendCodeNeeded(db: Db, request: FastifyRequest, reply: FastifyReply, access: PortalAccess, now: Date): Promise<FastifyReply> {
  if (wantsJson(request)) {
    const base = `/p/${encodeURIComponent(tokenOf(request))}`;
    const detail = `this page asks first for the code mailed to the customer: POST ${base}/code/send, then POST ${base}/code with {"code": "123456"}`;
    return sendPortalProblem(
      reply,
      401,
      portalProblem('unauthenticated', 401, 'Not signed in', detail, {
        en: 'This page first asks for a code sent to your email address.',
        fr: 'Cette page demande d’abord un code envoyé à votre adresse e-mail.',
      }),
    );
  }
  const customer = await getCustomer(db, access.organizationId, access.customerId);
  const recipient = customer ? findRecipient(customer, await listContacts(db, access.organizationId, customer.id), 'email') : null;
  const asked = (request.query as { code?: unknown } | undefined)?.code;
  const notice = typeof asked === 'string' && (CODE_NOTICES as readonly string[]).includes(asked) ? (asked as CodeNotice) : null;
  const html = portalCodePage({
    token: tokenOf(request),
    language: askedPortalLanguage(request) ?? portalLanguageOf(customer?.language),
    state: await portalCodeState(db, access.linkId, now),
    notice,
    to: recipient?.email ? maskedEmail(recipient.email) : null,
    csrf: portalCsrfToken(request, reply),
  });
  return sendPortalHtml(reply, 401, html);
}

/**
 * The second factor's two posts: mail me a code, and here is the code. A form (urlencoded, with
 * the page's CSRF value) is answered by a redirect to the page; JSON gets JSON.
 */
export async function registerPortalCodeRoutes(app: FastifyInstance, options: { db: Db; now: () => Date }): Promise<void> {
  const { db, now } = options;
  await app.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: 4 * 1024 });
    const config = { access: 'public' as const };

    scope.post('/p/:token/code/send', { config, schema: { hide: true } }, async (request, reply) => {
      const access = portalAccessOf(request);
      if (!isJsonBody(request)) checkPortalCsrf(request);
      const sent = await sendPortalCode(db, access, now());
      if (wantsJson(request)) {
        if ('to' in sent) return reply.code(202).header('cache-control', 'no-store').send({ sent_to: sent.to });
        if (sent.outcome === 'locked') throw new AppError('forbidden', 'too many wrong codes: this link is locked; ask the sender for a new link');
        throw new AppError('conflict', 'the customer has no email address to send the code to; ask the sender');
      }
      return reply.code(303).header('location', pagePath(request, sent.outcome)).send();
    });

    scope.post('/p/:token/code', { config, schema: { hide: true } }, async (request, reply) => {
      const access = portalAccessOf(request);
      if (!isJsonBody(request)) checkPortalCsrf(request);
      const typed = (request.body as { code?: unknown } | undefined)?.code;
      const checked = await checkPortalCode(db, access, typeof typed === 'string' ? typed : '', now());
      const json = wantsJson(request);
      if (checked.outcome === 'opened') {
        reply.setCookie(PORTAL_PASS_COOKIE, checked.pass, {
          path: `/p/${tokenOf(request)}`,
          httpOnly: true,
          // Lax, so that the link clicked again in a mail client keeps the pass: the pass only
          // opens the page to read; what the page sends still needs the strict CSRF cookie.
          sameSite: 'lax',
          secure: request.protocol === 'https',
          maxAge: PORTAL_PASS_HOURS * 3600,
        });
        if (json) return reply.code(200).header('cache-control', 'no-store').send({ opened: true, until: checked.expiresAt });
        return reply.code(303).header('location', pagePath(request)).send();
      }
      if (json) {
        if ('attemptsLeft' in checked) throw new AppError('validation_failed', `this code is not the right one; ${checked.attemptsLeft} ${checked.attemptsLeft === 1 ? 'try' : 'tries'} left`, { field: 'code' });
        if (checked.outcome === 'locked') throw new AppError('forbidden', 'too many wrong codes: this link is locked; ask the sender for a new link');
        throw new AppError('validation_failed', 'no code is waiting, or it expired: ask for a new one', { field: 'code' });
      }
      return reply.code(303).header('location', pagePath(request, checked.outcome)).send();
    });
  });
}
