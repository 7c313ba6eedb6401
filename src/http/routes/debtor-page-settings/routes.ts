import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../core/app-error.js';
import type { Db } from '../../../adapters/db/database.js';
import { getPortalSettings, PORTAL_LOGO_MAX_BYTES, removePortalLogo, savePortalLogo, setPaymentLinkTemplate } from '../../../app/portal/portal-settings.js';
import { callerOf } from '../../access.js';

const settingsResponse = {
  type: 'object',
  required: ['payment_link_template', 'logo'],
  properties: {
    payment_link_template: { type: ['string', 'null'], description: 'An https address with {reference}, {amount} and {currency}; the page links to it to pay by card' },
    logo: {
      type: ['object', 'null'],
      required: ['content_type', 'size_bytes', 'updated_at', 'data_url'],
      properties: { content_type: { type: 'string' }, size_bytes: { type: 'integer' }, updated_at: { type: 'string' }, data_url: { type: 'string' } },
    },
  },
} as const;

const settingsBody = {
  type: 'object',
  required: ['payment_link_template'],
  additionalProperties: false,
  properties: { payment_link_template: { type: ['string', 'null'], maxLength: 1000 } },
} as const;

/** `/api/settings/debtor-page`: what the customers' page shows of the creditor besides its identity and bank details. */
export async function debtorPageSettingsRoutes(app: FastifyInstance, { db }: { db: Db }): Promise<void> {
  const tags = ['organization'];

  app.get(
    '/api/settings/debtor-page',
    { schema: { tags, summary: "The debtor page's settings: the logo (as a data URL) and the payment link template", response: { 200: settingsResponse } } },
    async (request) => getPortalSettings(db, callerOf(request).organizationId),
  );

  app.put<{ Body: { payment_link_template: string | null } }>(
    '/api/settings/debtor-page',
    {
      config: { access: 'admin' },
      schema: { tags, summary: 'Set the payment link template (null or empty: no payment link); 422 naming `payment_link_template` for one that is not an https address', body: settingsBody, response: { 200: settingsResponse } },
    },
    async (request) => setPaymentLinkTemplate(db, callerOf(request).organizationId, request.body.payment_link_template),
  );

  // The logo's own scope, where a request body is the image itself.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: PORTAL_LOGO_MAX_BYTES + 1 }, (_request, body, done) => done(null, body));

    scope.put<{ Body: Buffer }>(
      '/api/settings/debtor-page/logo',
      {
        config: { access: 'admin' },
        schema: { tags, summary: 'Set the logo shown on the debtor page: the raw body, a PNG, a JPEG or an SVG picture (no script, no outside reference) of at most 200 kB', response: { 200: settingsResponse } },
      },
      async (request) => {
        if (!Buffer.isBuffer(request.body)) throw new AppError('validation_failed', 'send the image as the request body', { field: 'body' });
        return savePortalLogo(db, callerOf(request).organizationId, request.body);
      },
    );

    scope.delete(
      '/api/settings/debtor-page/logo',
      { config: { access: 'admin' }, schema: { tags, summary: 'Remove the logo from the debtor page', response: { 200: settingsResponse } } },
      async (request) => removePortalLogo(db, callerOf(request).organizationId),
    );
  });
}
