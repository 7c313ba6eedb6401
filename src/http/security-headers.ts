import type { FastifyInstance } from 'fastify';

/**
 * What an HTML page of Relance may load: its own scripts, styles, images and API, nothing
 * inline, nothing from elsewhere, and it may not be framed (clickjacking). The built web app
 * and the API docs both load every script from a file, so no inline script is allowed.
 * Styles set from script (React's `style` prop, the charts) go through the CSSOM, which a
 * policy does not restrict; style attributes written in markup would be refused.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Sets the browser protections on every response: no MIME sniffing (a JSON answer never runs
 * as a script), no address sent to other sites, and on HTML pages the policy above and its
 * older twin for browsers without `frame-ancestors`. A page that sets its own policy keeps it.
 */
export function useSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html')) {
      if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', PAGE_CSP);
      reply.header('x-frame-options', 'DENY');
    }
    return payload;
  });
}
