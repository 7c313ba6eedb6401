import type { FastifyInstance } from 'fastify';
import type { Readable } from 'node:stream';
import { AppError } from '../../core/app-error.js';
import type { ImportJobs, ImportJobStatus } from '../../app/import/import-jobs.js';
import { IMPORT_KINDS, type ImportKind } from '../../app/import/import-report.js';
import { callerOf } from '../access.js';
import { toProblem } from '../problem-details.js';
import { acceptFileBodies, countsSchema, defaultFileName, importReportSchema, issueSchema, receiveUpload } from './imports.js';

interface UploadQuery {
  map?: string;
  file_name?: string;
}

const kindParams = { type: 'object', required: ['kind'], properties: { kind: { type: 'string', enum: [...IMPORT_KINDS] } } } as const;

const uploadQuery = {
  type: 'object',
  properties: {
    map: { type: 'string', description: 'Which header holds which field, e.g. "number=N° pièce,amount=Montant".' },
    file_name: { type: 'string', maxLength: 200, description: 'The name problems are reported against; default "upload.csv" or "upload.fec".' },
  },
} as const;

const previewSchema = {
  type: 'object',
  required: ['kind', 'file', 'encoding', 'rows_read', 'can_import', 'created', 'updated', 'skipped', 'warnings', 'warnings_total', 'errors', 'errors_total', 'columns', 'rows'],
  properties: {
    kind: { type: 'string', enum: [...IMPORT_KINDS] },
    file: { type: 'string' },
    encoding: { type: 'string', enum: ['utf-8', 'windows-1252'] },
    rows_read: { type: 'integer' },
    can_import: { type: 'boolean', description: 'True when the file has no problem.' },
    created: countsSchema,
    updated: { type: 'object', required: ['customers'], properties: { customers: { type: 'integer' } } },
    skipped: { type: 'integer', description: 'Rows already in Relance with the same values, which the import leaves alone.' },
    warnings: { type: 'array', items: issueSchema },
    warnings_total: { type: 'integer' },
    errors: { type: 'array', items: issueSchema, description: 'Every problem that stops the import, as file, line and column; at most 1,000 listed.' },
    errors_total: { type: 'integer' },
    columns: {
      type: 'array',
      description: 'The fields read, in order, with the header each was found under.',
      items: { type: 'object', required: ['field', 'header'], properties: { field: { type: 'string' }, header: { type: 'string' } } },
    },
    rows: {
      type: 'array',
      description: 'The first rows that read cleanly, their values in the order of `columns`.',
      items: { type: 'object', required: ['line', 'values'], properties: { line: { type: 'integer' }, values: { type: 'array', items: { type: 'string' } } } },
    },
  },
} as const;

const jobSchema = {
  type: 'object',
  required: ['id', 'kind', 'file', 'status', 'phase', 'processed_rows', 'total_rows', 'percent', 'report', 'error'],
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: [...IMPORT_KINDS] },
    file: { type: 'string' },
    status: { type: 'string', enum: ['queued', 'running', 'succeeded', 'failed'] },
    phase: { type: 'string', enum: ['validate', 'write'], description: 'Checking the file, then writing it.' },
    processed_rows: { type: 'integer', description: 'Rows read so far in this phase.' },
    total_rows: { type: ['integer', 'null'], description: 'Rows in the file, once checked.' },
    percent: { type: 'integer', minimum: 0, maximum: 100 },
    report: { anyOf: [{ type: 'null' }, importReportSchema] },
    error: {
      anyOf: [{ type: 'null' }, { type: 'object', additionalProperties: true, description: 'The problem details the synchronous import would have answered.' }],
    },
  },
} as const;

/** A job as JSON: a failure as the problem details the synchronous route answers. */
function jobJson(status: ImportJobStatus): Record<string, unknown> {
  return { ...status, error: status.error ? toProblem(status.error) : null };
}

/**
 * Imports for the web app's import page: a dry run that always answers with what it found, and
 * imports that run off the server's thread as jobs whose progress can be read. Administrators only.
 * Both read the whole file on the import thread.
 */
export async function importJobRoutes(app: FastifyInstance, { importJobs: jobs }: { importJobs: ImportJobs }): Promise<void> {
  acceptFileBodies(app);

  app.post<{ Params: { kind: ImportKind }; Querystring: UploadQuery; Body: Readable }>(
    '/api/import-previews/:kind',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['imports'],
        summary: 'Check a file without importing it: counts, the first rows as read, every problem',
        description:
          'Send the file as the raw request body. Nothing is written. Unlike `dry_run` on `/api/imports/{kind}`, a file with problems answers 200 ' +
          'with `can_import: false` and the problems in `errors`, beside the rows that read cleanly.',
        params: kindParams,
        querystring: uploadQuery,
        response: { 200: previewSchema },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const { kind } = request.params;
      const upload = await receiveUpload(request);
      try {
        const file = { path: upload.path, name: request.query.file_name ?? defaultFileName(kind) };
        return await jobs.runNow(caller.organizationId, kind, file, { mode: 'preview', ...(request.query.map !== undefined ? { columnMap: request.query.map } : {}) });
      } finally {
        await upload.release();
      }
    },
  );

  app.post<{ Params: { kind: ImportKind }; Querystring: UploadQuery; Body: Readable }>(
    '/api/import-jobs/:kind',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['imports'],
        summary: 'Start an import that runs in the background, all or nothing',
        description:
          'Send the file as the raw request body. The answer, 202, is the job; read `GET /api/import-jobs/{id}` for its progress and, at the end, ' +
          'the report or the problem details the synchronous import would have answered. Imports run one at a time, off the server thread.',
        params: kindParams,
        querystring: uploadQuery,
        response: { 202: jobSchema },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { kind } = request.params;
      const upload = await receiveUpload(request);
      const name = request.query.file_name ?? defaultFileName(kind);
      const status = jobs.start(caller.organizationId, kind, { path: upload.path, name }, request.query.map !== undefined ? { columnMap: request.query.map } : {}, upload.release);
      return reply.code(202).header('location', `/api/import-jobs/${status.id}`).send(jobJson(status));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/import-jobs/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['imports'],
        summary: 'Where an import job stands: progress, then its report or its problems',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } },
        response: { 200: jobSchema },
      },
    },
    async (request) => {
      const status = jobs.get(callerOf(request).organizationId, request.params.id);
      if (!status) throw new AppError('not_found', `import job ${request.params.id} does not exist`);
      return jobJson(status);
    },
  );
}
