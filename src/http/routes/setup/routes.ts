import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../core/app-error.js';
import { asOfIn } from '../../../core/plain-date.js';
import { channelConfigFromEnv } from '../../../adapters/channels/transports-from-config.js';
import type { Db } from '../../../adapters/db/database.js';
import { getUser } from '../../../adapters/db/stores/users.js';
import { previewAssignmentRules } from '../../../app/collection/preview-assignment-rules.js';
import { getChannelSettingsView, updateChannelSettings, type ChannelSettingsInput } from '../../../app/organization/channel-settings.js';
import { organizationIdentityOf, updateIdentity, type OrganizationIdentityInput } from '../../../app/organization/organization-identity.js';
import { sendChannelTest } from '../../../app/organization/send-channel-test.js';
import { callerOf, organizationOf } from '../../access.js';
import { ruleFromJson, type RuleJson } from '../scenario-admin/routes.js';
import {
  channelsBody,
  channelsResponse,
  channelTestBody,
  channelTestResponse,
  identityBody,
  identityResponse,
  rulesPreviewBody,
  rulesPreviewResponse,
} from './schemas.js';

/** What an administrator sets up once: the organization's identity, its channels, and a preview of the assignment rules. */
export async function setupRoutes(app: FastifyInstance, { db, now }: { db: Db; now: () => Date }): Promise<void> {
  const config = { access: 'admin' as const };

  app.get(
    '/api/settings/organization',
    { schema: { tags: ['organization'], summary: 'Who the organization is, as letters, statements and messages name it', response: { 200: identityResponse } } },
    async (request) => organizationIdentityOf(await organizationOf(db, request)),
  );

  app.put<{ Body: OrganizationIdentityInput }>(
    '/api/settings/organization',
    {
      config,
      schema: { tags: ['organization'], summary: 'Change the name, legal name, address, registration and VAT numbers or language (administrators); fields left out keep their value', body: identityBody, response: { 200: identityResponse } },
    },
    async (request) => updateIdentity(db, await organizationOf(db, request), request.body),
  );

  // Administrators only even to read: the server names and user names are not a collector's business.
  app.get(
    '/api/settings/channels',
    { config, schema: { tags: ['organization'], summary: 'The mail server and SMS provider the organization sends through; passwords and tokens are never returned', response: { 200: channelsResponse } } },
    async (request) => getChannelSettingsView(db, callerOf(request).organizationId, channelConfigFromEnv()),
  );

  app.put<{ Body: ChannelSettingsInput }>(
    '/api/settings/channels',
    {
      config,
      schema: { tags: ['organization'], summary: "Set the organization's own mail server and SMS provider (they win over the server environment's); fields left out keep their value, secrets are stored encrypted", body: channelsBody, response: { 200: channelsResponse } },
    },
    async (request) => updateChannelSettings(db, callerOf(request).organizationId, request.body, channelConfigFromEnv()),
  );

  app.post<{ Body: { channel: 'email' | 'sms'; phone?: string } }>(
    '/api/settings/channels/test',
    {
      config,
      schema: { tags: ['organization'], summary: 'Send a test email to the signed-in user, or a test SMS to a number; answers whether the server accepted it, in words', body: channelTestBody, response: { 200: channelTestResponse } },
    },
    async (request) => {
      const caller = callerOf(request);
      const organization = await organizationOf(db, request);
      let to: string;
      if (request.body.channel === 'email') {
        const user = caller.userId ? await getUser(db, caller.organizationId, caller.userId) : undefined;
        if (!user) throw new AppError('validation_failed', 'a test email goes to the signed-in user: sign in as a person, not with an API key', { field: 'channel' });
        to = user.email;
      } else {
        if (!request.body.phone) throw new AppError('validation_failed', 'give the phone number to text', { field: 'phone' }, { localized: { en: 'Type the phone number to send the test SMS to.', fr: 'Saisissez le numéro auquel envoyer le SMS de test.' } });
        to = request.body.phone;
      }
      return sendChannelTest(db, organization, { channel: request.body.channel, to, now: now() }, channelConfigFromEnv());
    },
  );

  app.post<{ Body: { items: RuleJson[] } }>(
    '/api/scenario-rules/preview',
    {
      config,
      schema: { tags: ['scenarios'], summary: 'How many customers each of these draft rules would take today, through the same assignment the run uses; saves nothing', body: rulesPreviewBody, response: { 200: rulesPreviewResponse } },
    },
    async (request) => {
      const organization = await organizationOf(db, request);
      const rules = request.body.items.map((json, index) => ruleFromJson(organization, json, index));
      return previewAssignmentRules(db, organization, rules, asOfIn(organization.time_zone, { now: now() }));
    },
  );
}
