import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../adapters/db/database.js';
import { getCollectionSettings } from '../../../adapters/db/stores/collection-settings.js';
import { requireVisibleCustomer } from '../../../app/auth/caller.js';
import { issuePortalLink, MAX_PORTAL_LINK_DAYS, portalBaseUrl, revokePortalLinks } from '../../../app/portal/portal-links.js';
import { callerOf } from '../../access.js';
import { idParams } from '../../schemas.js';

const createBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    days: { type: 'integer', minimum: 1, maximum: MAX_PORTAL_LINK_DAYS, description: 'How long the link opens the page; 90 days when left out.' },
  },
} as const;

const createdLink = {
  type: 'object',
  required: ['url', 'expires_at'],
  properties: {
    url: { type: 'string', description: 'The address of the customer’s page; shown once, never stored.' },
    expires_at: { type: 'string', format: 'date-time' },
  },
} as const;

const revokedLinks = {
  type: 'object',
  required: ['revoked'],
  properties: { revoked: { type: 'integer', description: 'How many live links stopped opening the page.' } },
} as const;

export async function portalLinkRoutes(app: FastifyInstance, { db, now }: { db: Db; now: () => Date }): Promise<void> {
  const tags = ['debtor page'];

  app.post<{ Params: { id: string }; Body: { days?: number } }>(
    '/api/customers/:id/portal-links',
    {
      config: { access: 'write' },
      schema: {
        tags,
        summary: 'Make a new link to the customer’s page (where it sees what it owes, pays, disputes or asks); earlier links keep working',
        params: idParams,
        body: createBody,
        response: { 201: createdLink },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const customer = await requireVisibleCustomer(db, caller, request.params.id);
      const settings = await getCollectionSettings(db, customer.organization_id);
      const link = await issuePortalLink(db, customer.organization_id, customer.id, {
        now: now(),
        ...(request.body?.days !== undefined ? { days: request.body.days } : {}),
        by: caller.userId,
        publicUrl: portalBaseUrl(settings, request.portalBase),
      });
      return reply.code(201).header('cache-control', 'no-store').send({ url: link.url, expires_at: link.expiresAt });
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/customers/:id/portal-links',
    {
      config: { access: 'write' },
      schema: { tags, summary: 'Revoke every live link to the customer’s page, those in messages already sent too', params: idParams, response: { 200: revokedLinks } },
    },
    async (request) => {
      const customer = await requireVisibleCustomer(db, callerOf(request), request.params.id);
      return { revoked: await revokePortalLinks(db, customer.organization_id, customer.id, now()) };
    },
  );
}
