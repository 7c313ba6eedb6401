import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../core/app-error.js';
import type { PlainDate } from '../../../core/plain-date.js';
import type { Db } from '../../../adapters/db/database.js';
import { countCustomerDocuments, deleteCustomer, listSegments } from '../../../adapters/db/stores/customers.js';
import { ownerScope, requireVisibleCustomer } from '../../../app/auth/caller.js';
import { getAgingReport } from '../../../app/get-aging-report.js';
import { getCustomerDetail } from '../../../app/get-customer-detail.js';
import { getCustomerOpenItems } from '../../../app/get-customer-open-items.js';
import { getCustomerPayments } from '../../../app/get-customer-payments.js';
import { getCustomerStatement } from '../../../app/get-customer-statement.js';
import { renderCustomerStatementPdf } from '../../../app/render-customer-statement-pdf.js';
import { listCustomersWithBalances, type CustomerSort } from '../../../app/list-customers-with-balances.js';
import { createCustomerFromInput, updateCustomerFromInput, type CustomerInput } from '../../../app/save-customer.js';
import { callerOf, organizationOf } from '../../access.js';
import { emptyResponse, idParams, itemsOf } from '../../schemas.js';
import {
  asOfQuery,
  createCustomerBody,
  customerDetailSchema,
  customerListQuery,
  customerListResponse,
  openItemsResponse,
  savedCustomerSchema,
  statementPdfQuery,
  statementQuery,
  statementResponse,
  updateCustomerBody,
} from './schemas.js';

interface ListQuery {
  search?: string;
  segment?: string;
  owner?: string;
  sort?: CustomerSort;
  order?: 'asc' | 'desc';
  as_of?: PlainDate;
  limit: number;
  offset: number;
}

export async function customerRoutes(app: FastifyInstance, { db, now }: { db: Db; now: () => Date }): Promise<void> {
  const tags = ['customers'];

  app.get<{ Querystring: ListQuery }>(
    '/api/customers',
    {
      schema: {
        tags,
        summary: 'Customers with their balance, overdue amount and oldest due date (the aging report figures)',
        querystring: customerListQuery,
        response: { 200: customerListResponse },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const organization = await organizationOf(db, request);
      const { owner, ...rest } = request.query;
      const scope = ownerScope(caller);
      return listCustomersWithBalances(db, organization, {
        ...rest,
        ...(owner !== undefined ? { owner: owner === 'me' ? (caller.userId ?? 'none') : owner } : {}),
        ...(scope !== undefined ? { ownerScope: scope } : {}),
        ...(request.query.as_of ? { asOf: request.query.as_of } : {}),
        now: now(),
      });
    },
  );

  app.get(
    '/api/customers/segments',
    { schema: { tags, summary: 'The segments in use, for filters', response: { 200: itemsOf({ type: 'string' }) } } },
    async (request) => {
      const caller = callerOf(request);
      const scope = ownerScope(caller);
      return { items: await listSegments(db, caller.organizationId, scope !== undefined ? { ownerUserId: scope } : {}) };
    },
  );

  app.post<{ Body: CustomerInput & { reference: string; name: string } }>(
    '/api/customers',
    {
      schema: {
        tags,
        summary: 'Create a customer; payment terms over the legal cap are saved with a warning',
        body: createCustomerBody,
        response: { 201: savedCustomerSchema },
      },
    },
    async (request, reply) => {
      const organization = await organizationOf(db, request);
      const { customer, warnings } = await createCustomerFromInput(db, organization, request.body);
      return reply.code(201).send({ ...(await getCustomerDetail(db, organization, customer, { now: now() })), warnings });
    },
  );

  app.get<{ Params: { id: string }; Querystring: { as_of?: PlainDate } }>(
    '/api/customers/:id',
    { schema: { tags, summary: 'A customer with contacts and balances', params: idParams, querystring: asOfQuery, response: { 200: customerDetailSchema } } },
    async (request) => {
      const customer = await requireVisibleCustomer(db, callerOf(request), request.params.id);
      const organization = await organizationOf(db, request);
      return getCustomerDetail(db, organization, customer, { ...(request.query.as_of ? { asOf: request.query.as_of } : {}), now: now() });
    },
  );

  app.patch<{ Params: { id: string }; Body: CustomerInput }>(
    '/api/customers/:id',
    { schema: { tags, summary: 'Change a customer', params: idParams, body: updateCustomerBody, response: { 200: savedCustomerSchema } } },
    async (request) => {
      const organization = await organizationOf(db, request);
      const { customer, warnings } = await updateCustomerFromInput(db, organization, request.params.id, request.body);
      return { ...(await getCustomerDetail(db, organization, customer, { now: now() })), warnings };
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/customers/:id',
    { schema: { tags, summary: 'Delete a customer that has no invoice, credit note or payment', params: idParams, response: { 204: emptyResponse } } },
    async (request, reply) => {
      const customer = await requireVisibleCustomer(db, callerOf(request), request.params.id);
      const documents = await countCustomerDocuments(db, customer.organization_id, customer.id);
      if (documents > 0) {
        throw new AppError('conflict', `customer ${customer.external_ref} has ${documents} invoice(s), credit note(s) or payment(s) on file and cannot be deleted`);
      }
      await deleteCustomer(db, customer.organization_id, customer.id);
      return reply.code(204).send();
    },
  );

  app.get<{ Params: { id: string }; Querystring: { as_of?: PlainDate } }>(
    '/api/customers/:id/aging',
    { schema: { tags, summary: "The aging report narrowed to one customer (same shape as /api/reports/aging)", params: idParams, querystring: asOfQuery } },
    async (request) => {
      const customer = await requireVisibleCustomer(db, callerOf(request), request.params.id);
      return getAgingReport(db, customer.organization_id, { customerId: customer.id, ...(request.query.as_of ? { asOf: request.query.as_of } : {}), now: now() });
    },
  );

  app.get<{ Params: { id: string }; Querystring: { as_of?: PlainDate } }>(
    '/api/customers/:id/open-items',
    { schema: { tags, summary: 'Invoices with something left to pay, and unapplied credit', params: idParams, querystring: asOfQuery, response: { 200: openItemsResponse } } },
    async (request) => {
      const customer = await requireVisibleCustomer(db, callerOf(request), request.params.id);
      const organization = await organizationOf(db, request);
      return getCustomerOpenItems(db, organization, customer.id, { ...(request.query.as_of ? { asOf: request.query.as_of } : {}), now: now() });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/customers/:id/payments',
    { schema: { tags, summary: "The customer's payments, newest first (the last 50), with what each paid and what stays on account", params: idParams } },
    async (request) => {
      const customer = await requireVisibleCustomer(db, callerOf(request), request.params.id);
      return getCustomerPayments(db, customer.organization_id, customer.id);
    },
  );

  app.get<{ Params: { id: string }; Querystring: { from?: PlainDate; to?: PlainDate; currency?: string } }>(
    '/api/customers/:id/statement',
    {
      schema: {
        tags,
        summary: 'Statement of account (relevé de compte): opening balance, movements with running balance, closing balance',
        params: idParams,
        querystring: statementQuery,
        response: { 200: statementResponse },
      },
    },
    async (request) => {
      const customer = await requireVisibleCustomer(db, callerOf(request), request.params.id);
      const organization = await organizationOf(db, request);
      const { from, to, currency } = request.query;
      return getCustomerStatement(db, organization, customer, {
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        ...(currency ? { currency } : {}),
        now: now(),
      });
    },
  );

  app.get<{ Params: { id: string }; Querystring: { from?: PlainDate; currency?: string } }>(
    '/api/customers/:id/statement.pdf',
    {
      schema: {
        tags,
        summary: "The statement as the customer receives it with a reminder (PDF, in the customer's language): balance, overdue, open invoices, the period's movements, how to pay",
        params: idParams,
        querystring: statementPdfQuery,
      },
    },
    async (request, reply) => {
      const customer = await requireVisibleCustomer(db, callerOf(request), request.params.id);
      const organization = await organizationOf(db, request);
      const { from, currency } = request.query;
      const pdf = await renderCustomerStatementPdf(db, organization, customer, { ...(from ? { from } : {}), ...(currency ? { currency } : {}), now: now() });
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${pdf.fileName}"`).send(pdf.content);
    },
  );
}
