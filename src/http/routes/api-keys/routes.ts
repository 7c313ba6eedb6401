import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../core/app-error.js';
import type { Db } from '../../../adapters/db/database.js';
import type { ApiKeyRow } from '../../../adapters/db/schema.js';
import { listApiKeys, revokeApiKey } from '../../../adapters/db/stores/api-keys.js';
import { API_KEY_ROLES, createApiKeyFor } from '../../../app/auth/create-api-key.js';
import { callerOf } from '../../access.js';
import { emptyResponse, idParams, itemsOf } from '../../schemas.js';

const apiKeyProperties = {
  id: { type: 'string' },
  name: { type: 'string' },
  prefix: { type: 'string', description: 'The first characters of the key, to tell keys apart.' },
  role: { type: 'string' },
  created_at: { type: 'string' },
  revoked_at: { type: ['string', 'null'] },
} as const;

const apiKeySchema = { type: 'object', required: Object.keys(apiKeyProperties), properties: apiKeyProperties } as const;

function apiKeyJson(k: ApiKeyRow) {
  return { id: k.id, name: k.name, prefix: k.prefix, role: k.role, created_at: k.created_at, revoked_at: k.revoked_at };
}

export async function apiKeyRoutes(app: FastifyInstance, { db }: { db: Db }): Promise<void> {
  const tags = ['API keys'];
  const config = { access: 'admin' as const };

  app.get(
    '/api/api-keys',
    { config, schema: { tags, summary: 'API keys of the organization, revoked ones included', response: { 200: itemsOf(apiKeySchema) } } },
    async (request) => ({ items: (await listApiKeys(db, callerOf(request).organizationId)).map(apiKeyJson) }),
  );

  app.post<{ Body: { name: string; role: string } }>(
    '/api/api-keys',
    {
      config,
      schema: {
        tags,
        summary: 'Create an API key; the key is in this answer only, keep it safe',
        body: {
          type: 'object',
          required: ['name', 'role'],
          additionalProperties: false,
          properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, role: { type: 'string', enum: [...API_KEY_ROLES] } },
        },
        response: {
          201: {
            type: 'object',
            required: [...Object.keys(apiKeyProperties), 'key'],
            properties: { ...apiKeyProperties, key: { type: 'string', description: 'Send as "Authorization: Bearer <key>".' } },
          },
        },
      },
    },
    async (request, reply) => {
      const { row, key } = await createApiKeyFor(db, callerOf(request).organizationId, request.body);
      return reply.code(201).send({ ...apiKeyJson(row), key });
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/api-keys/:id',
    { config, schema: { tags, summary: 'Revoke an API key', params: idParams, response: { 204: emptyResponse } } },
    async (request, reply) => {
      if (!(await revokeApiKey(db, callerOf(request).organizationId, request.params.id))) {
        throw new AppError('not_found', `no live API key ${request.params.id}`, { field: 'id' });
      }
      return reply.code(204).send();
    },
  );
}
