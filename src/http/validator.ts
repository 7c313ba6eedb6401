import { Ajv, type Options } from 'ajv';
import addFormatsImport from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

// ajv-formats is CommonJS; under NodeNext its function arrives as the default export.
const addFormats = addFormatsImport as unknown as (ajv: Ajv) => Ajv;

// `discriminator` lets a oneOf pick its branch by a property (a call outcome by `outcome`), so
// errors speak of that branch alone.
const common: Options = { allErrors: true, removeAdditional: false, useDefaults: true, strict: false, discriminator: true };

/**
 * Query strings and path parameters arrive as text, so their numbers and booleans are
 * coerced; JSON bodies are not: an amount sent as a number instead of a decimal string is an
 * error, not a silent conversion through a float.
 */
export function useStrictBodyValidation(app: FastifyInstance): void {
  const bodyAjv = addFormats(new Ajv({ ...common, coerceTypes: false }));
  const textAjv = addFormats(new Ajv({ ...common, coerceTypes: 'array' }));
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : textAjv).compile(schema));
}
