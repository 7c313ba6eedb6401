import { AppError } from '../core/app-error.js';

/**
 * TRUST_PROXY as Fastify's trustProxy: "1"/"true" trusts the proxy in front whatever its
 * address, a comma-separated list of addresses or CIDR ranges trusts only those, empty or
 * "0"/"false" trusts no one (X-Forwarded-* headers are then ignored).
 */
export function trustProxyFrom(value: string | undefined): boolean | string {
  const text = (value ?? '').trim();
  if (text === '' || /^(0|false|no)$/i.test(text)) return false;
  if (/^(1|true|yes)$/i.test(text)) return true;
  if (/^[\d.:a-f/]+(\s*,\s*[\d.:a-f/]+)*$/i.test(text)) return text;
  throw new AppError('configuration', `TRUST_PROXY must be 1, 0, or a comma-separated list of proxy addresses, got "${text}"`, { field: 'TRUST_PROXY' });
}

/**
 * Whether an empty database gets the demo: as asked (--demo / --no-demo), else only outside
 * production: NODE_ENV=production or a PostgreSQL database never get it unasked.
 */
export function loadsDemo(asked: boolean | undefined, env: { NODE_ENV?: string | undefined; DATABASE_URL?: string | undefined }): boolean {
  if (asked !== undefined) return asked;
  return env.NODE_ENV !== 'production' && !/^postgres(ql)?:\/\//.test(env.DATABASE_URL ?? '');
}
