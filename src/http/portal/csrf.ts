import type {} from '@fastify/cookie';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/app-error.js';
import { newSecretToken } from '../../adapters/security/tokens.js';

/**
 * Forms of the debtor's page are protected by a double submit: the page sets a random value in
 * a cookie that only pages of /p/ receive, and writes the same value in a hidden field of each
 * form. Another site can make a browser post to /p/… (with the cookie, were it not
 * SameSite=Strict), but it can neither read the cookie nor the page, so it cannot put the value
 * in the form. JSON bodies need none: a browser sends `application/json` across sites only
 * after a preflight that Relance never answers.
 */
export const PORTAL_CSRF_COOKIE = 'relance_portal_csrf';

/** The hidden field each form of the page carries. */
export const PORTAL_CSRF_FIELD = 'csrf';

/** A header a script may send the value in instead of the field. */
export const PORTAL_CSRF_HEADER = 'x-csrf-token';

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The value the page writes in its forms: the one the browser already holds when it is well
 * formed (two tabs of the page keep working), else a new one, set as the cookie.
 */
export function portalCsrfToken(request: FastifyRequest, reply: FastifyReply): string {
  const held = request.cookies[PORTAL_CSRF_COOKIE];
  if (held && TOKEN_SHAPE.test(held)) return held;
  const token = newSecretToken();
  // Kept for a month: a page left open in a tab, or opened again from the same email, still sends.
  reply.setCookie(PORTAL_CSRF_COOKIE, token, { path: '/p/', httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https', maxAge: 30 * 24 * 3600 });
  return token;
}

/** Whether a request sends its body as JSON, which needs no form token. */
export function isJsonBody(request: FastifyRequest): boolean {
  const type = String(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json';
}

/** The value a form posted: a urlencoded field, a multipart field (`{ value }` when fields are attached to the body), or the header. */
function submittedToken(request: FastifyRequest): string | undefined {
  const header = request.headers[PORTAL_CSRF_HEADER];
  if (typeof header === 'string') return header;
  const body = request.body as Record<string, unknown> | null | undefined;
  const field = body && typeof body === 'object' ? body[PORTAL_CSRF_FIELD] : undefined;
  if (typeof field === 'string') return field;
  if (Array.isArray(field)) return undefined;
  const value = field && typeof field === 'object' ? (field as { value?: unknown }).value : undefined;
  return typeof value === 'string' ? value : undefined;
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Refuses (403) a form post of the debtor's page whose hidden field does not carry the value of
 * the page's cookie. A JSON body passes. A handler that reads a multipart stream itself passes
 * the field's value as `submitted`.
 */
export function checkPortalCsrf(request: FastifyRequest, submitted?: string): void {
  if (isJsonBody(request)) return;
  const cookie = request.cookies[PORTAL_CSRF_COOKIE];
  const sent = submitted ?? submittedToken(request);
  if (!cookie || !TOKEN_SHAPE.test(cookie) || !sent || !sameToken(cookie, sent)) {
    throw new AppError('forbidden', 'this form was not sent from the page it belongs to: open the page again and send it from there', { field: PORTAL_CSRF_FIELD });
  }
}
