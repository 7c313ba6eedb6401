import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: session cookies, API keys, debtor links. */
export function newSecretToken(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/**
 * Tokens are stored as their SHA-256: they are random and long, so a plain hash is enough
 * (no salt or slow hash needed) and lookups stay an index seek.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
