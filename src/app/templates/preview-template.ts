import { AppError } from '../../core/app-error.js';
import type { ListedInvoice } from '../../core/collection/plan-step.js';
import type { Currency } from '../../core/money.js';
import { asOfIn, daysBetween, type AsOf, type PlainDate } from '../../core/plain-date.js';
import { isPreDueStep, type Channel, type MessageLanguage, type Scenario, type ScenarioStep } from '../../core/scenarios/scenario.js';
import { BUILT_IN_SCENARIOS } from '../../core/scenarios/built-in.js';
import { sampleTemplateContext, type TemplateLateFees } from '../../core/templates/template-context.js';
import type { Db } from '../../adapters/db/database.js';
import type { CustomerRow, OrganizationRow } from '../../adapters/db/schema.js';
import { getCollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { templateName, type RenderedMessage } from '../../adapters/templates/liquid-renderer.js';
import { messagePortalLink } from '../portal/message-portal-link.js';
import { buildTemplateContext, loadLateFeeRules } from '../collection/build-template-context.js';
import { organizationTemplateRenderer } from '../collection/message-templates.js';
import { planCustomerCollection, type CustomerCollectionPlan } from '../collection/plan-customer-collection.js';
import { templateVariables, type TemplateVariable } from '../../core/templates/template-variables.js';
import { aboutText } from './template-text-error.js';
import { paymentReferencesByNumber } from '../../adapters/db/stores/payment-references.js';
import { previewWithPaymentQr } from '../payment-qr.js';

export interface TemplatePreviewRequest {
  /** The Liquid text being edited, not saved yet. */
  text: string;
  language: MessageLanguage;
  /** The step of the customer's scenario to write as; it decides the late fees and what is listed. */
  stepId?: string;
  /** The template being edited: without a step, the first step that sends it gives the figures. */
  templateId?: string;
  /** Where debtors reach Relance: `portal_url` prints an example link there. */
  portalBase?: string;
}

export interface TemplatePreview {
  asOf: PlainDate;
  scenarioId: string | null;
  step: { id: string; channel: Channel } | null;
  invoices: readonly ListedInvoice[];
  balanceMinor: number;
  currency: Currency;
  lateFees: TemplateLateFees | null;
  /**
   * True when the customer owes nothing the message could list: no reminder would go out. The
   * text is then checked on the sample context (so a real mistake still answers an error) and
   * `message` holds its rendering on the customer when it needs no invoice, else empty sections.
   */
  nothingToRemind: boolean;
  /** The variables the text can use, with this customer's values: the editor's picker. */
  variables: TemplateVariable[];
  message: RenderedMessage;
}

interface ChosenStep {
  scenario: Scenario;
  step: ScenarioStep;
}

/** The step whose message the preview writes: the one asked for, else one that sends the template, else the one due today. */
function chooseStep(plan: CustomerCollectionPlan, request: TemplatePreviewRequest): ChosenStep | null {
  const { scenario, decision } = plan;
  if (request.stepId !== undefined) {
    const step = scenario.steps.find((candidate) => candidate.id === request.stepId);
    if (!step) {
      throw new AppError('validation_failed', `scenario ${scenario.id}, the one of customer ${plan.customer.external_ref}, has no step ${request.stepId}`, { field: 'step_id' });
    }
    return { scenario, step };
  }
  const sends = (step: ScenarioStep) => step.templates[request.language] === request.templateId;
  if (request.templateId !== undefined) {
    const due = decision.kind === 'none' ? undefined : decision.steps.find(sends);
    if (due) return { scenario, step: due };
    const own = scenario.steps.find(sends);
    if (own) return { scenario, step: own };
    // The customer's scenario never sends it: write it as the built-in scenario that does.
    for (const builtIn of BUILT_IN_SCENARIOS) {
      const step = builtIn.steps.find(sends);
      if (step) return { scenario: builtIn, step };
    }
    return null;
  }
  return decision.kind === 'none' ? null : { scenario, step: decision.steps[0]! };
}

/**
 * What a message would list for the chosen step: the run's own figures when that step is the
 * one due; otherwise the customer's open items as the run lists them (overdue invoices, or the
 * ones not yet due for a pre-due step; disputed ones left out), less unapplied credit.
 */
function figuresFor(plan: CustomerCollectionPlan, chosen: ChosenStep | null, organization: OrganizationRow): { invoices: ListedInvoice[]; balanceMinor: number; currency: Currency } {
  const { decision, asOf } = plan;
  if (decision.kind !== 'none' && (chosen === null || (chosen.scenario === plan.scenario && decision.steps.some((step) => step.id === chosen.step.id)))) {
    return { invoices: [...decision.invoices], balanceMinor: decision.balanceMinor, currency: decision.currency };
  }
  const disputed = new Set(plan.input.pauses.disputedInvoiceNumbers);
  const owed = plan.openInvoices.filter((invoice) => invoice.openMinor > 0 && !disputed.has(invoice.number));
  const preDue = chosen !== null && isPreDueStep(chosen.step);
  let listed = owed.filter((invoice) => (preDue ? invoice.dueDate >= asOf : invoice.dueDate < asOf));
  if (listed.length === 0) listed = owed;
  const invoices = [...listed]
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.number.localeCompare(b.number)))
    .map((invoice) => ({ number: invoice.number, dueDate: invoice.dueDate as PlainDate, openMinor: invoice.openMinor, daysOverdue: daysBetween(invoice.dueDate as PlainDate, asOf) }));
  const credit = (plan.input.unappliedCreditMinor ?? 0) + plan.openInvoices.reduce((sum, invoice) => sum + Math.max(0, -invoice.openMinor), 0);
  const balanceMinor = invoices.reduce((sum, invoice) => sum + invoice.openMinor, 0) - credit;
  return { invoices, balanceMinor, currency: plan.openInvoices[0]?.currency ?? organization.currency };
}

/**
 * Renders a template text being edited with a real customer's context: the invoices, balance
 * and late fees the collection run would state in that step's message, from the same planning
 * and the same context builder the run uses. Writes nothing.
 */
export async function previewTemplate(db: Db, organization: OrganizationRow, customer: CustomerRow, request: TemplatePreviewRequest & AsOf): Promise<TemplatePreview> {
  const asOf = asOfIn(organization.time_zone, request);
  const settings = await getCollectionSettings(db, organization.id);
  const plan = await planCustomerCollection(db, organization, settings, customer, asOf);
  const chosen = chooseStep(plan, request);
  const { invoices, balanceMinor, currency } = figuresFor(plan, chosen, organization);
  const paymentReferences = await paymentReferencesByNumber(db, organization.id, customer.id, plan.openInvoices.map((invoice) => invoice.number));
  const context = buildTemplateContext({
    organization,
    settings,
    // The text is read in its own language, whatever the customer's: the sender's title follows it.
    customer: { ...customer, language: request.language },
    // Without a step the message states no fees, and the step is only a placeholder.
    step: chosen?.step ?? ({ id: 'preview', statesLateFees: false } as ScenarioStep),
    asOf,
    invoices,
    issueDates: new Map(plan.openInvoices.map((invoice) => [invoice.number, invoice.issueDate as PlainDate])),
    balanceMinor,
    currency,
    lateFeeRules: chosen ? await loadLateFeeRules(db, organization, chosen.scenario) : null,
    resumedAfter: plan.decision.kind === 'send' ? plan.decision.resumedAfter : null,
    paymentReferences,
    portalUrl: messagePortalLink(settings, { base: request.portalBase, example: true }).url,
  });
  const renderer = await organizationTemplateRenderer(db, organization.id);
  const file = `${templateName(request.templateId ?? 'preview', request.language)}.liquid`;
  const nothingToRemind = invoices.length === 0;
  let message: RenderedMessage;
  if (nothingToRemind) {
    aboutText(() => renderer.renderSource(request.text, file, request.language, sampleTemplateContext(request.language, { withLateFees: true })));
    try {
      message = renderer.renderSource(request.text, file, request.language, context);
    } catch {
      // A text that names the first invoice has nothing to name: the customer simply gets no reminder.
      message = { subject: null, text: null, html: null };
    }
  } else {
    message = aboutText(() => renderer.renderSource(request.text, file, request.language, context));
    const listed = invoices.map((invoice) => ({ number: invoice.number, paymentReference: paymentReferences.get(invoice.number) ?? null }));
    message = { ...message, html: await previewWithPaymentQr(message.html, organization, { currency, balanceMinor, invoices: listed }) };
  }
  return {
    asOf,
    scenarioId: chosen?.scenario.id ?? plan.scenario.id,
    step: chosen ? { id: chosen.step.id, channel: chosen.step.channel } : null,
    invoices,
    balanceMinor,
    currency,
    lateFees: context.late_fees,
    nothingToRemind,
    variables: templateVariables(context),
    message,
  };
}
