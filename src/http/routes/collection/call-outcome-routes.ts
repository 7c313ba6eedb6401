import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../adapters/db/database.js';
import { getTask } from '../../../adapters/db/stores/collection-tasks.js';
import { requireVisibleDocument } from '../../../app/auth/caller.js';
import { recordCallOutcome, type CallOutcomeInput } from '../../../app/collection/record-call-outcome.js';
import { callerOf, organizationOf } from '../../access.js';
import { idParams } from '../../schemas.js';
import { callOutcomeBody, type CallOutcomeBody } from './call-outcome-schemas.js';
import { taskJson } from './task-json.js';

function inputOf(body: CallOutcomeBody): CallOutcomeInput {
  switch (body.outcome) {
    case 'reached':
      return { outcome: 'reached', note: body.note };
    case 'promise':
      return { outcome: 'promise', promisedOn: body.promised_on, ...(body.grace_days !== undefined ? { graceDays: body.grace_days } : {}), invoiceNumbers: body.invoice_numbers ?? null, note: body.note ?? null };
    case 'dispute':
      return { outcome: 'dispute', invoiceNumber: body.invoice_number, reason: body.reason, note: body.note ?? null };
    case 'no_answer':
      return { outcome: 'no_answer', note: body.note ?? null, ...(body.retry_in_days !== undefined ? { retryInDays: body.retry_in_days } : {}) };
  }
}

/** Answering a call task: what came of the call, as data the rest of the collection acts on. */
export async function callOutcomeRoutes(app: FastifyInstance, { db, now }: { db: Db; now: () => Date }): Promise<void> {
  app.post<{ Params: { id: string }; Body: CallOutcomeBody }>(
    '/api/tasks/:id/call-outcome',
    {
      schema: {
        tags: ['collection'],
        summary: 'Record what came of a call task: reached, a promise to pay, a dispute, or no answer (another attempt is planned)',
        params: idParams,
        body: callOutcomeBody,
      },
    },
    async (request) => {
      const caller = callerOf(request);
      // A sales user cannot answer a call on an account they do not own: it does not exist for them.
      // An agency's task on a handed case is no call of this organization's either.
      const task = await getTask(db, caller.organizationId, request.params.id);
      await requireVisibleDocument(db, caller, task?.mandate_id ? undefined : task, 'task', request.params.id);
      const organization = await organizationOf(db, request);
      const result = await recordCallOutcome(db, organization, request.params.id, inputOf(request.body), { now: now(), by: caller.userId });
      return { ...taskJson(result.task), retry_task: result.retryTask ? taskJson(result.retryTask) : null };
    },
  );
}
