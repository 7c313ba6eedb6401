import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../../core/app-error.js';
import type { Db } from '../../../adapters/db/database.js';
import { getInvoice } from '../../../adapters/db/stores/documents.js';
import { deleteInvoiceFile, getInvoiceFile } from '../../../adapters/db/stores/invoice-files.js';
import { requireVisibleDocument } from '../../../app/auth/caller.js';
import { attachInvoicePdf, INVOICE_PDF_MAX_BYTES } from '../../../app/attach-invoice-pdfs.js';
import { callerOf } from '../../access.js';
import { emptyResponse, idParams } from '../../schemas.js';

const invoicePdfSchema = {
  type: 'object',
  required: ['invoice_id', 'invoice_number', 'file_name', 'size_bytes', 'sha256', 'uploaded_at', 'outcome'],
  properties: {
    invoice_id: { type: 'string' },
    invoice_number: { type: 'string' },
    file_name: { type: 'string' },
    size_bytes: { type: 'integer' },
    sha256: { type: 'string' },
    uploaded_at: { type: 'string' },
    outcome: { type: 'string', enum: ['attached', 'replaced', 'unchanged'] },
  },
} as const;

/**
 * `PUT|GET|DELETE /api/invoices/{id}/pdf`: the invoice as the creditor issued it, sent with
 * every reminder that lists the invoice. Its own scope, where a request body is the PDF itself.
 */
export async function invoicePdfRoutes(app: FastifyInstance, { db }: { db: Db }): Promise<void> {
  const tags = ['invoices'];
  app.removeAllContentTypeParsers();
  // Whatever the type says: the bytes decide whether it is a PDF, with an error that says so.
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: INVOICE_PDF_MAX_BYTES + 1 }, (_request, body, done) => done(null, body));

  /** The invoice named in the path, if the caller may see its customer (else 404, as for any other record). */
  const visibleInvoice = async (request: FastifyRequest<{ Params: { id: string } }>) => {
    const caller = callerOf(request);
    return requireVisibleDocument(db, caller, await getInvoice(db, caller.organizationId, request.params.id), 'invoice', request.params.id);
  };

  app.put<{ Params: { id: string }; Querystring: { file_name?: string }; Body: Buffer }>(
    '/api/invoices/:id/pdf',
    {
      schema: {
        tags,
        summary: "Attach the invoice's PDF (the raw body, application/pdf); a new file replaces the old, the same file again changes nothing",
        params: idParams,
        querystring: { type: 'object', properties: { file_name: { type: 'string', minLength: 1, maxLength: 200 } } },
        response: { 200: invoicePdfSchema },
      },
    },
    async (request) => {
      const invoice = await visibleInvoice(request);
      if (!Buffer.isBuffer(request.body)) throw new AppError('validation_failed', 'send the PDF as the request body, with Content-Type: application/pdf', { field: 'body' });
      return attachInvoicePdf(db, invoice, request.body, request.query.file_name);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/invoices/:id/pdf',
    { schema: { tags, summary: "The invoice's PDF", params: idParams } },
    async (request, reply) => {
      const invoice = await visibleInvoice(request);
      const file = await getInvoiceFile(db, invoice.organization_id, invoice.id);
      if (!file) throw new AppError('not_found', `invoice ${invoice.number} has no PDF`, { field: 'id' });
      return reply
        .header('content-type', file.content_type)
        .header('content-disposition', `attachment; filename="${file.file_name}"`)
        .send(Buffer.from(file.content_base64, 'base64'));
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/invoices/:id/pdf',
    { schema: { tags, summary: "Remove the invoice's PDF; reminders no longer carry it", params: idParams, response: { 204: emptyResponse } } },
    async (request, reply) => {
      const invoice = await visibleInvoice(request);
      if (!(await deleteInvoiceFile(db, invoice.organization_id, invoice.id))) throw new AppError('not_found', `invoice ${invoice.number} has no PDF`, { field: 'id' });
      return reply.code(204).send();
    },
  );
}
