import type { FastifyInstance } from 'fastify';
import { AppError } from '../core/app-error.js';
import { hasNoNul } from '../core/field-limits.js';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** The first string holding a NUL, as "notes" or "lines[2].description", or undefined. */
function fieldWithNul(value: unknown, field: string): string | undefined {
  if (typeof value === 'string') return hasNoNul(value) ? undefined : field;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = fieldWithNul(item, `${field}[${index}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  // Only what JSON and query strings make: a streamed upload (an import) is read by its own
  // reader, which names the line, and walking a stream would follow its socket's cycles.
  if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const found = fieldWithNul(item, field ? `${field}.${key}` : key);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * No text column can store NUL (PostgreSQL refuses it outright), so a NUL anywhere in a JSON
 * body or a query string is refused before any route acts on it, naming the field — one rule for
 * every free-text field (notes, addresses, template text) rather than one per schema.
 */
export function refuseNulCharacters(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    for (const part of [request.query, request.body]) {
      const field = fieldWithNul(part, '');
      if (field !== undefined) {
        throw new AppError('validation_failed', `${field || 'the body'} must not hold a NUL character`, { field: field || 'body' });
      }
    }
  });
}
