import { AppError } from '../../core/app-error.js';
import { todayIn } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { CustomerRow, OrganizationRow } from '../../adapters/db/schema.js';
import { getCollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { nothingToSendNow } from './next-step-refusal.js';
import { planCustomerCollection } from './plan-customer-collection.js';
import type { PlannedAction } from './record-step-decision.js';
import { runCollection } from './run-collection.js';

/**
 * "Send the next step now": the customer's due step is planned today, through the daily run
 * itself limited to this one customer, so pauses, approvals, the sending window and the step
 * keys are the run's own. Its message goes to the outbox and leaves at the next business-hours
 * slot; the daily run of the same day finds the step taken and does not write it again.
 * Refused, with a sentence, when a pause applies or nothing is due.
 */
export async function sendNextStepNow(db: Db, organization: OrganizationRow, customer: CustomerRow, options: { now: Date; portalBase?: string | undefined }): Promise<{ as_of: string; actions: PlannedAction[] }> {
  const asOf = todayIn(organization.time_zone, options.now);
  const settings = await getCollectionSettings(db, organization.id);
  const { decision } = await planCustomerCollection(db, organization, settings, customer, asOf);
  if (decision.kind === 'none') throw nothingToSendNow(decision.why, decision.reason);
  const report = await runCollection(db, organization, { now: options.now, asOf, customerIds: [customer.id], send: false, portalBase: options.portalBase });
  if (report.errors.length > 0) throw new AppError('conflict', report.errors.map((error) => error.message).join('; '));
  const created = report.actions.filter((action) => action.created);
  if (report.actions.length > 0 && created.length === 0) {
    const en = 'This step is already planned today: it is not sent twice.';
    throw new AppError('conflict', en, {}, { localized: { en, fr: "Cette étape est déjà prévue aujourd'hui : elle ne part pas deux fois." } });
  }
  return { as_of: asOf, actions: report.actions };
}
