import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../core/app-error.js';
import type { Db } from '../../../adapters/db/database.js';
import { deleteWebhookEndpoint, getWebhookEndpoint, listWebhookDeliveries, listWebhookEndpoints } from '../../../adapters/db/stores/webhooks.js';
import { createWebhookEndpoint } from '../../../app/webhooks/create-webhook-endpoint.js';
import { callerOf } from '../../access.js';
import { emptyResponse, idParams, itemsOf } from '../../schemas.js';
import { createdEndpointSchema, createEndpointBody, deliveryJson, deliverySchema, endpointJson, endpointSchema } from './schemas.js';

// Endpoints receive the organization's collection activity, so only administrators manage them.
export async function webhookRoutes(app: FastifyInstance, { db, allowPrivateAddresses }: { db: Db; allowPrivateAddresses?: boolean }): Promise<void> {
  const tags = ['Webhooks'];
  const config = { access: 'admin' as const };

  app.get(
    '/api/webhooks',
    { config, schema: { tags, summary: 'Webhook endpoints of the organization', response: { 200: itemsOf(endpointSchema) } } },
    async (request) => ({ items: (await listWebhookEndpoints(db, callerOf(request).organizationId)).map(endpointJson) }),
  );

  app.post<{ Body: { url: string; events: string[] } }>(
    '/api/webhooks',
    { config, schema: { tags, summary: 'Register an endpoint; its signing secret is in this answer only', body: createEndpointBody, response: { 201: createdEndpointSchema } } },
    async (request, reply) => {
      const caller = callerOf(request);
      const { row, secret } = await createWebhookEndpoint(db, caller.organizationId, { ...request.body, createdBy: caller.userId }, { allowPrivateAddresses });
      return reply.code(201).send({ ...endpointJson(row), secret });
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/webhooks/:id',
    { config, schema: { tags, summary: 'Delete an endpoint: nothing more is sent to it, its log stays', params: idParams, response: { 204: emptyResponse } } },
    async (request, reply) => {
      if (!(await deleteWebhookEndpoint(db, callerOf(request).organizationId, request.params.id))) {
        throw new AppError('not_found', `no webhook endpoint ${request.params.id}`, { field: 'id' });
      }
      return reply.code(204).send();
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/webhooks/:id/deliveries',
    { config, schema: { tags, summary: 'The latest deliveries to an endpoint, newest first', params: idParams, response: { 200: itemsOf(deliverySchema) } } },
    async (request) => {
      const organizationId = callerOf(request).organizationId;
      const endpoint = await getWebhookEndpoint(db, organizationId, request.params.id);
      if (!endpoint) throw new AppError('not_found', `no webhook endpoint ${request.params.id}`, { field: 'id' });
      return { items: (await listWebhookDeliveries(db, organizationId, endpoint.id)).map(deliveryJson) };
    },
  );
}
