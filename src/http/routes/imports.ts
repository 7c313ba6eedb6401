import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, IMPORT_ISSUE_CODES } from '../../core/app-error.js';
import type { ImportJobs } from '../../app/import/import-jobs.js';
import { IMPORT_KINDS, type ImportKind } from '../../app/import/import-report.js';
import { callerOf } from '../access.js';
import { einvoiceDocumentsSchema } from './einvoice-documents-schema.js';
import { statementReportProperties } from './statement-report-schema.js';
import { isBrowserSession } from '../origin-check.js';

/** Uploads beyond this are refused: a million-invoice CSV is about 80 MB. */
export const MAX_IMPORT_BYTES = 1024 * 1024 * 1024;

export const issueSchema = {
  type: 'object',
  required: ['message'],
  properties: {
    file: { type: 'string' },
    line: { type: 'integer' },
    column: { type: 'integer' },
    message: { type: 'string' },
    reason: {
      type: 'object',
      description: 'The problem as a code (not_a_date, not_an_amount, empty, twice_in_file…), the field and the text of the cell, for an interface to word it.',
      properties: {
        code: { type: 'string', enum: [...IMPORT_ISSUE_CODES] },
        field: { type: 'string' },
        value: { type: 'string' },
        expected: { type: ['integer', 'string'], description: 'A second value: a count, a date, a currency or a line, as the code says.' },
      },
    },
  },
} as const;

export const countsSchema = {
  type: 'object',
  required: ['customers', 'contacts', 'invoices', 'credit_notes', 'payments', 'allocations'],
  properties: Object.fromEntries(['customers', 'contacts', 'invoices', 'credit_notes', 'payments', 'allocations'].map((k) => [k, { type: 'integer' }])),
} as const;

export const importReportSchema = {
  type: 'object',
  description: 'What the import did, or with dry_run what it would do.',
  required: ['kind', 'file', 'dry_run', 'encoding', 'rows_read', 'created', 'updated', 'skipped', 'warnings', 'warnings_total'],
  properties: {
    kind: { type: 'string', enum: [...IMPORT_KINDS] },
    file: { type: 'string' },
    dry_run: { type: 'boolean' },
    encoding: { type: 'string', enum: ['utf-8', 'windows-1252'] },
    rows_read: { type: 'integer' },
    created: countsSchema,
    updated: { type: 'object', required: ['customers'], properties: { customers: { type: 'integer' } } },
    skipped: { type: 'integer', description: 'Rows already in Relance with the same values, left alone.' },
    warnings: { type: 'array', items: issueSchema, description: 'At most 1,000, the last one saying how many more there were.' },
    warnings_total: { type: 'integer' },
    documents: einvoiceDocumentsSchema,
    ...statementReportProperties,
  },
} as const;

interface ImportQuery {
  dry_run: boolean;
  map?: string;
  file_name?: string;
}

/** The types an HTML form or a script of any site can send without asking the server first. */
const FORM_TYPES = new Set(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']);

/**
 * A file uploaded from a signed-in browser comes from the web app, which sends its own type; a
 * form type there is the mark of another site posting with the browser's cookie.
 */
export function refuseFormUpload(contentType: string | undefined): void {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (!FORM_TYPES.has(type)) return;
  throw Object.assign(
    new Error(`the Content-Type header is ${type}, which a signed-in browser may not send an import as; send the file as text/csv or application/octet-stream, or use an API key`),
    { statusCode: 415 },
  );
}

/** Copies the request body to a private temporary file: imports read their file more than once. */
export async function spool(body: Readable, path: string): Promise<void> {
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > MAX_IMPORT_BYTES) done(new AppError('validation_failed', `the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB`, { field: 'body' }));
      else done(null, chunk);
    },
  });
  await pipeline(body, limit, createWriteStream(path, { mode: 0o600 }));
}

/** The uploaded file, spooled to a private temporary folder that `release` removes. */
export interface Upload {
  path: string;
  release(): Promise<void>;
}

/**
 * Copies a request whose body is the file into a private temporary folder; on failure the
 * folder is already gone.
 */
export async function receiveUpload(request: FastifyRequest): Promise<Upload> {
  if (isBrowserSession(request)) refuseFormUpload(request.headers['content-type']);
  const dir = await mkdtemp(join(tmpdir(), 'relance-import-'));
  const release = () => rm(dir, { recursive: true, force: true });
  try {
    const body = request.body as Readable | undefined;
    if (!body || typeof body.pipe !== 'function') throw new AppError('validation_failed', 'send the file as the request body', { field: 'body' });
    const path = join(dir, 'upload');
    await spool(body, path);
    return { path, release };
  } catch (error) {
    await release();
    throw error;
  }
}

/** In the calling plugin's scope only: the body is the file itself, streamed, whatever its type says. */
export function acceptFileBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
}

/** The name problems are reported against when the caller gives none. */
export function defaultFileName(kind: ImportKind): string {
  return kind === 'fec' ? 'upload.fec' : kind === 'einvoice' || kind === 'statement' ? 'upload.xml' : 'upload.csv';
}

/**
 * `POST /api/imports/{kind}` with the file as the raw request body (any content type):
 * the same use cases as `relance import`, the report as JSON, and the file's problems as
 * problem details whose `issues` name `file:line:column`. The import runs on the import thread
 * (queued with the background jobs) while the server's thread answers other requests.
 */
export async function importRoutes(app: FastifyInstance, { importJobs }: { importJobs: ImportJobs }): Promise<void> {
  acceptFileBodies(app);

  app.post<{ Params: { kind: ImportKind }; Querystring: ImportQuery; Body: Readable }>(
    '/api/imports/:kind',
    {
      schema: {
        tags: ['imports'],
        summary: 'Import a CSV file (customers, invoices, credit notes, payments), a FEC ledger, e-invoices or a bank statement (camt.052/053/054 or a ZIP of them), all or nothing',
        description:
          'Send the file as the raw request body. The file is validated whole first; if any row is wrong nothing is written and the ' +
          'answer is a 422 problem whose `issues` list every problem as file, line and column. Importing the same file again changes nothing.',
        params: { type: 'object', required: ['kind'], properties: { kind: { type: 'string', enum: [...IMPORT_KINDS] } } },
        querystring: {
          type: 'object',
          properties: {
            dry_run: { type: 'boolean', default: false, description: 'Validate and report what would be written; write nothing.' },
            map: { type: 'string', description: 'Which header holds which field, e.g. "number=N° pièce,amount=Montant".' },
            file_name: { type: 'string', maxLength: 200, description: 'The name problems are reported against; default "upload.csv" or "upload.fec".' },
          },
        },
        response: { 200: importReportSchema },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const { kind } = request.params;
      const { dry_run: dryRun, map, file_name: fileName } = request.query;
      const upload = await receiveUpload(request);
      try {
        const file = { path: upload.path, name: fileName ?? defaultFileName(kind) };
        return await importJobs.runNow(caller.organizationId, kind, file, { mode: dryRun ? 'dry_run' : 'import', ...(map !== undefined ? { columnMap: map } : {}) });
      } finally {
        await upload.release();
      }
    },
  );
}
