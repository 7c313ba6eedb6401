import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../core/app-error.js';
import { toMoneyJson } from '../../../core/money.js';
import { daysOverdue, invoiceStatus } from '../../../core/invoice-status.js';
import { todayIn, type PlainDate } from '../../../core/plain-date.js';
import { displayPaymentReference } from '../../../core/payments/payment-reference.js';
import type { Db } from '../../../adapters/db/database.js';
import { deleteUnallocatedDocument, getInvoice, listAllocations, listInvoices, type InvoiceStatus, type InvoiceWithOpen } from '../../../adapters/db/stores/documents.js';
import { ownerScope, requireVisibleCustomer, requireVisibleDocument } from '../../../app/auth/caller.js';
import { createInvoiceFromInput, updateInvoiceFromInput, type InvoiceInput, type InvoiceUpdate } from '../../../app/save-invoice.js';
import type { SaveWarning } from '../../../app/warn-on-legal-cap.js';
import { callerOf, organizationOf } from '../../access.js';
import { emptyResponse, idParams } from '../../schemas.js';
import { allocationJson } from '../allocations/present.js';
import { createInvoiceBody, invoiceDetailSchema, invoiceListQuery, invoiceListResponse, savedInvoiceSchema, updateInvoiceBody } from './schemas.js';

export function invoiceJson(i: InvoiceWithOpen, asOf: PlainDate) {
  return {
    id: i.id,
    customer: { id: i.customer_id, reference: i.customer_ref, name: i.customer_name },
    number: i.number,
    issue_date: i.issue_date,
    due_date: i.due_date,
    payment_terms: i.payment_terms,
    payment_reference: i.payment_reference ? displayPaymentReference(i.payment_reference) : null,
    amount: toMoneyJson(i.amount_minor, i.currency),
    open: toMoneyJson(i.open_minor, i.currency),
    status: invoiceStatus(i.open_minor, i.due_date as PlainDate, asOf),
    days_overdue: i.open_minor > 0 ? daysOverdue(i.due_date as PlainDate, asOf) : 0,
    source: i.source,
    created_at: i.created_at,
  };
}

interface ListQuery {
  customer?: string;
  status?: InvoiceStatus;
  number?: string;
  due_before?: string;
  due_after?: string;
  as_of?: PlainDate;
  limit: number;
  offset: number;
}

export async function invoiceRoutes(app: FastifyInstance, { db, now }: { db: Db; now: () => Date }): Promise<void> {
  const tags = ['invoices'];

  const detail = async (organizationId: string, invoice: InvoiceWithOpen, asOf: PlainDate, warnings?: SaveWarning[]) => {
    const allocations = await listAllocations(db, organizationId, { invoiceId: invoice.id }, { limit: 10_000, offset: 0 });
    return { ...invoiceJson(invoice, asOf), allocations: allocations.rows.map(allocationJson), ...(warnings ? { warnings } : {}) };
  };

  app.get<{ Querystring: ListQuery }>(
    '/api/invoices',
    { schema: { tags, summary: 'Invoices, by due date', querystring: invoiceListQuery, response: { 200: invoiceListResponse } } },
    async (request) => {
      const caller = callerOf(request);
      const organization = await organizationOf(db, request);
      const q = request.query;
      const asOf = q.as_of ?? todayIn(organization.time_zone, now());
      const scope = ownerScope(caller);
      const { rows, total } = await listInvoices(
        db,
        organization.id,
        {
          asOf,
          ...(q.customer !== undefined ? { customerId: q.customer } : {}),
          ...(scope !== undefined ? { ownerUserId: scope } : {}),
          ...(q.status !== undefined ? { status: q.status } : {}),
          ...(q.number !== undefined ? { number: q.number } : {}),
          ...(q.due_before !== undefined ? { dueBefore: q.due_before } : {}),
          ...(q.due_after !== undefined ? { dueAfter: q.due_after } : {}),
        },
        { limit: q.limit, offset: q.offset },
      );
      return { items: rows.map((r) => invoiceJson(r, asOf)), total, limit: q.limit, offset: q.offset };
    },
  );

  app.post<{ Body: InvoiceInput }>(
    '/api/invoices',
    { schema: { tags, summary: 'Record an invoice; without due_date it follows the payment terms', body: createInvoiceBody, response: { 201: savedInvoiceSchema } } },
    async (request, reply) => {
      const organization = await organizationOf(db, request);
      const { invoice, warnings } = await createInvoiceFromInput(db, organization, request.body);
      return reply.code(201).send(await detail(organization.id, invoice, todayIn(organization.time_zone, now()), warnings));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/invoices/:id',
    { schema: { tags, summary: 'An invoice with its allocations', params: idParams, response: { 200: invoiceDetailSchema } } },
    async (request) => {
      const caller = callerOf(request);
      const invoice = await requireVisibleDocument(db, caller, await getInvoice(db, caller.organizationId, request.params.id), 'invoice', request.params.id);
      const organization = await organizationOf(db, request);
      return detail(organization.id, invoice, todayIn(organization.time_zone, now()));
    },
  );

  app.patch<{ Params: { id: string }; Body: InvoiceUpdate }>(
    '/api/invoices/:id',
    { schema: { tags, summary: 'Correct an invoice', params: idParams, body: updateInvoiceBody, response: { 200: savedInvoiceSchema } } },
    async (request) => {
      const organization = await organizationOf(db, request);
      const { invoice, warnings } = await updateInvoiceFromInput(db, organization, request.params.id, request.body);
      return detail(organization.id, invoice, todayIn(organization.time_zone, now()), warnings);
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/invoices/:id',
    { schema: { tags, summary: 'Delete an invoice nothing is allocated to', params: idParams, response: { 204: emptyResponse } } },
    async (request, reply) => {
      const caller = callerOf(request);
      const outcome = await deleteUnallocatedDocument(db, caller.organizationId, 'invoices', request.params.id);
      if (outcome === 'not_found') throw new AppError('not_found', `invoice ${request.params.id} does not exist`, { field: 'id' });
      if (outcome === 'allocated') {
        throw new AppError('conflict', 'this invoice has allocations or credit notes against it; delete those first');
      }
      return reply.code(204).send();
    },
  );

  app.get<{ Params: { id: string }; Querystring: ListQuery }>(
    '/api/customers/:id/invoices',
    { schema: { tags, summary: "A customer's invoices", params: idParams, querystring: invoiceListQuery, response: { 200: invoiceListResponse } } },
    async (request) => {
      const customer = await requireVisibleCustomer(db, callerOf(request), request.params.id);
      const organization = await organizationOf(db, request);
      const q = request.query;
      const asOf = q.as_of ?? todayIn(organization.time_zone, now());
      const { rows, total } = await listInvoices(
        db,
        organization.id,
        {
          asOf,
          customerId: customer.id,
          ...(q.status !== undefined ? { status: q.status } : {}),
          ...(q.due_before !== undefined ? { dueBefore: q.due_before } : {}),
          ...(q.due_after !== undefined ? { dueAfter: q.due_after } : {}),
        },
        { limit: q.limit, offset: q.offset },
      );
      return { items: rows.map((r) => invoiceJson(r, asOf)), total, limit: q.limit, offset: q.offset };
    },
  );
}
