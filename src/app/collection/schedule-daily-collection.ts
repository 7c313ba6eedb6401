import type { ChannelTransports } from '../../adapters/channels/channel-transport.js';
import type { Db } from '../../adapters/db/database.js';
import { AppError } from '../../core/app-error.js';
import { claimDailyRun, failDailyRun, finishDailyRun } from '../../adapters/db/stores/collection-runs.js';
import { keepCustomerFigures, keptFiguresDay } from '../../adapters/db/stores/customer-figures.js';
import { getCollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { listOrganizations } from '../../adapters/db/stores/organizations.js';
import { localMomentOf } from './local-time.js';
import { runCollection } from './run-collection.js';
import { sendCollectionMessages } from './send-collection-messages.js';
import { runAgencyCollection } from '../agency/agency-run.js';
import { noSenderEmailWarning } from './setup-warnings.js';
import { deliverDueWebhooks } from '../webhooks/deliver-due-webhooks.js';

/** Something that went wrong for one organization in one check; the others went on. */
export interface DailyCollectionFailure {
  organizationId: string;
  /**
   * `run`: the day's collection run (kept on the day's row, retried next check); `sending`: queued
   * messages; `figures`: the customers' figures of the day (summed on each request until kept).
   */
  stage: 'run' | 'sending' | 'figures';
  code: string;
  message: string;
}

export interface DailyCollectionTick {
  /** The organizations whose day's run finished in this check. */
  ran: string[];
  failed: DailyCollectionFailure[];
}

export interface DailyCollection {
  /** Runs every organization whose daily time has come and whose day is not yet recorded. */
  tick(): Promise<DailyCollectionTick>;
  stop(): void;
}

function failureOf(organizationId: string, stage: DailyCollectionFailure['stage'], error: unknown): DailyCollectionFailure {
  const code = error instanceof AppError ? error.code : 'internal';
  return { organizationId, stage, code, message: error instanceof Error ? error.message : String(error) };
}

export interface DailyCollectionOptions {
  /** The clock each check reads: the wall clock when served, a fixed one in tests. */
  now: () => Date;
  /** How often the clock is looked at; a minute by default. */
  intervalMs?: number;
  log?: (line: string) => void;
  /** False: no timer, `tick` is called by hand (tests). */
  start?: boolean;
  /** The channels messages leave by; those configured in the environment by default. */
  transports?: ChannelTransports;
  /**
   * Where each check runs: on this thread by default (tests, with their clock and transports);
   * `relance serve` gives its collection thread (DailyCollectionWorker), which checks with the
   * transports of the environment while this thread keeps the timer and answers requests.
   */
  thread?: { tick(now: Date): Promise<DailyCollectionTick> };
  /** Where debtors reach Relance (PUBLIC_URL, or the address served at): messages link there. */
  portalBase?: string | undefined;
}

/**
 * The daily collection of `relance serve`: every minute, the queued messages of each
 * organization inside its business hours are sent, and each organization whose local time
 * (its own time zone) has reached its configured run time gets the day's run. The day is
 * claimed in the database first, so a restart the same day, or a second server on the same
 * database, does not run it again. A run that fails keeps its error on the day's row, where
 * the API shows it, and is tried again at the next check; one organization's failure, in its
 * run or its sending, never keeps the others from theirs.
 */
export function scheduleDailyCollection(db: Db, options: DailyCollectionOptions): DailyCollection {
  const { now } = options;
  const log = options.log ?? (() => {});
  let running = false;
  // Said once per organization, not every minute, until a sender email is set.
  const warnedHeld = new Set<string>();

  async function tick(): Promise<DailyCollectionTick> {
    if (running) return { ran: [], failed: [] };
    running = true;
    try {
      return await (options.thread ? options.thread.tick(now()) : check());
    } finally {
      running = false;
    }
  }

  async function check(): Promise<DailyCollectionTick> {
    const ran: string[] = [];
    const failed: DailyCollectionFailure[] = [];
    const instant = now();
    for (const organization of await listOrganizations(db)) {
      let settings;
      try {
        settings = await getCollectionSettings(db, organization.id);
        // Messages the run queued for later (the run is at 07:00, business hours start at
        // 09:00) leave on a later tick, inside the organization's business hours only.
        const sending = await sendCollectionMessages(db, organization, { now: instant, workerId: `daily-${process.pid}`, ...(options.transports ? { transports: options.transports } : {}) });
        if (settings.senderEmail) warnedHeld.delete(organization.id);
        else if (sending.held > 0 && !warnedHeld.has(organization.id)) {
          warnedHeld.add(organization.id);
          log(`Warning: ${noSenderEmailWarning(organization, sending.held).message}`);
        }
      } catch (error) {
        failed.push(failureOf(organization.id, 'sending', error));
        log(`Sending for ${organization.name} failed: ${failed.at(-1)!.message}`);
        if (!settings) continue;
      }
      const local = localMomentOf(instant, organization.time_zone);
      try {
        // At the start of each of the organization's days, every invoice's bucket may change.
        if ((await keptFiguresDay(db, organization.id)) !== local.date) await keepCustomerFigures(db, organization.id, local.date);
      } catch (error) {
        failed.push(failureOf(organization.id, 'figures', error));
        log(`Customer figures for ${organization.name} on ${local.date} failed: ${failed.at(-1)!.message}`);
      }
      if (local.time < settings.dailyRunTime) continue;
      if (!(await claimDailyRun(db, organization.id, local.date))) continue;
      try {
        if (organization.kind === 'agency') {
          // An agency's day: the letters of its own scenario on the cases it holds.
          const agencyReport = await runAgencyCollection(db, organization, local.date, instant, { portalBase: options.portalBase, ...(options.transports ? { transports: options.transports } : {}) });
          await finishDailyRun(db, organization.id, local.date, { customers: agencyReport.cases, actions: agencyReport.queued, tasks: 0, sending: agencyReport.sending, errors: [] });
          log(`Agency run for ${organization.name} on ${local.date}: ${agencyReport.queued} letters queued`);
          ran.push(organization.id);
          continue;
        }
        const report = await runCollection(db, organization, { asOf: local.date, now: instant, workerId: `daily-${process.pid}`, portalBase: options.portalBase, ...(options.transports ? { transports: options.transports } : {}) });
        const created = report.actions.filter((action) => action.created && action.status !== 'skipped').length;
        // Customers whose step could not be written (a template that cannot be rendered) stay in the
        // day's summary with why, where the organization's administrators see them.
        await finishDailyRun(db, organization.id, local.date, { customers: report.customers, actions: created, tasks: report.tasks_created, sending: report.sending, errors: report.errors });
        log(`Collection run for ${organization.name} on ${local.date}: ${created} actions, ${report.tasks_created} tasks${report.errors.length > 0 ? `, ${report.errors.length} customer(s) not planned: ${report.errors[0]!.message}` : ''}`);
        ran.push(organization.id);
      } catch (error) {
        const failure = failureOf(organization.id, 'run', error);
        failed.push(failure);
        // When the database itself is what failed, the log line below still tells the story.
        await failDailyRun(db, organization.id, local.date, failure).catch(() => {});
        log(`Collection run for ${organization.name} on ${local.date} failed: ${failure.message}`);
      }
    }
    await deliverDueWebhooks(db, { now: instant });
    return { ran, failed };
  }

  const timer = options.start === false ? null : setInterval(() => void tick().catch((error: unknown) => log(`Collection schedule: ${String(error)}`)), options.intervalMs ?? 60_000);
  timer?.unref();
  return { tick, stop: () => timer && clearInterval(timer) };
}
