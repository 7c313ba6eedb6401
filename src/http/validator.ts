import { Ajv, type Options } from 'ajv';
import addFormatsImport from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { LEDGER_YEARS } from '../core/field-limits.js';
import { parseIsoDate } from '../core/plain-date.js';

// ajv-formats is CommonJS; under NodeNext its function arrives as the default export.
const addFormats = addFormatsImport as unknown as (ajv: Ajv) => Ajv;

/**
 * The dates the API takes. The collection engine, late interest and the simulator add days and
 * years to the dates they are given; a date at the edge of the calendar (9999-12-31) would carry
 * them past it. No receivable is due before 1900 or after 2199.
 */
export const EARLIEST_DATE = `${LEDGER_YEARS.first}-01-01`;
export const LATEST_DATE = `${LEDGER_YEARS.last}-12-31`;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** YYYY-MM-DD, a day the calendar has, within the range above. */
export function isDateInRange(text: string): boolean {
  return ISO_DATE.test(text) && parseIsoDate(text) !== null && text >= EARLIEST_DATE && text <= LATEST_DATE;
}

// `discriminator` lets a oneOf pick its branch by a property (a call outcome by `outcome`), so
// errors speak of that branch alone. `verbose` keeps the refused value on each error, so the
// message can tell a malformed date from one outside the range.
const common: Options = { allErrors: true, removeAdditional: false, useDefaults: true, strict: false, discriminator: true, verbose: true };

function withFormats(ajv: Ajv): Ajv {
  addFormats(ajv);
  return ajv.addFormat('date', isDateInRange);
}

/**
 * Query strings and path parameters arrive as text, so their numbers and booleans are
 * coerced; JSON bodies are not: an amount sent as a number instead of a decimal string is an
 * error, not a silent conversion through a float.
 */
export function useStrictBodyValidation(app: FastifyInstance): void {
  const bodyAjv = withFormats(new Ajv({ ...common, coerceTypes: false }));
  const textAjv = withFormats(new Ajv({ ...common, coerceTypes: 'array' }));
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : textAjv).compile(schema));
}
