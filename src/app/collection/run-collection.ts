import { todayIn, type PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { OrganizationRow } from '../../adapters/db/schema.js';
import { claimCustomer } from '../../adapters/db/stores/collection-claims.js';
import { getCollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { getCustomersByIds, listCustomerIds } from '../../adapters/db/stores/customers.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import type { TemplateRenderer } from '../../adapters/templates/liquid-renderer.js';
import type { ChannelTransports } from '../../adapters/channels/channel-transport.js';
import type { SendSummary } from '../outbox/send-due-messages.js';
import { sendCollectionMessages } from './send-collection-messages.js';
import { deliverDueWebhooks } from '../webhooks/deliver-due-webhooks.js';
import { firstSendingInstant } from './sending-window.js';
import { organizationTemplateRenderer } from './message-templates.js';
import { loadPlanningContext, planCustomers, planFromFacts, PLANNING_BATCH_SIZE, type CustomerCollectionPlan } from './plan-customer-collection.js';
import { keepWorklistStandings } from '../worklist/get-worklist.js';
import { readCollectionFacts } from '../../adapters/db/stores/collection-facts.js';
import { recordStepDecision, type PlannedAction } from './record-step-decision.js';
import { settlePaymentClaims } from './settle-payment-claims.js';
import { withdrawSettledApprovals } from './withdraw-settled-approvals.js';
import { endLapsedMandates } from '../mandates/close-mandate-case.js';
import { noSenderEmailWarning, runWarnings, type SetupWarning } from './setup-warnings.js';

export interface RunCollectionOptions {
  /** The day decided for, in the organization's time zone; the clock's day there by default. */
  asOf?: PlainDate;
  /** Decide and render, write nothing. */
  dryRun?: boolean;
  /** The clock: messages never leave before it, nor outside business hours. */
  now: Date;
  renderer?: TemplateRenderer;
  /** Only these customers (ids); all of the organization by default. */
  customerIds?: readonly string[];
  /** Hand the due messages to the outbox worker after writing (default); false leaves them queued. */
  send?: boolean;
  transports?: ChannelTransports;
  /** Names this process in outbox claims. */
  workerId?: string;
  /**
   * Receives each action as soon as it is decided, instead of `actions` collecting them: a run
   * over a large ledger then holds none of them in memory.
   */
  onAction?: (action: PlannedAction) => void;
  /** Let webhooks reach loopback or private addresses; ALLOW_PRIVATE_WEBHOOKS=1 when left out. */
  allowPrivateWebhooks?: boolean;
  /** Where debtors reach Relance (PUBLIC_URL): messages link to the customer's page there. */
  portalBase?: string | undefined;
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
  /** What each customer's decision amounts to; with `created: false` when an earlier run already did it. Empty with `onAction`. */
  actions: PlannedAction[];
  /** Customers the run could not plan, with why; the others are not held back by them. */
  errors: { customer_reference: string; message: string }[];
  /** What the outbox worker did right after the run; null for a dry run or when sending is left to later. */
  sending: SendSummary | null;
  /** What is missing from the settings and shows in what customers receive: no bank details, no sender email. */
  warnings: SetupWarning[];
}

/** Batches read ahead of the one being planned, on PostgreSQL. */
const READ_AHEAD_BATCHES = 3;

/** Whether the customer's decision or its case's state needs a write. */
function needsWriting(plan: CustomerCollectionPlan): boolean {
  return plan.decision.kind !== 'none' || plan.hasOverdue !== (plan.openCase !== undefined);
}

/**
 * The collection run for one organization and one day (docs/collection-run.md): read the
 * customers' open items, pauses and history in batches, let `planStep` decide the one step due
 * for each; for every customer with something to write, in its own transaction and under a row
 * claim, decide again from fresh reads and write the case, the actions, the tasks and the
 * outbox messages together; then let the outbox send what is due, with the last check before
 * sending.
 */
export async function runCollection(db: Db, organization: OrganizationRow, options: RunCollectionOptions): Promise<CollectionRunReport> {
  const { now } = options;
  const asOf = options.asOf ?? todayIn(organization.time_zone, now);
  const settings = await getCollectionSettings(db, organization.id);
  const renderer = options.renderer ?? (await organizationTemplateRenderer(db, organization.id));
  // A run for a day already past (a catch-up, a replay by hand) plans that day's slot rather than
  // the wall clock's, so a sending pass made as of that day (`relance outbox send --now`) sends it.
  const notBefore = firstSendingInstant(organization, settings, asOf, asOf < todayIn(organization.time_zone, now) ? new Date(0) : now);
  const write = !options.dryRun;
  const report: CollectionRunReport = { as_of: asOf, dry_run: !write, customers: 0, claimed_elsewhere: 0, cases_opened: 0, cases_closed: 0, tasks_created: 0, actions: [], errors: [], sending: null, warnings: runWarnings(organization, settings) };

  if (write) await withdrawSettledApprovals(db, organization, asOf);
  // Mandates past their last day close first, so the customers they held are planned again today.
  if (write) await endLapsedMandates(db, organization, asOf);
  // Claims of "already paid" the ledger answered are closed first: the plans below then resume or stay silent.
  if (write) await settlePaymentClaims(db, organization.id, asOf);
  const planning = await loadPlanningContext(db, organization, settings);
  const context = { organization, settings, renderer, notBefore, write, portalLinks: { base: options.portalBase, now } };
  // Ids only: the rows, like every other fact, are read a batch at a time so memory stays flat.
  let customerIds = await listCustomerIds(db, organization.id);
  if (options.customerIds) {
    const wanted = new Set(options.customerIds);
    customerIds = customerIds.filter((id) => wanted.has(id));
  }
  const readBatch = async (start: number) => {
    const batch = await getCustomersByIds(db, organization.id, customerIds.slice(start, start + PLANNING_BATCH_SIZE));
    return { batch, facts: await readCollectionFacts(db, organization.id, batch.map((customer) => customer.id), asOf) };
  };
  // The next batches are read while this one is planned and rendered: on PostgreSQL the
  // queries then overlap with the work (on connections of their own) instead of adding to it.
  // better-sqlite3 answers synchronously, so there reading ahead gains nothing.
  const ahead = db.engine === 'postgres' ? READ_AHEAD_BATCHES : 1;
  const reads: Promise<Awaited<ReturnType<typeof readBatch>>>[] = [];
  let nextStart = 0;
  const readMore = () => {
    while (reads.length < ahead && nextStart < customerIds.length) {
      const read = readBatch(nextStart);
      // Awaited in turn below; this only keeps a failure from counting as unhandled meanwhile.
      read.catch(() => undefined);
      reads.push(read);
      nextStart += PLANNING_BATCH_SIZE;
    }
  };
  readMore();
  while (reads.length > 0) {
    const { batch, facts } = await reads.shift()!;
    readMore();
    const planned: CustomerCollectionPlan[] = [];
    for (const customer of batch) {
      report.customers += 1;
      let result;
      try {
        const plan = planFromFacts(planning, customer, facts.get(customer.id)!, asOf);
        planned.push(plan);
        if (!write) result = await recordStepDecision(db, plan, context);
        else if (!needsWriting(plan)) continue;
        else {
          // Decided again from fresh reads under the claim: the batch was read before another
          // worker may have written this customer.
          result = await inTransaction(db, async (tx) => {
            if (!(await claimCustomer(tx, organization.id, customer.id))) return null;
            const [fresh] = await planCustomers(tx, planning, [customer], asOf);
            return recordStepDecision(tx, fresh!, context);
          });
        }
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
      for (const action of result.actions) {
        if (options.onAction) options.onAction(action);
        else report.actions.push(action);
      }
      report.tasks_created += result.tasksCreated;
      if (result.caseOpened) report.cases_opened += 1;
      if (result.caseClosed) report.cases_closed += 1;
    }
    // What Today ranks by, from the plans just made: it need not make them again.
    if (write) await keepWorklistStandings(db, organization, planned, now);
  }
  if (write && options.send !== false) {
    report.sending = await sendCollectionMessages(db, organization, {
      now,
      workerId: options.workerId ?? `run-${process.pid}`,
      ...(options.transports ? { transports: options.transports } : {}),
    });
    const held = report.sending.held;
    if (held > 0) report.warnings = report.warnings.map((warning) => (warning.code === 'no_sender_email' ? noSenderEmailWarning(organization, held) : warning));
    await deliverDueWebhooks(db, { now, allowPrivateAddresses: options.allowPrivateWebhooks });
  }
  return report;
}
