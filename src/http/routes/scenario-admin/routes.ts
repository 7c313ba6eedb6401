import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../core/app-error.js';
import { moneyFromJson, toMoneyJson, type MoneyJson } from '../../../core/money.js';
import type { PlainDate } from '../../../core/plain-date.js';
import type { AssignmentRule } from '../../../core/scenarios/assign-scenario.js';
import type { RiskLevel } from '../../../core/scenarios/scenario.js';
import type { Db } from '../../../adapters/db/database.js';
import type { OrganizationRow } from '../../../adapters/db/schema.js';
import { findScenario, listAssignmentRules, setManualScenarioId } from '../../../adapters/db/stores/collection-scenarios.js';
import { getCollectionSettings, type CollectionSettings, type HandoffPartner } from '../../../adapters/db/stores/collection-settings.js';
import type { MandateActingAs } from '../../../adapters/db/mandate-schema.js';
import { percentFromBp } from '../../../core/mandates/mandate-terms.js';
import { feePercentToBp } from '../../../app/mandates/hand-off-case.js';
import { ownerScope, requireVisibleCustomer } from '../../../app/auth/caller.js';
import { deleteScenario } from '../../../app/collection/delete-scenario.js';
import { saveAssignmentRules } from '../../../app/collection/save-assignment-rules.js';
import { saveScenario } from '../../../app/collection/save-scenario.js';
import { simulateCollection } from '../../../app/collection/simulate-collection.js';
import { updateCollectionSettings, type CollectionSettingsChanges } from '../../../app/collection/update-collection-settings.js';
import { debtorPolicyJson, updateDebtorPolicy, type DebtorPolicyJson } from '../../../app/portal/debtor-request-policy.js';
import { callerOf, organizationOf } from '../../access.js';
import { idParams } from '../../schemas.js';
import { listVisibleScenarios } from '../scenarios/list-visible-scenarios.js';
import { scenarioJson } from './scenario-json.js';
import {
  createOnlyHeaders,
  customerScenarioBody,
  rulesBody,
  rulesResponse,
  scenarioDefinitionList,
  scenarioDefinitionSchema,
  scenarioDocumentBody,
  scenarioImportBody,
  settingsBody,
  settingsResponse,
  simulationQuery,
} from './schemas.js';

export interface RuleJson {
  scenario_id: string;
  segments?: string[];
  risk_levels?: RiskLevel[];
  min_balance?: MoneyJson;
  max_balance?: MoneyJson;
}

interface SettingsJson {
  minimum_balance?: MoneyJson;
  minimum_gap_days?: number;
  business_hours?: { start: string; end: string };
  daily_run_time?: string;
  thank_you_enabled?: boolean;
  attach_statement?: boolean;
  default_scenario_id?: string;
  sender_name?: string | null;
  sender_email?: string | null;
  sender_phone?: string | null;
  reply_to?: string | null;
  agency_name?: string | null;
  agency_email?: string | null;
  agency_phone?: string | null;
  handoff_minimum?: MoneyJson;
  formal_notice_min_reminders?: number;
  approval_threshold?: MoneyJson | null;
  rejection_hold_days?: number;
  handoff_partner?: { agency_organization_id: string; acting_as: MandateActingAs; fee_percent: string; fee_fixed?: MoneyJson; term_days?: number | null } | null;
  debtor_page_policy?: Partial<DebtorPolicyJson>;
}

/** The hand-off step's default partner as the settings keep it; null: a person hands the case. */
function handoffPartnerOf(organization: OrganizationRow, json: NonNullable<SettingsJson['handoff_partner']> | null): HandoffPartner | null {
  if (json === null) return null;
  return {
    agencyOrganizationId: json.agency_organization_id,
    actingAs: json.acting_as,
    feePercentBp: feePercentToBp(json.fee_percent, 'handoff_partner.fee_percent'),
    feeFixedMinor: json.fee_fixed ? minorIn(organization, json.fee_fixed, 'handoff_partner.fee_fixed') : 0,
    termDays: json.term_days ?? null,
  };
}

/** Rule balances are in the organization's currency, the one the planner compares them in. */
function minorIn(organization: OrganizationRow, json: MoneyJson, field: string): number {
  const { minor, currency } = moneyFromJson(json, field);
  if (currency !== organization.currency) throw new AppError('validation_failed', `${field} must be in ${organization.currency}, the organization's currency`, { field: `${field}.currency` });
  return minor;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A step's minimum balance may come as money, the form every amount takes in the API (and the
 * one `GET /api/scenarios/definitions` shows); the scenario document counts it in minor units.
 */
function withMinorBalances(organization: OrganizationRow, document: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(document.steps)) return document;
  const steps = document.steps.map((step: unknown, index) => {
    if (!isRecord(step) || !isRecord(step.conditions) || step.conditions.min_balance === undefined) return step;
    const { min_balance: json, ...conditions } = step.conditions;
    const field = `steps[${index}].conditions.min_balance`;
    if (conditions.min_balance_minor !== undefined) {
      throw new AppError('validation_failed', `${field}: give either min_balance or min_balance_minor, not both`, { field });
    }
    if (!isRecord(json) || typeof json.amount !== 'string' || typeof json.currency !== 'string') {
      throw new AppError('validation_failed', `${field} must be an amount such as {"amount": "150.00", "currency": "${organization.currency}"}`, { field });
    }
    const minor = minorIn(organization, { amount: json.amount, currency: json.currency }, field);
    if (minor < 0) throw new AppError('validation_failed', `${field}.amount must not be negative`, { field: `${field}.amount` });
    return { ...step, conditions: { ...conditions, min_balance_minor: minor } };
  });
  return { ...document, steps };
}

export function ruleFromJson(organization: OrganizationRow, json: RuleJson, index: number): AssignmentRule {
  return {
    scenarioId: json.scenario_id,
    ...(json.segments && json.segments.length > 0 ? { segments: json.segments } : {}),
    ...(json.risk_levels && json.risk_levels.length > 0 ? { riskLevels: json.risk_levels } : {}),
    ...(json.min_balance ? { minBalanceMinor: minorIn(organization, json.min_balance, `items[${index}].min_balance`) } : {}),
    ...(json.max_balance ? { maxBalanceMinor: minorIn(organization, json.max_balance, `items[${index}].max_balance`) } : {}),
  };
}

function ruleJson(organization: OrganizationRow, rule: AssignmentRule): RuleJson {
  return {
    scenario_id: rule.scenarioId,
    ...(rule.segments ? { segments: [...rule.segments] } : {}),
    ...(rule.riskLevels ? { risk_levels: [...rule.riskLevels] } : {}),
    ...(rule.minBalanceMinor !== undefined ? { min_balance: toMoneyJson(rule.minBalanceMinor, organization.currency) } : {}),
    ...(rule.maxBalanceMinor !== undefined ? { max_balance: toMoneyJson(rule.maxBalanceMinor, organization.currency) } : {}),
  };
}

function settingsJson(organization: OrganizationRow, settings: CollectionSettings) {
  return {
    minimum_balance: toMoneyJson(settings.minimumBalanceMinor, organization.currency),
    minimum_gap_days: settings.minimumGapDays,
    business_hours: settings.businessHours,
    daily_run_time: settings.dailyRunTime,
    thank_you_enabled: settings.thankYouEnabled,
    attach_statement: settings.attachStatement,
    default_scenario_id: settings.defaultScenarioId,
    sender_name: settings.senderName,
    sender_email: settings.senderEmail,
    sender_phone: settings.senderPhone,
    reply_to: settings.replyTo,
    agency_name: settings.agencyName,
    agency_email: settings.agencyEmail,
    agency_phone: settings.agencyPhone,
    handoff_minimum: toMoneyJson(settings.handoffMinimumMinor, organization.currency),
    formal_notice_min_reminders: settings.formalNoticeMinReminders,
    approval_threshold: settings.approvalThresholdMinor === null ? null : toMoneyJson(settings.approvalThresholdMinor, organization.currency),
    rejection_hold_days: settings.rejectionHoldDays,
    handoff_partner: settings.handoffPartner && {
      agency_organization_id: settings.handoffPartner.agencyOrganizationId,
      acting_as: settings.handoffPartner.actingAs,
      fee_percent: percentFromBp(settings.handoffPartner.feePercentBp),
      fee_fixed: toMoneyJson(settings.handoffPartner.feeFixedMinor, organization.currency),
      term_days: settings.handoffPartner.termDays,
    },
  };
}

/** Editing what drives the run: custom scenarios, assignment rules, hand-set scenarios, settings; and the simulation. */
export async function scenarioAdminRoutes(app: FastifyInstance, { db, now }: { db: Db; now: () => Date }): Promise<void> {
  const tags = ['scenarios'];
  // Scenario files are usually YAML; JSON bodies keep their usual parser.
  app.addContentTypeParser(['application/yaml', 'application/x-yaml', 'text/yaml'], { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.get(
    '/api/scenarios/definitions',
    { schema: { tags, summary: 'The scenarios with every field of their steps, conditions included: what an editor reads before it sends a scenario back', response: { 200: scenarioDefinitionList } } },
    async (request) => {
      const organization = await organizationOf(db, request);
      const listed = await listVisibleScenarios(db, organization.id);
      return { items: listed.map(({ scenario, source }) => scenarioJson(scenario, organization.currency, source)) };
    },
  );

  app.put<{ Params: { id: string }; Body: Record<string, unknown>; Headers: { 'if-none-match'?: string } }>(
    '/api/scenarios/:id',
    {
      schema: {
        tags,
        summary: "Create or replace one of the organization's own scenarios; an own scenario with a built-in id replaces it. With If-None-Match: * it only creates",
        params: idParams,
        headers: createOnlyHeaders,
        body: scenarioDocumentBody,
        response: { 200: scenarioDefinitionSchema },
      },
    },
    async (request) => {
      const organization = await organizationOf(db, request);
      const id = request.params.id;
      // A copy must not silently replace the scenario that happens to carry the id it was given.
      if (request.headers['if-none-match'] === '*' && (await findScenario(db, organization.id, id))) {
        throw new AppError('conflict', `a scenario with the id ${id} exists already`, { field: 'id' });
      }
      return scenarioJson(await saveScenario(db, organization.id, withMinorBalances(organization, request.body), id), organization.currency);
    },
  );

  app.post<{ Body: string | Record<string, unknown> }>(
    '/api/scenarios/import',
    { schema: { tags, summary: 'Create or replace a scenario from YAML or JSON text; problems are reported with their line and column', body: scenarioImportBody, response: { 200: scenarioDefinitionSchema } } },
    async (request) => {
      const organization = await organizationOf(db, request);
      return scenarioJson(await saveScenario(db, organization.id, request.body), organization.currency);
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/scenarios/:id',
    { schema: { tags, summary: "Delete one of the organization's own scenarios (not while a rule, a customer or the default uses it)", params: idParams } },
    async (request, reply) => {
      await deleteScenario(db, callerOf(request).organizationId, request.params.id);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/scenario-rules',
    { schema: { tags, summary: 'The assignment rules, in the order they are tried', response: { 200: rulesResponse } } },
    async (request) => {
      const organization = await organizationOf(db, request);
      return { items: (await listAssignmentRules(db, organization.id)).map((rule) => ruleJson(organization, rule)) };
    },
  );

  app.put<{ Body: { items: RuleJson[] } }>(
    '/api/scenario-rules',
    { schema: { tags, summary: 'Replace the assignment rules; the first rule a customer matches gives its scenario', body: rulesBody, response: { 200: rulesResponse } } },
    async (request) => {
      const organization = await organizationOf(db, request);
      const rules = request.body.items.map((json, index) => ruleFromJson(organization, json, index));
      return { items: (await saveAssignmentRules(db, organization.id, rules)).map((rule) => ruleJson(organization, rule)) };
    },
  );

  app.put<{ Params: { id: string }; Body: { scenario_id: string | null } }>(
    '/api/customers/:id/scenario',
    { schema: { tags, summary: 'Choose the scenario of one customer by hand, or null to let the rules decide', params: idParams, body: customerScenarioBody } },
    async (request) => {
      const caller = callerOf(request);
      const customer = await requireVisibleCustomer(db, caller, request.params.id);
      const scenarioId = request.body.scenario_id;
      if (scenarioId !== null && !(await findScenario(db, caller.organizationId, scenarioId))) {
        throw new AppError('not_found', `scenario ${scenarioId} does not exist`, { field: 'scenario_id' });
      }
      await setManualScenarioId(db, caller.organizationId, customer.id, scenarioId, caller.userId);
      return { customer_id: customer.id, scenario_id: scenarioId };
    },
  );

  app.get(
    '/api/settings/collection',
    { schema: { tags, summary: 'How the collection run behaves: minimum balance, gap between contacts, business hours, daily run time', response: { 200: settingsResponse } } },
    async (request) => {
      const organization = await organizationOf(db, request);
      return { ...settingsJson(organization, await getCollectionSettings(db, organization.id)), debtor_page_policy: await debtorPolicyJson(db, organization) };
    },
  );

  app.put<{ Body: SettingsJson }>(
    '/api/settings/collection',
    { schema: { tags, summary: 'Change the collection settings; fields left out keep their value', body: settingsBody, response: { 200: settingsResponse } } },
    async (request) => {
      const organization = await organizationOf(db, request);
      const body = request.body;
      const changes: CollectionSettingsChanges = {
        ...(body.minimum_balance ? { minimumBalanceMinor: minorIn(organization, body.minimum_balance, 'minimum_balance') } : {}),
        ...(body.minimum_gap_days !== undefined ? { minimumGapDays: body.minimum_gap_days } : {}),
        ...(body.business_hours ? { businessHours: body.business_hours } : {}),
        ...(body.daily_run_time !== undefined ? { dailyRunTime: body.daily_run_time } : {}),
        ...(body.thank_you_enabled !== undefined ? { thankYouEnabled: body.thank_you_enabled } : {}),
        ...(body.attach_statement !== undefined ? { attachStatement: body.attach_statement } : {}),
        ...(body.default_scenario_id !== undefined ? { defaultScenarioId: body.default_scenario_id } : {}),
        ...(body.sender_name !== undefined ? { senderName: body.sender_name } : {}),
        ...(body.sender_email !== undefined ? { senderEmail: body.sender_email } : {}),
        ...(body.sender_phone !== undefined ? { senderPhone: body.sender_phone } : {}),
        ...(body.reply_to !== undefined ? { replyTo: body.reply_to } : {}),
        ...(body.agency_name !== undefined ? { agencyName: body.agency_name } : {}),
        ...(body.agency_email !== undefined ? { agencyEmail: body.agency_email } : {}),
        ...(body.agency_phone !== undefined ? { agencyPhone: body.agency_phone } : {}),
        ...(body.handoff_minimum ? { handoffMinimumMinor: minorIn(organization, body.handoff_minimum, 'handoff_minimum') } : {}),
        ...(body.formal_notice_min_reminders !== undefined ? { formalNoticeMinReminders: body.formal_notice_min_reminders } : {}),
        ...(body.approval_threshold !== undefined ? { approvalThresholdMinor: body.approval_threshold === null ? null : minorIn(organization, body.approval_threshold, 'approval_threshold') } : {}),
        ...(body.rejection_hold_days !== undefined ? { rejectionHoldDays: body.rejection_hold_days } : {}),
        ...(body.handoff_partner !== undefined ? { handoffPartner: handoffPartnerOf(organization, body.handoff_partner) } : {}),
      };
      const settings = await updateCollectionSettings(db, organization.id, changes);
      if (body.debtor_page_policy) await updateDebtorPolicy(db, organization, body.debtor_page_policy);
      return { ...settingsJson(organization, settings), debtor_page_policy: await debtorPolicyJson(db, organization) };
    },
  );

  app.get<{ Querystring: { days: number; as_of?: PlainDate } }>(
    '/api/collection/simulation',
    { schema: { tags: ['collection'], summary: 'What the run would send each day of the next N days, to whom and why, if nothing were paid', querystring: simulationQuery } },
    async (request) => {
      const organization = await organizationOf(db, request);
      const owner = ownerScope(callerOf(request));
      return simulateCollection(db, organization, {
        days: request.query.days,
        now: now(),
        ...(request.query.as_of ? { asOf: request.query.as_of } : {}),
        ...(owner !== undefined ? { ownerUserId: owner } : {}),
      });
    },
  );
}
