import { todayIn, type PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { OrganizationRow } from '../../adapters/db/schema.js';
import { claimCustomer } from '../../adapters/db/stores/collection-claims.js';
import { getCollectionSettings, type CollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { listCustomers } from '../../adapters/db/stores/customers.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import type { TemplateRenderer } from '../../adapters/templates/liquid-renderer.js';
import type { ChannelTransports } from '../../adapters/channels/channel-transport.js';
import type { SendSummary } from '../outbox/send-due-messages.js';
import { sendCollectionMessages } from './send-collection-messages.js';
import { deliverDueWebhooks } from '../webhooks/deliver-due-webhooks.js';
import { firstSendingInstant } from './sending-window.js';
import { builtInTemplateRenderer } from './message-templates.js';
import { planCustomerCollection } from './plan-customer-collection.js';
import { recordStepDecision, type PlannedAction } from './record-step-decision.js';

export interface RunCollectionOptions {
  /** The day decided for, in the organization's time zone; today there by default. */
  asOf?: PlainDate;
  /** Decide and render, write nothing. */
  dryRun?: boolean;
  /** The clock: messages never leave before it, nor outside business hours. */
  now?: Date;
  renderer?: TemplateRenderer;
  /** Only these customers (ids); all of the organization by default. */
  customerIds?: readonly string[];
  /** Hand the due messages to the outbox worker after writing (default); false leaves them queued. */
  send?: boolean;
  transports?: ChannelTransports;
  /** Names this process in outbox claims. */
  workerId?: string;
}

export interface CollectionRunReport {
  as_of: PlainDate;
  dry_run: boolean;
  customers: number;
  /** Customers another worker was planning at the same moment (PostgreSQL only). */
  claimed_elsewhere: number;
  cases_opened: number;
  cases_closed: number;
  tasks_created: number;
  /** What each customer's decision amounts to; with `created: false` when an earlier run already did it. */
  actions: PlannedAction[];
  /** Customers the run could not plan, with why; the others are not held back by them. */
  errors: { customer_reference: string; message: string }[];
  /** What the outbox worker did right after the run; null for a dry run or when sending is left to later. */
  sending: SendSummary | null;
}

/**
 * The collection run for one organization and one day (docs/collection-run.md): per customer,
 * in its own transaction and under a row claim, read what is open and paused, let `planStep`
 * decide the one step due, and write the case, the actions, the tasks and the outbox messages
 * together; then let the outbox send what is due, with the last check before sending.
 */
export async function runCollection(db: Db, organization: OrganizationRow, options: RunCollectionOptions = {}): Promise<CollectionRunReport> {
  const now = options.now ?? new Date();
  const asOf = options.asOf ?? todayIn(organization.time_zone, now);
  const settings = await getCollectionSettings(db, organization.id);
  const renderer = options.renderer ?? builtInTemplateRenderer();
  const notBefore = firstSendingInstant(organization, settings, asOf, now);
  const write = !options.dryRun;
  const report: CollectionRunReport = { as_of: asOf, dry_run: !write, customers: 0, claimed_elsewhere: 0, cases_opened: 0, cases_closed: 0, tasks_created: 0, actions: [], errors: [], sending: null };

  let customers = await listCustomers(db, organization.id);
  if (options.customerIds) customers = customers.filter((customer) => options.customerIds!.includes(customer.id));
  for (const customer of customers) {
    report.customers += 1;
    const context = { organization, settings, renderer, notBefore, write };
    let result;
    try {
      result = write
        ? await inTransaction(db, async (tx) => {
            if (!(await claimCustomer(tx, organization.id, customer.id))) return null;
            return recordStepDecision(tx, await planCustomerCollection(tx, organization, settings, customer, asOf), context);
          })
        : await recordStepDecision(db, await planCustomerCollection(db, organization, settings, customer, asOf), context);
    } catch (error) {
      // One customer's broken data (a template error, mixed currencies) must not stop the others;
      // its transaction rolled back, so the next run tries it again.
      report.errors.push({ customer_reference: customer.external_ref, message: error instanceof Error ? error.message : String(error) });
      continue;
    }
    if (result === null) {
      report.claimed_elsewhere += 1;
      continue;
    }
    report.actions.push(...result.actions);
    report.tasks_created += result.tasksCreated;
    if (result.caseOpened) report.cases_opened += 1;
    if (result.caseClosed) report.cases_closed += 1;
  }
  if (write && options.send !== false) {
    report.sending = await sendCollectionMessages(db, organization, {
      now,
      workerId: options.workerId ?? `run-${process.pid}`,
      ...(options.transports ? { transports: options.transports } : {}),
    });
    await deliverDueWebhooks(db, { now });
  }
  return report;
}
