import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../adapters/db/database.js';
import { AGENCY_STEPS, AGENCY_TEMPLATE_IDS } from '../../../app/agency/agency-run-templates.js';
import { getAgencyScenario, saveAgencyScenario } from '../../../app/agency/agency-scenario.js';
import { requireAgencyOrganization } from '../../../app/mandates/agency-case-access.js';
import { AGENCY_STEP_DAY_MAX, type AgencyScenarioStepSetting } from '../../../core/mandates/agency-scenario-steps.js';
import { callerOf } from '../../access.js';

const stepKeys = AGENCY_STEPS.map((step) => step.key);

const scenarioBody = {
  type: 'object',
  required: ['steps'],
  additionalProperties: false,
  properties: {
    steps: {
      type: 'array',
      minItems: 1,
      maxItems: stepKeys.length,
      description: 'The letters in the scenario’s order; a letter left out or with `enabled: false` is not sent. The days of the letters sent strictly increase.',
      items: {
        type: 'object',
        required: ['key', 'day', 'enabled'],
        additionalProperties: false,
        properties: {
          key: { type: 'string', enum: stepKeys },
          day: { type: 'integer', minimum: 0, maximum: AGENCY_STEP_DAY_MAX, description: 'Days after the hand-off.' },
          enabled: { type: 'boolean' },
        },
      },
    },
  },
} as const;

const scenarioSchema = {
  type: 'object',
  required: ['steps', 'updated_at'],
  properties: {
    steps: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key', 'template', 'day', 'enabled'],
        properties: {
          key: { type: 'string', enum: stepKeys },
          template: { type: 'string', enum: [...AGENCY_TEMPLATE_IDS], description: 'The letter’s template (GET /api/agency/templates).' },
          day: { type: 'integer' },
          enabled: { type: 'boolean' },
        },
      },
    },
    updated_at: { type: ['string', 'null'], description: 'When the agency last changed its steps; null while it keeps the built-in days (0, 10, 20).' },
  },
} as const;

/** `/api/agency/scenario`: the letters of an agency's own scenario and their days after the hand-off. Agencies only; anyone else gets "not found". */
export async function agencyScenarioRoutes(app: FastifyInstance, { db }: { db: Db }): Promise<void> {
  const tags = ['agency'];

  app.get(
    '/api/agency/scenario',
    {
      config: { access: 'signed_in' },
      schema: { tags, summary: 'The letters of the agency’s own scenario: which it sends and on which day after the hand-off', response: { 200: scenarioSchema } },
    },
    async (request) => {
      const agency = await requireAgencyOrganization(db, callerOf(request).organizationId);
      return getAgencyScenario(db, agency.id);
    },
  );

  app.put<{ Body: { steps: AgencyScenarioStepSetting[] } }>(
    '/api/agency/scenario',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Set which letters the agency’s run sends and on which day after the hand-off (administrators): days 0 to 365, strictly increasing, at least one letter',
        body: scenarioBody,
        response: { 200: scenarioSchema },
      },
    },
    async (request) => {
      const agency = await requireAgencyOrganization(db, callerOf(request).organizationId);
      return saveAgencyScenario(db, agency.id, request.body.steps);
    },
  );
}
