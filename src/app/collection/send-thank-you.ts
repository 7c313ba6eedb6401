import type { ScenarioStep } from '../../core/scenarios/scenario.js';
import type { Db } from '../../adapters/db/database.js';
import type { CollectionCaseRow } from '../../adapters/db/schema.js';
import { insertActionOnce } from '../../adapters/db/stores/collection-actions.js';
import { listContacts } from '../../adapters/db/stores/contacts.js';
import { listAllocations } from '../../adapters/db/stores/documents.js';
import { enqueueMessage } from '../outbox/enqueue-message.js';
import { buildTemplateContext, messageLanguageOf, outboxSenderOf } from './build-template-context.js';
import { findRecipient } from './find-recipient.js';
import type { CustomerCollectionPlan } from './plan-customer-collection.js';
import { messageLinkOptions, type RecordContext } from './record-step-decision.js';
import { messagePortalLink } from '../portal/message-portal-link.js';

/** The step id of the thank-you action; one per case, which is what makes it idempotent. */
export const THANK_YOU_STEP_ID = 'thank-you';
export const THANK_YOU_TEMPLATE_ID = 'thank-you';

/**
 * Queues one thank-you email when a case closes because the customer paid: the setting is on,
 * and a payment (not only a credit note) was allocated to the customer's invoices since the
 * case opened. A case settled by credit notes alone is a write-off or a correction, and
 * thanking for it would read as irony. The action is keyed on the case, so re-running the
 * day, or a second worker, queues nothing more. Returns whether a message was queued.
 */
export async function sendThankYou(db: Db, plan: CustomerCollectionPlan, closedCase: CollectionCaseRow, context: RecordContext): Promise<boolean> {
  const { organization, settings } = context;
  const { customer, asOf } = plan;
  if (!settings.thankYouEnabled) return false;
  const allocations = await listAllocations(db, organization.id, { customerId: customer.id }, { limit: 10_000, offset: 0 });
  const paid = allocations.rows.some((allocation) => allocation.payment_id !== null && allocation.invoice_id !== null && allocation.allocated_on >= closedCase.opened_on);
  if (!paid) return false;
  const recipient = findRecipient(customer, await listContacts(db, organization.id, customer.id), 'email');
  if (recipient === null) return false;

  const language = messageLanguageOf(customer);
  const currency = plan.openInvoices[0]?.currency ?? organization.currency;
  const portalLink = messagePortalLink(settings, messageLinkOptions(context));
  const templateContext = buildTemplateContext({
    organization,
    settings,
    customer,
    // A thank-you states no fees: no late-fee rules, and the step is only a placeholder.
    step: { id: 'thank-you', statesLateFees: false, sender: 'accounts_team' } as ScenarioStep,
    asOf,
    invoices: [],
    issueDates: new Map(),
    balanceMinor: 0,
    currency,
    lateFeeRules: null,
    portalUrl: portalLink.url,
  });
  const rendered = context.renderer.render(THANK_YOU_TEMPLATE_ID, language, templateContext, 'email');
  const action = await insertActionOnce(db, organization.id, {
    customer_id: customer.id,
    case_id: closedCase.id,
    episode_key: closedCase.id,
    scenario_id: plan.scenario.id,
    step_id: THANK_YOU_STEP_ID,
    channel: 'email',
    status: 'planned',
    planned_on: asOf,
    not_before: context.notBefore,
    invoice_numbers: '[]',
    invoice_ids: '[]',
    invoice_amounts: '[]',
    balance_minor: 0,
    currency,
    reason_en: 'Case closed: the overdue invoices have been paid',
    reason_fr: 'Dossier clos : les factures échues ont été payées',
  });
  if (!action) return false;
  await portalLink.keep(db, organization.id, customer.id, [rendered.text, rendered.html]);
  await enqueueMessage(db, organization.id, {
    actionId: action.id,
    customerId: customer.id,
    channel: 'email',
    recipient,
    sender: outboxSenderOf('accounts_team', settings, organization),
    subject: rendered.subject ?? '',
    text: rendered.text ?? '',
    ...(rendered.html ? { html: rendered.html } : {}),
    invoiceIds: [],
    notBefore: context.notBefore,
  });
  return true;
}
