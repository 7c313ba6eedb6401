import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../core/app-error.js';
import type { Db } from '../../../adapters/db/database.js';
import type { OrganizationRow, UserRow } from '../../../adapters/db/schema.js';
import { getApiKey } from '../../../adapters/db/stores/api-keys.js';
import { getOrganization } from '../../../adapters/db/stores/organizations.js';
import { deleteSession } from '../../../adapters/db/stores/sessions.js';
import { getUser } from '../../../adapters/db/stores/users.js';
import { hashToken } from '../../../adapters/security/tokens.js';
import { logIn } from '../../../app/auth/log-in.js';
import { SignInThrottled } from '../../../app/auth/sign-in-throttle.js';
import { authenticateRequest, callerOf, organizationOf, SESSION_COOKIE } from '../../access.js';
import { emptyResponse } from '../../schemas.js';
import { loginBody, loginResponse, meResponse, sessionResponse } from './schemas.js';

export interface AuthRouteOptions {
  db: Db;
  now: () => Date;
  secureCookies: boolean;
}

function organizationJson(o: OrganizationRow) {
  return { id: o.id, name: o.name, kind: o.kind ?? 'creditor', country: o.country, currency: o.currency, time_zone: o.time_zone, locale: o.locale };
}

function userJson(u: UserRow) {
  return { id: u.id, email: u.email, name: u.name, role: u.role, locale: u.locale };
}

export async function authRoutes(app: FastifyInstance, { db, now, secureCookies }: AuthRouteOptions): Promise<void> {
  const cookieOptions = (request: FastifyRequest) => ({
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: secureCookies || request.protocol === 'https',
  });

  app.post<{ Body: { email: string; password: string } }>(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets the relance_session cookie',
        security: [],
        body: loginBody,
        response: { 200: loginResponse },
        description: 'After a few failed sign-ins of one account or from one address, answers 429 with Retry-After, right password or not.',
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      // request.ip is the socket's address, or X-Forwarded-For's when the app trusts its proxy.
      const { token, user, expiresAt } = await logIn(db, { email, password, clientAddress: request.ip }, now()).catch((error: unknown) => {
        if (error instanceof SignInThrottled) reply.header('retry-after', String(error.retryAfterSeconds));
        throw error;
      });
      const organization = await getOrganization(db, user.organization_id);
      if (!organization) throw new AppError('internal', `user ${user.id} has no organization`);
      reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions(request), expires: expiresAt });
      return { user: userJson(user), api_key: null, organization: organizationJson(organization) };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      // Any signed-in role may sign out, viewers included.
      config: { access: 'signed_in' },
      schema: { tags: ['auth'], summary: 'Sign out: ends the session and clears the cookie', response: { 204: emptyResponse } },
    },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await deleteSession(db, hashToken(token));
      reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
      return reply.code(204).send();
    },
  );

  const whoIsSignedIn = async (request: FastifyRequest) => {
    const caller = callerOf(request);
    const organization = await organizationOf(db, request);
    const user = caller.userId ? await getUser(db, caller.organizationId, caller.userId) : undefined;
    const key = caller.apiKeyId ? await getApiKey(db, caller.organizationId, caller.apiKeyId) : undefined;
    return {
      user: user ? userJson(user) : null,
      api_key: key ? { id: key.id, name: key.name, role: key.role } : null,
      organization: organizationJson(organization),
    };
  };

  app.get(
    '/api/me',
    { schema: { tags: ['auth'], summary: 'Who is signed in, and for which organization', response: { 200: meResponse } } },
    async (request) => whoIsSignedIn(request),
  );

  // The web app asks this on every load: before sign-in a 401 would be logged as an error in
  // the browser's console, though nothing is wrong.
  app.get(
    '/api/auth/session',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], summary: 'Whether anyone is signed in, and who: `signed_in: false` rather than a 401', security: [], response: { 200: sessionResponse } },
    },
    async (request) => {
      request.caller = await authenticateRequest(db, request, now());
      if (!request.caller) return { signed_in: false };
      try {
        return { signed_in: true, ...(await whoIsSignedIn(request)) };
      } catch (error) {
        if (error instanceof AppError && error.code === 'unauthenticated') return { signed_in: false };
        throw error;
      }
    },
  );
}
