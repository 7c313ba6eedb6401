import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../core/app-error.js';
import { todayIn } from '../../../core/plain-date.js';
import type { Db } from '../../../adapters/db/database.js';
import type { MandateStatus } from '../../../adapters/db/mandate-schema.js';
import { getCustomer, getCustomersByIds } from '../../../adapters/db/stores/customers.js';
import { getCreditorMandate, listAgencies, listCreditorMandates } from '../../../adapters/db/stores/mandates.js';
import { ownerScope, requireVisibleCustomer, type Caller } from '../../../app/auth/caller.js';
import { endMandate, takeBackCase } from '../../../app/mandates/close-mandate-case.js';
import { handOffCase, type HandOffInput } from '../../../app/mandates/hand-off-case.js';
import { mandateDetailJson, mandateJson, mandatesJson } from '../../../app/mandates/mandate-view.js';
import { callerOf, organizationOf } from '../../access.js';
import { idParams } from '../../schemas.js';
import { handOffBody, mandateDetailSchema, mandateListQuery, mandateListSchema, mandateSchema, partnerListSchema } from './schemas.js';

/** The creditor's side of hand-offs: its partners, its handed cases live, hand-off, end and take-back. */
export async function mandateRoutes(app: FastifyInstance, { db, now }: { db: Db; now: () => Date }): Promise<void> {
  const tags = ['hand-offs'];

  /** A mandate of the caller's organization on a customer the caller may see; otherwise "not found". */
  const visibleMandate = async (caller: Caller, id: string) => {
    const mandate = await getCreditorMandate(db, caller.organizationId, id);
    if (!mandate) throw new AppError('not_found', `mandate ${id} does not exist`, { field: 'id' });
    const customer = await requireVisibleCustomer(db, caller, mandate.customer_id);
    return { mandate, customer };
  };

  app.get(
    '/api/partners',
    { config: { access: 'signed_in' }, schema: { tags, summary: 'The collection agencies working on this instance, to which a case can be handed', response: { 200: partnerListSchema } } },
    async () => ({ items: await listAgencies(db) }),
  );

  app.get<{ Querystring: { status?: MandateStatus; customer_id?: string } }>(
    '/api/mandates',
    {
      config: { access: 'signed_in' },
      schema: { tags, summary: 'Handed cases, newest first, with what was handed, recovered and owed to the partner; a sales user sees their own accounts only', querystring: mandateListQuery, response: { 200: mandateListSchema } },
    },
    async (request) => {
      const caller = callerOf(request);
      const organization = await organizationOf(db, request);
      const filter = { ...(request.query.status ? { status: request.query.status } : {}), ...(request.query.customer_id ? { customerId: request.query.customer_id } : {}) };
      let mandates = await listCreditorMandates(db, caller.organizationId, filter);
      const owner = ownerScope(caller);
      if (owner !== undefined) {
        const owned = new Set((await getCustomersByIds(db, caller.organizationId, [...new Set(mandates.map((m) => m.customer_id))])).filter((c) => c.owner_user_id === owner).map((c) => c.id));
        mandates = mandates.filter((m) => owned.has(m.customer_id));
      }
      return { items: await mandatesJson(db, caller.organizationId, mandates, todayIn(organization.time_zone, now())) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/mandates/:id',
    {
      config: { access: 'signed_in' },
      schema: { tags, summary: 'One handed case, live: its terms and figures, every action and every payment on the customer since the hand-off', params: idParams, response: { 200: mandateDetailSchema } },
    },
    async (request) => {
      const { mandate, customer } = await visibleMandate(callerOf(request), request.params.id);
      return mandateDetailJson(db, await organizationOf(db, request), mandate, customer, now());
    },
  );

  app.post<{ Params: { id: string }; Body: HandOffInput }>(
    '/api/customers/:id/mandates',
    {
      config: { access: 'write' },
      schema: {
        tags,
        summary: "Hand the customer's case to an agency on this instance or to an outside partner (sent the case file by email); the creditor's own reminders stop while the mandate lasts",
        params: idParams,
        body: handOffBody,
        response: { 201: mandateSchema },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const customer = await requireVisibleCustomer(db, caller, request.params.id);
      const organization = await organizationOf(db, request);
      const mandate = await handOffCase(db, caller, customer, request.body, now());
      return reply.code(201).send(await mandateJson(db, mandate, customer, todayIn(organization.time_zone, now())));
    },
  );

  for (const [path, close, summary] of [
    ['take-back', takeBackCase, "Take the case back from the partner: its access ends at once and the creditor's own collection resumes where it stands"],
    ['end', endMandate, "End the mandate before its term; the creditor's own collection resumes where it stands"],
  ] as const) {
    app.post<{ Params: { id: string } }>(
      `/api/mandates/:id/${path}`,
      { config: { access: 'write' }, schema: { tags, summary, params: idParams, response: { 200: mandateSchema } } },
      async (request) => {
        const caller = callerOf(request);
        const organization = await organizationOf(db, request);
        const mandate = await close(db, caller, request.params.id, now());
        const customer = (await getCustomer(db, caller.organizationId, mandate.customer_id))!;
        return mandateJson(db, mandate, customer, todayIn(organization.time_zone, now()));
      },
    );
  }
}
