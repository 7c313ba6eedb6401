import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../core/app-error.js';
import { moneyFromJson, toMoneyJson, type MoneyJson } from '../../../core/money.js';
import type { Db } from '../../../adapters/db/database.js';
import { getCollectionSettings } from '../../../adapters/db/stores/collection-settings.js';
import { requireVisibleCustomer } from '../../../app/auth/caller.js';
import { issuePortalLink, MAX_PORTAL_LINK_DAYS, portalBaseUrl, revokePortalLinks } from '../../../app/portal/portal-links.js';
import { callerOf, organizationOf } from '../../access.js';
import { idParams, nullableMoneySchema } from '../../schemas.js';
import { getPortalCodeThreshold, setPortalCodeThreshold } from '../../../app/portal/portal-code-settings.js';

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

const codeSetting = {
  type: 'object',
  additionalProperties: false,
  required: ['code_above'],
  properties: {
    code_above: { ...nullableMoneySchema, description: 'Above this balance (in the organization’s currency), a link first asks for a 6-digit code mailed to the customer; null: never.' },
  },
} as const;

const codeSettingResponse = {
  type: 'object',
  required: ['code_above', 'currency'],
  properties: { ...codeSetting.properties, currency: { type: 'string', description: 'The organization’s currency, the one code_above is in.' } },
} as const;

/** The setting as the API answers it, with the currency a form needs to write a new amount in. */
function codeSettingJson(above: number | null, currency: string) {
  return { code_above: above === null ? null : toMoneyJson(above, currency), currency };
}

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

  app.get(
    '/api/settings/debtor-page-code',
    { config: { access: 'signed_in' }, schema: { tags, summary: 'Above which balance a debtor page asks for a code mailed to the customer', response: { 200: codeSettingResponse } } },
    async (request) => {
      const organization = await organizationOf(db, request);
      return codeSettingJson(await getPortalCodeThreshold(db, organization.id), organization.currency);
    },
  );

  app.put<{ Body: { code_above: MoneyJson | null } }>(
    '/api/settings/debtor-page-code',
    { config: { access: 'admin' }, schema: { tags, summary: 'Ask for a code mailed to the customer before its page opens, above a balance; null: never', body: codeSetting, response: { 200: codeSettingResponse } } },
    async (request) => {
      const organization = await organizationOf(db, request);
      const json = request.body.code_above;
      let above: number | null = null;
      if (json !== null) {
        const money = moneyFromJson(json, 'code_above');
        if (money.currency !== organization.currency) throw new AppError('validation_failed', `code_above must be in ${organization.currency}, the organization's currency`, { field: 'code_above.currency' });
        if (money.minor < 0) throw new AppError('validation_failed', 'code_above cannot be negative', { field: 'code_above.amount' });
        above = money.minor;
      }
      await setPortalCodeThreshold(db, organization.id, above);
      return codeSettingJson(above, organization.currency);
    },
  );
}
