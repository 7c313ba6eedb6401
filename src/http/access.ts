import type {} from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../core/app-error.js';
import { canAdminister, canWrite } from '../core/roles.js';
import type { Db } from '../adapters/db/database.js';
import type { OrganizationRow } from '../adapters/db/schema.js';
import { getOrganization } from '../adapters/db/stores/organizations.js';
import { authenticateApiKey, authenticateSession } from '../app/auth/authenticate.js';
import type { Caller } from '../app/auth/caller.js';

/**
 * Who may call a route. Routes without a word get the safe default: any signed-in caller for
 * GET, a caller who may write (admin, collector) for everything else.
 */
export type Access = 'public' | 'signed_in' | 'write' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    caller: Caller | null;
  }
}

export const SESSION_COOKIE = 'relance_session';

/** API paths anyone may open: health, signing in, and the API's own documentation. */
export function isPublicApiPath(url: string): boolean {
  return url === '/api/health' || url === '/api/auth/login' || url === '/api/openapi.json' || url === '/api/docs' || url.startsWith('/api/docs/');
}

export function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/');
}

export function accessOf(url: string, method: string, configured: Access | undefined): Access {
  if (!isApiPath(url) || isPublicApiPath(url)) return 'public';
  return configured ?? (method === 'GET' || method === 'HEAD' ? 'signed_in' : 'write');
}

/** Reads the caller from a bearer API key, else from the session cookie; null when neither is valid. */
export async function authenticateRequest(db: Db, request: FastifyRequest, now: Date): Promise<Caller | null> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    // A request that sends a key is judged by that key alone, never by a cookie beside it.
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match ? authenticateApiKey(db, match[1]!) : null;
  }
  const token = request.cookies[SESSION_COOKIE];
  return token ? authenticateSession(db, token, now) : null;
}

/** The access check every request goes through before its body is even read. */
export function checkAccess(access: Access, caller: Caller | null): void {
  if (access === 'public') return;
  if (!caller) throw new AppError('unauthenticated', 'sign in, or send an API key as "Authorization: Bearer rk_…"');
  if (access === 'write' && !canWrite(caller.role)) {
    throw new AppError('forbidden', `the ${caller.role} role can read but not change anything`);
  }
  if (access === 'admin' && !canAdminister(caller.role)) throw new AppError('forbidden', 'only an administrator can do this');
}

export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new AppError('unauthenticated', 'sign in first');
  return request.caller;
}

export async function organizationOf(db: Db, request: FastifyRequest): Promise<OrganizationRow> {
  const organization = await getOrganization(db, callerOf(request).organizationId);
  if (!organization) throw new AppError('unauthenticated', 'the organization of this session no longer exists');
  return organization;
}
