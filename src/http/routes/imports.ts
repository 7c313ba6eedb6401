import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/app-error.js';
import type { Db } from '../../adapters/db/database.js';
import { importFile } from '../../app/import/import-file.js';
import { IMPORT_KINDS, type ImportKind } from '../../app/import/import-report.js';
import { fileSource } from '../../app/import/import-source.js';
import { callerOf } from '../access.js';
import { isBrowserSession } from '../origin-check.js';

/** Uploads beyond this are refused: a million-invoice CSV is about 80 MB. */
export const MAX_IMPORT_BYTES = 1024 * 1024 * 1024;

const issueSchema = {
  type: 'object',
  required: ['message'],
  properties: {
    file: { type: 'string' },
    line: { type: 'integer' },
    column: { type: 'integer' },
    message: { type: 'string' },
  },
} as const;

const countsSchema = {
  type: 'object',
  required: ['customers', 'contacts', 'invoices', 'credit_notes', 'payments', 'allocations'],
  properties: Object.fromEntries(['customers', 'contacts', 'invoices', 'credit_notes', 'payments', 'allocations'].map((k) => [k, { type: 'integer' }])),
} as const;

const importReportSchema = {
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
function refuseFormUpload(contentType: string | undefined): void {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (!FORM_TYPES.has(type)) return;
  throw Object.assign(
    new Error(`the Content-Type header is ${type}, which a signed-in browser may not send an import as; send the file as text/csv or application/octet-stream, or use an API key`),
    { statusCode: 415 },
  );
}

/** Copies the request body to a private temporary file: imports read their file more than once. */
async function spool(body: Readable, path: string): Promise<void> {
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

/**
 * `POST /api/imports/{kind}` with the file as the raw request body (any content type):
 * the same use cases as `relance import`, the report as JSON, and the file's problems as
 * problem details whose `issues` name `file:line:column`.
 */
export async function importRoutes(app: FastifyInstance, { db }: { db: Db }): Promise<void> {
  // In this scope only: the body is the file itself, streamed, whatever its type says.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  app.post<{ Params: { kind: ImportKind }; Querystring: ImportQuery; Body: Readable }>(
    '/api/imports/:kind',
    {
      schema: {
        tags: ['imports'],
        summary: 'Import a CSV file (customers, invoices, credit notes, payments) or a FEC ledger, all or nothing',
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
      if (isBrowserSession(request)) refuseFormUpload(request.headers['content-type']);
      const { kind } = request.params;
      const { dry_run: dryRun, map, file_name: fileName } = request.query;
      const dir = await mkdtemp(join(tmpdir(), 'relance-import-'));
      try {
        const path = join(dir, 'upload');
        if (!request.body || typeof (request.body as Readable).pipe !== 'function') {
          throw new AppError('validation_failed', 'send the file as the request body', { field: 'body' });
        }
        await spool(request.body, path);
        const source = fileSource(path, fileName ?? (kind === 'fec' ? 'upload.fec' : 'upload.csv'));
        return await importFile(db, caller.organizationId, kind, source, { dryRun, ...(map !== undefined ? { columnMap: map } : {}) });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
}
