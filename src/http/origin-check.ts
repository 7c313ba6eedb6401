import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../core/app-error.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface OriginCheckOptions {
  /** The address people open Relance at (PUBLIC_URL), when a proxy in front changes the Host. */
  publicUrl?: string | undefined;
}

/**
 * A request that carries an API key was written by a program holding that key: another site
 * cannot make a browser add it. Every other request may ride on the session cookie the
 * browser adds by itself.
 */
export function isBrowserSession(request: FastifyRequest): boolean {
  return request.headers.authorization === undefined;
}

/** PUBLIC_URL as the server takes it: an http(s) address, of which only the origin counts. */
export function publicUrlFrom(value: string | undefined): string | undefined {
  const text = (value ?? '').trim();
  if (text === '') return undefined;
  const origin = /^https?:\/\//i.test(text) ? originOf(text) : null;
  if (!origin) {
    throw new AppError('configuration', `PUBLIC_URL must be the address people open Relance at, such as https://relance.example.com, got "${text}"`, { field: 'PUBLIC_URL' });
  }
  return origin;
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * The origins Relance's own pages have: the address the request came to (through
 * X-Forwarded-Host/Proto when the proxy is trusted) and PUBLIC_URL. A proxy that terminates
 * TLS without saying so makes an https page reach us as http: https is taken for the same host,
 * never the reverse.
 */
function ownOrigins(request: FastifyRequest, publicUrl: string | undefined): Set<string> {
  const origins = new Set<string>();
  for (const scheme of new Set([request.protocol, 'https'])) {
    const origin = originOf(`${scheme}://${request.host}`);
    if (origin) origins.add(origin);
  }
  const configured = publicUrl ? originOf(publicUrl) : null;
  if (configured) origins.add(configured);
  return origins;
}

function refuse(detail: string): never {
  throw new AppError('forbidden', `${detail}; Relance accepts changes only from its own pages, or from a program sending an API key`);
}

/**
 * Refuses a change a page of another site made the browser send (cross-site request forgery).
 * Browsers name the page in `Origin` on every POST, PUT, PATCH and DELETE, and say in
 * `Sec-Fetch-Site` how it relates to us. A request with neither header comes from no browser
 * (curl, a script reusing a cookie): no other site can have made it, so it goes through.
 */
export function checkSameOrigin(request: FastifyRequest, options: OriginCheckOptions = {}): void {
  if (!STATE_CHANGING.has(request.method) || !isBrowserSession(request)) return;
  const origin = request.headers.origin;
  if (origin !== undefined) {
    const own = ownOrigins(request, options.publicUrl);
    if (!own.has(origin)) refuse(`the Origin header says this request comes from ${origin}, not from ${[...own][0]}`);
    return;
  }
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    refuse(`the Sec-Fetch-Site header says this request comes from a ${site} page`);
  }
}

/** Checks every request before anything else reads it, sign-in included (a forged sign-in would log the browser into someone else's account). */
export function useOriginCheck(app: FastifyInstance, options: OriginCheckOptions = {}): void {
  app.addHook('onRequest', async (request) => checkSameOrigin(request, options));
}
