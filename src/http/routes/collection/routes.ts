import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../../core/app-error.js';
import { moneyFromJson, type MoneyJson } from '../../../core/money.js';
import { todayIn, type PlainDate } from '../../../core/plain-date.js';
import { canWrite } from '../../../core/roles.js';
import type { Db } from '../../../adapters/db/database.js';
import { getDispute } from '../../../adapters/db/stores/collection-pauses.js';
import { ownerScope, requireVisibleCustomer, requireVisibleDocument } from '../../../app/auth/caller.js';
import { decideApproval } from '../../../app/collection/decide-approval.js';
import { getTask } from '../../../adapters/db/stores/collection-tasks.js';
import { listTaskInboxPage, type TaskSort } from '../../../adapters/db/stores/task-inbox.js';
import { assignTask } from '../../../app/collection/assign-task.js';
import { decideTasksInBulk, type BulkTaskAction } from '../../../app/collection/decide-tasks-in-bulk.js';
import { completeTaskWithOutcome } from '../../../app/collection/complete-task.js';
import { addHold } from '../../../app/collection/add-hold.js';
import { addPaymentPlan } from '../../../app/collection/add-payment-plan.js';
import { addPaymentPromise } from '../../../app/collection/add-payment-promise.js';
import { addPaymentClaim } from '../../../app/collection/add-payment-claim.js';
import { listPaymentClaims } from '../../../adapters/db/stores/payment-claims.js';
import type { PaymentClaimRow } from '../../../adapters/db/schema.js';
import { getCustomerCollection } from '../../../app/collection/get-customer-collection.js';
import { openDispute } from '../../../app/collection/open-dispute.js';
import { resolveDispute } from '../../../app/collection/resolve-dispute.js';
import { runCollection as runHere } from '../../../app/collection/run-collection.js';
import type { CollectionRunner } from '../../../app/collection/daily-collection-worker.js';
import { callerOf, organizationOf } from '../../access.js';
import { idParams } from '../../schemas.js';
import { contactLogBody, approvalBody, bulkApprovalBody, bulkRejectionBody, rejectionBody, asOfQuery, completeTaskBody, disputeBody, holdBody, paymentClaimBody, paymentPlanBody, promiseBody, resolveDisputeBody, runBody, taskListQuery, bulkTaskBody, assigneeBody } from './schemas.js';
import { taskInboxJson, taskJson } from './task-json.js';
import { logContact } from '../../../app/collection/log-contact.js';
import { listContactLogs } from '../../../adapters/db/stores/contact-logs.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

// Matches no user: an API key asking for "my" tasks has none.
const NO_USER = '00000000-0000-0000-0000-000000000000';

/**
 * Account owners may pause their own accounts: a sales user may put a hold on a
 * customer they own (visibility does the rest), a viewer may not. Checked before the body.
 */
async function mayHold(request: FastifyRequest): Promise<void> {
  const caller = callerOf(request);
  if (!canWrite(caller.role) && caller.role !== 'sales') throw new AppError('forbidden', `the ${caller.role} role can read but not change anything`);
}

export async function collectionRoutes(app: FastifyInstance, { db, now, runCollection = runHere }: { db: Db; now: () => Date; runCollection?: CollectionRunner }): Promise<void> {
  const tags = ['collection'];
  const by = (request: FastifyRequest) => callerOf(request).userId;
  const today = async (request: FastifyRequest) => todayIn((await organizationOf(db, request)).time_zone, now());

  app.get<{ Params: { id: string }; Querystring: { as_of?: PlainDate } }>(
    '/api/customers/:id/collection',
    { schema: { tags, summary: "The customer's scenario, the next step and why, pauses, actions, tasks and timeline", params: idParams, querystring: asOfQuery } },
    async (request) => {
      const customer = await requireVisibleCustomer(db, callerOf(request), request.params.id);
      const organization = await organizationOf(db, request);
      return getCustomerCollection(db, organization, customer, { ...(request.query.as_of ? { asOf: request.query.as_of } : {}), now: now() });
    },
  );

  app.post<{ Params: { id: string }; Body: { invoice_id?: string; invoice_number?: string; reason: string; note?: string | null } }>(
    '/api/customers/:id/disputes',
    { schema: { tags, summary: 'Set an invoice as disputed: it is no longer reminded', params: idParams, body: disputeBody } },
    async (request, reply) => {
      const customer = await requireVisibleCustomer(db, callerOf(request), request.params.id);
      const { invoice_id, invoice_number, reason, note } = request.body;
      const invoice = invoice_id !== undefined ? { id: invoice_id } : invoice_number !== undefined ? { number: invoice_number } : {};
      const dispute = await openDispute(db, customer.organization_id, customer, { invoice, reason, note: note ?? null }, await today(request), by(request));
      return reply.code(201).send(dispute);
    },
  );

  app.post<{ Params: { id: string }; Body: { resolution: string; note?: string | null } }>(
    '/api/disputes/:id/resolve',
    { schema: { tags, summary: 'End a dispute: credit note, partial write-off or rejection', params: idParams, body: resolveDisputeBody } },
    async (request) => {
      const caller = callerOf(request);
      await requireVisibleDocument(db, caller, await getDispute(db, caller.organizationId, request.params.id), 'dispute', request.params.id);
      return resolveDispute(db, caller.organizationId, request.params.id, { resolution: request.body.resolution, note: request.body.note ?? null }, await today(request));
    },
  );

  app.post<{ Params: { id: string }; Body: { promised_on: string; amount?: MoneyJson; grace_days?: number; invoice_numbers?: string[]; note?: string | null } }>(
    '/api/customers/:id/promises',
    { schema: { tags, summary: 'Record a promise to pay: silenced until the date plus grace', params: idParams, body: promiseBody } },
    async (request, reply) => {
      const customer = await requireVisibleCustomer(db, callerOf(request), request.params.id);
      const { promised_on, amount, grace_days, invoice_numbers, note } = request.body;
      const promisedAmount = amount ? moneyFromJson(amount, 'amount') : null;
      const promise = await addPaymentPromise(
        db,
        customer.organization_id,
        customer,
        { promisedOn: promised_on, ...(grace_days !== undefined ? { graceDays: grace_days } : {}), invoiceNumbers: invoice_numbers ?? null, amount: promisedAmount && { minor: promisedAmount.minor, currency: promisedAmount.currency }, note: note ?? null },
        await today(request),
        by(request),
      );
      return reply.code(201).send({ ...promise, invoice_numbers: promise.invoice_numbers ? JSON.parse(promise.invoice_numbers) : null });
    },
  );

  const claimJson = (claim: PaymentClaimRow) => ({ ...claim, invoice_numbers: JSON.parse(claim.invoice_numbers) as string[] });

  app.post<{ Params: { id: string }; Body: { paid_on: string; amount?: MoneyJson; reference?: string; search_days?: number; invoice_numbers?: string[]; note?: string | null } }>(
    '/api/customers/:id/payment-claims',
    { schema: { tags, summary: 'Record that the customer says invoices are already paid: not reminded while the payment is looked for', params: idParams, body: paymentClaimBody } },
    async (request, reply) => {
      const customer = await requireVisibleCustomer(db, callerOf(request), request.params.id);
      const { paid_on, amount, reference, search_days, invoice_numbers, note } = request.body;
      const paid = amount ? moneyFromJson(amount, 'amount') : null;
      const claim = await addPaymentClaim(
        db,
        customer.organization_id,
        customer,
        { paidOn: paid_on, invoiceNumbers: invoice_numbers ?? null, amount: paid && { minor: paid.minor, currency: paid.currency }, reference: reference ?? null, note: note ?? null, ...(search_days !== undefined ? { searchDays: search_days } : {}) },
        await today(request),
        by(request),
      );
      return reply.code(201).send(claimJson(claim));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/customers/:id/payment-claims',
    { config: { access: 'signed_in' }, schema: { tags, summary: "The customer's claims that invoices are already paid, newest first: open, found or not found", params: idParams } },
    async (request) => {
      const customer = await requireVisibleCustomer(db, callerOf(request), request.params.id);
      return { items: (await listPaymentClaims(db, customer.organization_id, customer.id)).map(claimJson) };
    },
  );

  app.post<{ Params: { id: string }; Body: { invoice_numbers?: string[]; instalments: { due_date: string; amount: MoneyJson }[]; grace_days?: number } }>(
    '/api/customers/:id/payment-plans',
    { schema: { tags, summary: 'Agree a payment plan: its instalments replace the due dates of the invoices it covers', params: idParams, body: paymentPlanBody } },
    async (request, reply) => {
      const customer = await requireVisibleCustomer(db, callerOf(request), request.params.id);
      const { invoice_numbers, instalments, grace_days } = request.body;
      const plan = await addPaymentPlan(
        db,
        customer.organization_id,
        customer,
        {
          invoiceNumbers: invoice_numbers ?? [],
          instalments: instalments.map((instalment, index) => {
            const amount = moneyFromJson(instalment.amount, `instalments[${index}].amount`);
            return { dueDate: instalment.due_date, amountMinor: amount.minor, currency: amount.currency };
          }),
          ...(grace_days !== undefined ? { graceDays: grace_days } : {}),
        },
        await today(request),
        by(request),
      );
      return reply.code(201).send({ ...plan, invoice_numbers: JSON.parse(plan.invoice_numbers), instalments: JSON.parse(plan.instalments) });
    },
  );

  app.post<{ Params: { id: string }; Body: { reason: string; until: string } }>(
    '/api/customers/:id/holds',
    { config: { access: 'signed_in' }, preValidation: mayHold, schema: { tags, summary: 'Put a customer on hold until a date, with a reason (account owners may hold their own accounts)', params: idParams, body: holdBody } },
    async (request: IdRequest & { body: { reason: string; until: string } }, reply) => {
      const customer = await requireVisibleCustomer(db, callerOf(request), request.params.id);
      const hold = await addHold(db, customer.organization_id, customer, request.body, await today(request), by(request));
      return reply.code(201).send(hold);
    },
  );

  app.post<{ Params: { id: string }; Body: { channel: string; on: string; note: string } }>(
    '/api/customers/:id/contact-log',
    {
      config: { access: 'signed_in' },
      preValidation: mayHold,
      schema: { tags, summary: 'Log a contact made outside Relance (a call, an email written by hand): it counts for the gap between contacts and in what letters cite', params: idParams, body: contactLogBody },
    },
    async (request: IdRequest & { body: { channel: string; on: string; note: string } }, reply) => {
      const customer = await requireVisibleCustomer(db, callerOf(request), request.params.id);
      const row = await logContact(db, customer.organization_id, customer, request.body, await today(request), by(request));
      return reply.code(201).send(row);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/customers/:id/contact-log',
    { schema: { tags, summary: 'Contacts logged outside Relance, newest first', params: idParams } },
    async (request) => {
      const customer = await requireVisibleCustomer(db, callerOf(request), request.params.id);
      return { items: await listContactLogs(db, customer.organization_id, customer.id) };
    },
  );

  app.post<{ Body: { as_of?: PlainDate; dry_run?: boolean } }>(
    '/api/collection/runs',
    { schema: { tags, summary: 'Run the collection now (or show what it would do with dry_run)', body: runBody } },
    async (request) => {
      const organization = await organizationOf(db, request);
      const body = request.body ?? {};
      return runCollection(db, organization, { ...(body.as_of ? { asOf: body.as_of } : {}), now: now(), dryRun: body.dry_run === true, portalBase: request.portalBase });
    },
  );

  app.get<{ Querystring: { status?: string; kind?: string; customer?: string; owner?: string; sort: TaskSort; limit: number; offset: number } }>(
    '/api/tasks',
    { schema: { tags, summary: 'Work for people, a page at a time: calls, approvals, hand-offs, disputes, owner notices, with what is at stake', querystring: taskListQuery } },
    async (request) => {
      const caller = callerOf(request);
      const scope = ownerScope(caller);
      const { status, kind, customer, owner, sort, limit, offset } = request.query;
      const assignee = owner === 'me' ? (caller.userId ?? NO_USER) : owner;
      const page = await listTaskInboxPage(db, caller.organizationId, {
        ...(status ? { status } : {}),
        ...(kind ? { kind } : {}),
        ...(customer ? { customerId: customer } : {}),
        ...(scope !== undefined ? { accountOwnerUserId: scope } : {}),
        ...(assignee === 'unassigned' ? { owner: { unassigned: true as const } } : assignee ? { owner: { assignee } } : {}),
        sort,
        limit,
        offset,
        today: await today(request),
      });
      return { items: page.rows.map(taskInboxJson), total: page.total, limit, offset };
    },
  );

  app.post<{ Body: { action: BulkTaskAction; task_ids: string[]; assignee_user_id?: string | null; reason?: string | null; hold_days?: number; go_on?: boolean } }>(
    '/api/tasks/bulk',
    {
      schema: {
        tags,
        summary: 'Approve, reject or reassign many tasks: each is done on its own, and one that cannot be says why in words (items[].error.message.en/fr)',
        body: bulkTaskBody,
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const body = request.body;
      // A list naming a task the caller cannot see is refused whole, like a single id would be.
      for (const id of body.task_ids) await requireVisibleDocument(db, caller, await getTask(db, caller.organizationId, id), 'task', id, 'task_ids');
      const items = await decideTasksInBulk(
        db,
        await organizationOf(db, request),
        {
          action: body.action,
          taskIds: body.task_ids,
          ...(body.assignee_user_id !== undefined ? { assigneeUserId: body.assignee_user_id } : {}),
          reason: body.reason ?? null,
          ...(body.hold_days !== undefined ? { holdDays: body.hold_days } : {}),
          ...(body.go_on ? { goOn: true } : {}),
        },
        { now: now(), portalLinks: { base: request.portalBase } },
      );
      return { items, done: items.filter((item) => item.ok).length, failed: items.filter((item) => !item.ok).length };
    },
  );

  // An agency's task on a handed case is worked through /api/agency/tasks, which checks the mandate is still live.
  const visibleTask = async (request: FastifyRequest<{ Params: { id: string } }>) => {
    const caller = callerOf(request);
    const task = await getTask(db, caller.organizationId, request.params.id);
    return requireVisibleDocument(db, caller, task?.mandate_id ? undefined : task, 'task', request.params.id);
  };

  interface DecisionBody {
    note?: string | null;
    reason?: string;
    hold_days?: number;
    go_on?: boolean;
  }
  const decisionOf = (approve: boolean, body: DecisionBody | undefined) => ({
    approve,
    note: body?.reason ?? body?.note ?? null,
    ...(body?.hold_days !== undefined ? { holdDays: body.hold_days } : {}),
    ...(body?.go_on ? { goOn: true } : {}),
  });
  const outcomeJson = (outcome: Awaited<ReturnType<typeof decideApproval>>) => ({
    result: outcome.result,
    note: outcome.note,
    action: { id: outcome.action.id, step_id: outcome.action.step_id, status: outcome.action.status, retry_on: outcome.action.retry_on },
  });

  for (const [verb, approve] of [['approve', true], ['reject', false]] as const) {
    app.post<{ Params: { id: string }; Body: DecisionBody }>(
      `/api/tasks/:id/${verb}`,
      {
        schema: {
          tags,
          summary: approve
            ? 'Approve a held step: its message is queued for the next business-hours slot'
            : 'Reject a held step with a reason: the case stays where it is for hold_days (30 by default), then the step is proposed again; or go_on without it',
          params: idParams,
          body: approve ? approvalBody : rejectionBody,
        },
      },
      async (request) => {
        await visibleTask(request);
        const organization = await organizationOf(db, request);
        return outcomeJson(await decideApproval(db, organization, request.params.id, decisionOf(approve, request.body), { now: now(), portalLinks: { base: request.portalBase } }));
      },
    );
    // Many at once from the inbox: each task is decided on its own, so one that cannot be
    // (already decided, figures changed) is reported and does not hold back the others.
    app.post<{ Body: DecisionBody & { ids: string[] } }>(
      `/api/tasks/${verb}`,
      { schema: { tags, summary: approve ? 'Approve several held steps' : 'Reject several held steps with one reason', body: approve ? bulkApprovalBody : bulkRejectionBody } },
      async (request) => {
        const caller = callerOf(request);
        const organization = await organizationOf(db, request);
        // Every task must be the caller's to see before any is decided: a list naming another
        // organization's task is refused whole, like a single id would be.
        for (const id of request.body.ids) await requireVisibleDocument(db, caller, await getTask(db, caller.organizationId, id), 'task', id);
        const results = [];
        for (const id of request.body.ids) {
          try {
            results.push({ id, ...outcomeJson(await decideApproval(db, organization, id, decisionOf(approve, request.body), { now: now(), portalLinks: { base: request.portalBase } })) });
          } catch (error) {
            results.push({ id, result: 'error' as const, note: error instanceof Error ? error.message : String(error) });
          }
        }
        return { items: results };
      },
    );
  }

  app.put<{ Params: { id: string }; Body: { user_id: string | null } }>(
    '/api/tasks/:id/assignee',
    { schema: { tags, summary: 'Give a task to a user of the organization (a collector), or to nobody with null', params: idParams, body: assigneeBody } },
    async (request) => {
      const task = await visibleTask(request);
      await assignTask(db, task.organization_id, task.id, request.body.user_id);
      const page = await listTaskInboxPage(db, task.organization_id, { taskId: task.id, sort: 'due_date', limit: 1, offset: 0, today: await today(request) });
      return taskInboxJson(page.rows[0]!);
    },
  );

  app.post<{ Params: { id: string }; Body: { outcome: string } }>(
    '/api/tasks/:id/complete',
    { schema: { tags, summary: 'Close a hand-off, owner notice or dispute task with a free-text outcome (a call takes /call-outcome, an approval /approve or /reject)', params: idParams, body: completeTaskBody } },
    async (request) => {
      const task = await visibleTask(request);
      await completeTaskWithOutcome(db, task, request.body.outcome, { approve: 'POST /api/tasks/{id}/approve or /reject', callOutcome: 'POST /api/tasks/{id}/call-outcome' });
      return taskJson((await getTask(db, task.organization_id, task.id))!);
    },
  );
}
