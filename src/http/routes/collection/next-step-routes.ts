import type { FastifyInstance } from 'fastify';
import { addMonths, todayIn } from '../../../core/plain-date.js';
import type { Db } from '../../../adapters/db/database.js';
import { getInvoice } from '../../../adapters/db/stores/documents.js';
import { requireVisibleCustomer, requireVisibleDocument } from '../../../app/auth/caller.js';
import { previewNextStep } from '../../../app/collection/preview-next-step.js';
import { proposePaymentPlan } from '../../../app/collection/propose-payment-plan.js';
import { sendNextStepNow } from '../../../app/collection/send-next-step-now.js';
import { setInvoiceReminders } from '../../../app/collection/set-invoice-reminders.js';
import { callerOf, organizationOf } from '../../access.js';
import { idParams } from '../../schemas.js';
import { invoiceRemindersBody, paymentPlanProposalQuery, type InvoiceRemindersBody, type PaymentPlanProposalQuery } from './next-step-schemas.js';

/** Acting on one customer from its page: leave an invoice out of reminders, send the next step now, preview it, draw up a payment plan. */
export async function nextStepRoutes(app: FastifyInstance, { db, now }: { db: Db; now: () => Date }): Promise<void> {
  const tags = ['collection'];

  app.put<{ Params: { id: string }; Body: InvoiceRemindersBody }>(
    '/api/invoices/:id/reminders',
    { schema: { tags, summary: 'Leave one invoice out of reminders, with a reason, or remind it again: the next run lists it in no message and leaves it out of the balance asked', params: idParams, body: invoiceRemindersBody } },
    async (request) => {
      const caller = callerOf(request);
      const invoice = await requireVisibleDocument(db, caller, await getInvoice(db, caller.organizationId, request.params.id), 'invoice', request.params.id);
      const organization = await organizationOf(db, request);
      return setInvoiceReminders(db, invoice, request.body, todayIn(organization.time_zone, now()), caller.userId);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/customers/:id/next-step/send-now',
    { schema: { tags, summary: "Plan the customer's due step today, as the daily run would: its message leaves at the next business-hours slot, never twice; refused when a pause applies or nothing is due", params: idParams } },
    async (request) => {
      const customer = await requireVisibleCustomer(db, callerOf(request), request.params.id);
      const organization = await organizationOf(db, request);
      return sendNextStepNow(db, organization, customer, { now: now(), portalBase: request.portalBase });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/customers/:id/next-step/preview',
    { schema: { tags, summary: "The customer's next message exactly as it would go (channel, recipient, subject, text, HTML, attachments), or why nothing is due", params: idParams } },
    async (request) => {
      const customer = await requireVisibleCustomer(db, callerOf(request), request.params.id);
      const organization = await organizationOf(db, request);
      return previewNextStep(db, organization, customer, { now: now(), portalBase: request.portalBase });
    },
  );

  app.get<{ Params: { id: string }; Querystring: PaymentPlanProposalQuery }>(
    '/api/customers/:id/payment-plans/proposal',
    { schema: { tags, summary: "A payment plan's schedule before it is agreed: what is open split into equal instalments a week, two weeks or a month apart; writes nothing", params: idParams, querystring: paymentPlanProposalQuery } },
    async (request) => {
      const customer = await requireVisibleCustomer(db, callerOf(request), request.params.id);
      const organization = await organizationOf(db, request);
      const { instalments, first_due_date, every, invoice_numbers } = request.query;
      const numbers = (invoice_numbers ?? '').split(',').map((number) => number.trim()).filter((number) => number !== '');
      const firstDueDate = first_due_date ?? addMonths(todayIn(organization.time_zone, now()), 1);
      return proposePaymentPlan(db, customer.organization_id, customer, { count: instalments, firstDueDate, every, invoiceNumbers: numbers });
    },
  );
}
