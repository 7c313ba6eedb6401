import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../core/app-error.js';
import type { Db } from '../../adapters/db/database.js';
import { findPortalLink, type PortalAccess } from '../../app/portal/portal-links.js';
import { hasPassed, needsPortalCode } from '../../app/portal/portal-code.js';
import { FailureLimiter } from './failure-limiter.js';
import { CODE_ROUTE_SUFFIXES, PORTAL_PASS_COOKIE, registerPortalCodeRoutes, sendCodeNeeded } from './portal-code-routes.js';
import { sendLinkNotValid, sendTooManyAttempts } from './portal-pages.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Whom the debtor page speaks for; set on every route under /p/:token once its link opened. */
    portal: PortalAccess | null;
    /**
     * Where debtors reach Relance: PUBLIC_URL, else the address this request came to. Links made
     * while answering the request (a new link, a message approved) point there.
     */
    readonly portalBase: string;
  }
}

export type { PortalAccess };

/** Every debtor route lives under this prefix; the token is the whole of the debtor's credentials. */
export const PORTAL_ROUTE_PREFIX = '/p/:token';

export interface PortalAccessOptions {
  db: Db;
  now: () => Date;
  /** PUBLIC_URL; without it, links point at the address each request came to. */
  publicUrl?: string | undefined;
  /** Failed look-ups tolerated per client address in the window; 20 in 10 minutes by default. */
  failureLimit?: number;
  failureWindowMs?: number;
}

function isPortalRoute(url: string | undefined): boolean {
  return url !== undefined && (url === PORTAL_ROUTE_PREFIX || url.startsWith(`${PORTAL_ROUTE_PREFIX}/`));
}

const registered = new WeakSet<FastifyInstance>();

/**
 * Opens the link of every route under /p/:token before anything else runs: an address that
 * failed too often is refused (429, Retry-After), a token that opens nothing gets the one "not
 * valid" answer whatever the reason (unknown, tampered, expired, revoked, another organization's
 * or a deleted customer), and otherwise `request.portal` says whom the page is for. When the
 * organization asks for a second factor above some balance and this customer owes more, a
 * browser that has not given the mailed code gets the code page instead (portal-code-routes.ts).
 * Registered once on the root app (build-app.ts), so it covers the debtor routes of every plugin.
 */
export async function registerPortalAccess(app: FastifyInstance, options: PortalAccessOptions): Promise<void> {
  if (registered.has(app)) return;
  registered.add(app);
  const limiter = new FailureLimiter(options.failureLimit, options.failureWindowMs);
  app.decorateRequest('portal', null);
  const { publicUrl } = options;
  app.decorateRequest('portalBase', {
    getter(this: FastifyRequest) {
      return publicUrl ?? `${this.protocol}://${this.host}`;
    },
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!isPortalRoute(request.routeOptions.url)) return;
    const address = request.ip;
    const nowDate = options.now();
    const nowMs = nowDate.getTime();
    const wait = limiter.retryAfterSeconds(address, nowMs);
    if (wait > 0) return sendTooManyAttempts(request, reply, wait);
    const token = (request.params as { token?: string }).token ?? '';
    const link = await findPortalLink(options.db, token, nowDate);
    if (!link) {
      limiter.recordFailure(address, nowMs);
      return sendLinkNotValid(request, reply);
    }
    const access = { linkId: link.id, organizationId: link.organizationId, customerId: link.customerId };
    request.portal = access;
    // A large balance asks for the code mailed to the customer first, but for the code's own routes.
    if (link.codeAboveMinor === null || CODE_ROUTES.has(request.routeOptions.url!)) return undefined;
    if ((await needsPortalCode(options.db, link)) && !(await hasPassed(options.db, link.id, request.cookies[PORTAL_PASS_COOKIE], nowDate))) {
      return sendCodeNeeded(options.db, request, reply, access, nowDate);
    }
    return undefined;
  });
  await registerPortalCodeRoutes(app, options);
}

const CODE_ROUTES = new Set(CODE_ROUTE_SUFFIXES.map((suffix) => `${PORTAL_ROUTE_PREFIX}${suffix}`));

/** Whom the debtor page speaks for; only on routes under /p/:token, after their link opened. */
export function portalAccessOf(request: FastifyRequest): PortalAccess {
  if (!request.portal) throw new AppError('not_found', 'this route is not under /p/:token');
  return request.portal;
}
