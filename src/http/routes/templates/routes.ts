import type { FastifyInstance } from 'fastify';
import { toMoneyJson } from '../../../core/money.js';
import type { PlainDate } from '../../../core/plain-date.js';
import type { MessageLanguage } from '../../../core/scenarios/scenario.js';
import { checkTone, TONE_RULES, type ToneHint } from '../../../core/templates/tone-check.js';
import type { TemplateMoney } from '../../../core/templates/template-context.js';
import type { Db } from '../../../adapters/db/database.js';
import { listOrganizationTemplates } from '../../../adapters/db/stores/organization-templates.js';
import type { OrganizationTemplateRow } from '../../../adapters/db/schema.js';
import { requireVisibleCustomer } from '../../../app/auth/caller.js';
import { previewTemplate } from '../../../app/templates/preview-template.js';
import { revertOrganizationTemplate } from '../../../app/templates/revert-organization-template.js';
import { saveOrganizationTemplate } from '../../../app/templates/save-organization-template.js';
import { callerOf, organizationOf } from '../../access.js';
import { emptyResponse } from '../../schemas.js';
import { listBuiltInTemplates, type BuiltInTemplate } from './list-built-in-templates.js';
import { previewBody, previewResponse, saveTemplateBody, templateListResponse, templateParams, templateSchema, toneCheckBody, toneCheckResponse } from './schemas.js';

// checkTone applies the rules of every language; a hint's suggestion is written in the
// language of the rule that matched, so it tells which language the hint belongs to.
const suggestionsOf = new Map<MessageLanguage, Set<string>>();
for (const rule of TONE_RULES) {
  const set = suggestionsOf.get(rule.language) ?? new Set<string>();
  set.add(rule.suggestion);
  suggestionsOf.set(rule.language, set);
}

function hintsFor(text: string, language: MessageLanguage, formal: boolean): ToneHint[] {
  const own = suggestionsOf.get(language) ?? new Set<string>();
  return checkTone(text, { formal }).filter((hint) => own.has(hint.suggestion));
}

// Formal notices and hand-offs state the consequences of not paying; the tone check expects it there.
const FORMAL_CHANNELS = new Set(['registered_letter', 'handoff']);

function templateJson(builtIn: BuiltInTemplate, own: OrganizationTemplateRow | undefined) {
  return { ...builtIn, override: own ? { text: own.source, updated_at: own.updated_at, updated_by: own.updated_by } : null };
}

const moneyJson = (money: TemplateMoney) => toMoneyJson(money.minor, money.currency);

interface TemplateParams {
  id: string;
  language: MessageLanguage;
}

interface PreviewJson {
  text: string;
  language: MessageLanguage;
  customer_id: string;
  step_id?: string;
  template?: string;
  as_of?: PlainDate;
}

export async function templateRoutes(app: FastifyInstance, { db, now }: { db: Db; now: () => Date }): Promise<void> {
  const tags = ['templates'];

  app.get(
    '/api/templates',
    {
      schema: {
        tags,
        summary: "The message templates, one per template id and language, with their built-in Liquid text and the organization's own text where it replaced it",
        response: { 200: templateListResponse },
      },
    },
    async (request) => {
      const own = new Map((await listOrganizationTemplates(db, callerOf(request).organizationId)).map((row) => [`${row.template_id}.${row.language}`, row]));
      return { items: listBuiltInTemplates().map((builtIn) => templateJson(builtIn, own.get(builtIn.id))) };
    },
  );

  app.put<{ Params: TemplateParams; Body: { text: string } }>(
    '/api/templates/:id/:language',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: "Save the organization's own text of a template (administrators); refused with line:column when a variable is unknown or a section the channel needs is missing",
        params: templateParams,
        body: saveTemplateBody,
        response: { 200: templateSchema },
      },
    },
    async (request) => {
      const { id, language } = request.params;
      const caller = callerOf(request);
      const saved = await saveOrganizationTemplate(db, caller.organizationId, { templateId: id, language, text: request.body.text, updatedBy: caller.userId });
      const builtIn = listBuiltInTemplates().find((item) => item.template === id && item.language === language)!;
      return templateJson(builtIn, saved);
    },
  );

  app.delete<{ Params: TemplateParams }>(
    '/api/templates/:id/:language',
    {
      config: { access: 'admin' },
      schema: { tags, summary: "Drop the organization's own text of a template: its messages use the built-in one again (administrators)", params: templateParams, response: { 204: emptyResponse } },
    },
    async (request, reply) => {
      await revertOrganizationTemplate(db, callerOf(request).organizationId, request.params.id, request.params.language);
      return reply.code(204).send();
    },
  );

  // Previewing changes nothing, but it shows a customer's figures to the people who write
  // templates, so it keeps the default rule for a POST: administrators and collectors.
  app.post<{ Body: PreviewJson }>(
    '/api/templates/preview',
    {
      schema: {
        tags,
        summary: "Render a template text being edited with a real customer's invoices, balance and late fees, as the collection run would state them; a Liquid error answers 422 with line:column",
        body: previewBody,
        response: { 200: previewResponse },
      },
    },
    async (request) => {
      const body = request.body;
      const customer = await requireVisibleCustomer(db, callerOf(request), body.customer_id, 'customer_id');
      const organization = await organizationOf(db, request);
      const preview = await previewTemplate(db, organization, customer, {
        text: body.text,
        language: body.language,
        ...(body.step_id !== undefined ? { stepId: body.step_id } : {}),
        ...(body.template !== undefined ? { templateId: body.template } : {}),
        ...(body.as_of !== undefined ? { asOf: body.as_of } : {}),
        now: now(),
        portalBase: request.portalBase,
      });
      const formal =
        (preview.step !== null && FORMAL_CHANNELS.has(preview.step.channel)) ||
        listBuiltInTemplates().some((item) => item.template === body.template && item.language === body.language && item.formal);
      return {
        as_of: preview.asOf,
        customer: { id: customer.id, reference: customer.external_ref, name: customer.name },
        scenario_id: preview.scenarioId,
        step: preview.step,
        invoices: preview.invoices.map((invoice) => ({ number: invoice.number, due_date: invoice.dueDate, days_overdue: invoice.daysOverdue, open: toMoneyJson(invoice.openMinor, preview.currency) })),
        balance: toMoneyJson(preview.balanceMinor, preview.currency),
        late_fees: preview.lateFees
          ? { interest: moneyJson(preview.lateFees.interest), indemnity: moneyJson(preview.lateFees.indemnity), total: moneyJson(preview.lateFees.total), amount_due: moneyJson(preview.lateFees.amount_due) }
          : null,
        nothing_to_remind: preview.nothingToRemind,
        variables: preview.variables,
        ...preview.message,
        hints: hintsFor(body.text, body.language, formal),
      };
    },
  );

  // Checking wording changes nothing, but it serves the people who write templates, so it
  // keeps the default rule for a POST: administrators and collectors.
  app.post<{ Body: { text: string; language: MessageLanguage; formal?: boolean } }>(
    '/api/templates/tone-check',
    { schema: { tags, summary: 'Vague, apologetic, accusatory or threatening wording in a template text, with line:column and a neutral wording', body: toneCheckBody, response: { 200: toneCheckResponse } } },
    async (request) => {
      const { text, language, formal } = request.body;
      return { hints: hintsFor(text, language, formal === true) };
    },
  );
}
