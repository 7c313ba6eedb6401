import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode, type ImportIssue } from '../core/app-error.js';
import { ONE_LINE_PATTERN } from '../core/field-limits.js';
import { parseIsoDate } from '../core/plain-date.js';
import { EARLIEST_DATE, LATEST_DATE } from './validator.js';

/** A problem-details body (RFC 9457), with the fields the request got wrong. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode | 'bad_request' | 'unsupported_media_type' | 'payload_too_large' | 'method_not_allowed';
  instance?: string;
  errors?: Array<{ field: string; message: string }>;
  issues?: ImportIssue[];
  /** `detail` in the web app's languages, when the server has it in them. */
  localized_detail?: { en: string; fr: string };
}

/** The one table from error codes to HTTP statuses. */
export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  validation_failed: 422,
  invalid_amount: 422,
  invalid_date: 422,
  import_failed: 422,
  not_found: 404,
  conflict: 409,
  unauthenticated: 401,
  forbidden: 403,
  too_many_requests: 429,
  configuration: 500,
  internal: 500,
};

const TITLES: Record<ProblemDetails['code'], string> = {
  validation_failed: 'The request has invalid fields',
  invalid_amount: 'An amount is invalid',
  invalid_date: 'A date is invalid',
  import_failed: 'The import failed',
  not_found: 'Not found',
  conflict: 'The request conflicts with the current state',
  unauthenticated: 'Not signed in',
  forbidden: 'Not allowed',
  too_many_requests: 'Too many requests',
  configuration: 'The server is misconfigured',
  internal: 'Internal error',
  bad_request: 'Bad request',
  unsupported_media_type: 'Unsupported media type',
  payload_too_large: 'The request body is too large',
  method_not_allowed: 'Method not allowed',
};

export const PROBLEM_TYPE_BASE = 'urn:relance:problem:';

function problem(code: ProblemDetails['code'], status: number, detail: string, extra: Partial<ProblemDetails> = {}): ProblemDetails {
  return { type: `${PROBLEM_TYPE_BASE}${code}`, title: TITLES[code], status, detail, code, ...extra };
}

interface AjvError {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
  /** The refused value (the validator runs verbose). */
  data?: unknown;
}

/** "/amount/amount" → "amount.amount", "/lines/0/number" → "lines[0].number". */
function pathToField(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((field, part) => (/^\d+$/.test(part) ? `${field}[${part}]` : field ? `${field}.${part}` : part), '');
}

function fieldError(error: AjvError): { field: string; message: string } {
  const base = pathToField(error.instancePath);
  const join = (name: unknown) => (base ? `${base}.${String(name)}` : String(name));
  switch (error.keyword) {
    case 'required':
      return { field: join(error.params.missingProperty), message: 'is required' };
    case 'additionalProperties':
      return { field: join(error.params.additionalProperty), message: 'is not a known field' };
    case 'format':
      if (error.params.format !== 'date') return { field: base, message: `must be a valid ${String(error.params.format)}` };
      if (typeof error.data === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(error.data) && parseIsoDate(error.data)) {
        return { field: base, message: `must be a date from ${EARLIEST_DATE} to ${LATEST_DATE}` };
      }
      return { field: base, message: 'must be a date written YYYY-MM-DD' };
    case 'enum':
      return { field: base, message: `must be one of: ${(error.params.allowedValues as unknown[]).join(', ')}` };
    case 'discriminator':
      return { field: join(error.params.tag), message: error.params.error === 'tag' ? 'must be a string' : 'is not one of the values this field takes' };
    case 'pattern':
      if (base.endsWith('amount')) return { field: base, message: 'must be a decimal string such as "1234.56"' };
      if (error.params.pattern === ONE_LINE_PATTERN) return { field: base, message: 'must hold on one line: no line break (CR, LF) and no NUL character' };
      if (base.endsWith('currency')) return { field: base, message: 'must be an ISO 4217 code such as "EUR"' };
      return { field: base, message: error.message ?? 'has the wrong form' };
    default:
      return { field: base, message: error.message ?? 'is invalid' };
  }
}

/** Turns any error into a problem-details body and its status. */
export function toProblem(error: unknown): ProblemDetails {
  if (error instanceof AppError) {
    const status = STATUS_BY_CODE[error.code];
    const extra: Partial<ProblemDetails> = {};
    if (error.place.field) extra.errors = [{ field: error.place.field, message: error.message }];
    if (error.issues.length > 0) extra.issues = [...error.issues];
    if (error.localized) extra.localized_detail = { ...error.localized };
    const detail = status >= 500 && error.code === 'internal' ? 'an unexpected error occurred' : error.message;
    return problem(error.code, status, detail, extra);
  }
  const fastifyError = error as FastifyError & { validation?: AjvError[]; validationContext?: string };
  if (Array.isArray(fastifyError.validation)) {
    const errors = fastifyError.validation
      // A nullable field that fails also reports "must be null" from its other anyOf branch
      // and a summary "anyOf" error; the remaining branch error is the one that explains.
      .filter((e) => e.keyword !== 'anyOf' && !(e.keyword === 'type' && e.params.type === 'null'))
      // A missing discriminator is also reported as "not a string": "is required" says it better.
      .filter((e, _, all) => e.keyword !== 'discriminator' || !all.some((other) => other !== e && fieldError(other).field === fieldError(e).field))
      .map(fieldError);
    const where = fastifyError.validationContext === 'body' ? 'body' : fastifyError.validationContext === 'querystring' ? 'query string' : 'path';
    const summary = errors.map((e) => `${e.field || where} ${e.message}`).join('; ');
    return problem('validation_failed', 422, `the ${where} has invalid fields: ${summary}`, { errors });
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem('bad_request', 400, `the body is not valid JSON: ${fastifyError.message}`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem('unsupported_media_type', 415, 'send the body as application/json');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem('payload_too_large', 413, fastifyError.message);
  }
  const status = typeof fastifyError.statusCode === 'number' ? fastifyError.statusCode : 500;
  if (status === 400 && error instanceof SyntaxError) return problem('bad_request', 400, `the body is not valid JSON: ${error.message}`);
  if (status === 404) return problem('not_found', 404, fastifyError.message);
  if (status === 405) return problem('method_not_allowed', 405, fastifyError.message);
  if (status === 415) return problem('unsupported_media_type', 415, fastifyError.message);
  if (status >= 400 && status < 500) return problem('bad_request', status, fastifyError.message);
  return problem('internal', 500, 'an unexpected error occurred');
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, body: ProblemDetails): FastifyReply {
  return reply
    .code(body.status)
    .type('application/problem+json; charset=utf-8')
    .serializer(JSON.stringify)
    .send({ ...body, instance: request.url.split('?')[0] });
}

/** Installs the error and not-found handlers: every failure answers problem details. */
export function useProblemDetails(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const body = toProblem(error);
    if (body.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, request, body);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, request, problem('not_found', 404, `nothing at ${request.method} ${request.url.split('?')[0]}`)),
  );
}
