import type { Db } from '../../adapters/db/database.js';
import type { OutboxMessageRow } from '../../adapters/db/schema.js';
import {
  claimDueMessages,
  recordTransportCall,
  releaseExpiredClaims,
  settleClaimedMessage,
  type OutboxSettlement,
} from '../../adapters/db/stores/outbox.js';
import type { ChannelTransports, OutgoingMessage, SendOutcome } from '../../adapters/channels/channel-transport.js';
import { channelConfigFromEnv } from '../../adapters/channels/transports-from-config.js';
import { checkInvoicesStillDue } from './check-invoices-still-due.js';
import { organizationTransports } from './organization-transports.js';
import { outgoingMessage } from './outgoing-message.js';
import { retryDelaySeconds } from './retry-delay.js';

export type { OutboxMessageRow };

export type BeforeSend = (message: OutboxMessageRow) => Promise<{ send: true } | { send: false; reason: string }>;

export interface SendDueMessagesOptions {
  now: Date;
  /** Names the claim, so a row shows which process holds it. */
  workerId: string;
  /** Only this organization's messages (the collection sends each inside its own business hours). */
  organizationId?: string;
  /** Only these messages (a debtor-page code, sent as soon as it is asked for). */
  ids?: readonly string[];
  /** Channels left in the queue this pass (emails while the organization has no sender email). */
  holdChannels?: readonly OutgoingMessage['channel'][];
  limit?: number;
  /**
   * Last check before a message leaves (pauses, disputes…); "no" cancels it with the reason.
   * Runs after the built-in one, which cancels a message whose invoices are all settled.
   */
  beforeSend?: BeforeSend;
  /** Defaults to each organization's own channels, else those of the environment (SMTP_URL, SMS_PROVIDER_URL…). */
  transports?: ChannelTransports;
  /** Messages of one batch in flight at once (use a pooled SMTP_URL, `?pool=true`, with more than one). */
  concurrency?: number;
  /** Attempts before a transient refusal becomes a failure. */
  maxAttempts?: number;
  /** How long a claim lasts; past it, another worker treats the sender as dead. */
  claimSeconds?: number;
  /** A channel refused a message for good (or it ran out of attempts): make work for a person. */
  onPermanentFailure?: (message: OutboxMessageRow, error: string) => Promise<void>;
  /** A message may or may not have gone out: a person must check before anything is resent. */
  onOutcomeUnknown?: (message: OutboxMessageRow, error: string) => Promise<void>;
}

export interface SendSummary {
  claimed: number;
  sent: number;
  kept: number;
  retried: number;
  failed: number;
  unknown: number;
  cancelled: number;
  /** Messages of a dead worker put back in the queue because their transport was never called. */
  requeued: number;
  /** Due messages left queued on purpose: emails of an organization with no sender email. */
  held: number;
}

export const DEFAULT_MAX_ATTEMPTS = 6;

export function emptySendSummary(): SendSummary {
  return { claimed: 0, sent: 0, kept: 0, retried: 0, failed: 0, unknown: 0, cancelled: 0, requeued: 0, held: 0 };
}

/**
 * One pass of the sending worker over every organization's outbox. A message is claimed
 * (status `sending`, owner, expiry) before any channel is called, and `transport_called_at`
 * is written just before the call: a crash before it is safe to retry, a crash after it is
 * "unknown" and waits for a person. That is what makes a message go out at most once.
 */
export async function sendDueMessages(db: Db, options: SendDueMessagesOptions): Promise<SendSummary> {
  const nowIso = options.now.toISOString();
  const summary = emptySendSummary();
  const expired = await releaseExpiredClaims(db, nowIso);
  summary.requeued = expired.requeued;
  summary.unknown += expired.unknown.length;
  for (const row of expired.unknown) await options.onOutcomeUnknown?.(row, row.last_error ?? '');

  const claimed = await claimDueMessages(db, {
    now: nowIso,
    workerId: options.workerId,
    claimedUntil: new Date(options.now.getTime() + (options.claimSeconds ?? 300) * 1000).toISOString(),
    limit: options.limit ?? 50,
    ...(options.organizationId ? { organizationId: options.organizationId } : {}),
    ...(options.holdChannels ? { skipChannels: options.holdChannels } : {}),
    ...(options.ids ? { ids: options.ids } : {}),
  });
  summary.claimed = claimed.length;
  if (claimed.length === 0) return summary;

  const transports = options.transports ?? organizationTransports(db, channelConfigFromEnv());
  try {
    // Lanes share the claimed batch; each message is still settled by this worker alone.
    const queue = [...claimed];
    const lane = async () => {
      for (let row = queue.shift(); row; row = queue.shift()) await sendOne(db, row, transports, options, summary);
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, lane));
  } finally {
    // Transports made here from the environment are ours to close; injected ones are not.
    if (!options.transports) for (const transport of Object.values(transports)) await transport.close?.();
  }
  return summary;
}

async function sendOne(db: Db, row: OutboxMessageRow, transports: ChannelTransports, options: SendDueMessagesOptions, summary: SendSummary): Promise<void> {
  const nowIso = options.now.toISOString();
  const settle = (settlement: OutboxSettlement) => settleClaimedMessage(db, row.id, options.workerId, nowIso, settlement);

  for (const check of [(message: OutboxMessageRow) => checkInvoicesStillDue(db, message), options.beforeSend]) {
    const verdict = check ? await check(row) : ({ send: true } as const);
    if (!verdict.send) {
      if (await settle({ status: 'cancelled', failure_kind: 'cancelled', last_error: verdict.reason })) summary.cancelled += 1;
      return;
    }
  }
  const transport = transports[row.channel as OutgoingMessage['channel']];
  const message = await outgoingMessage(db, row, options.now);
  if (!(await recordTransportCall(db, row.id, options.workerId, nowIso))) return;

  let outcome: SendOutcome;
  try {
    outcome = await transport.send(message);
  } catch (error) {
    // A transport that throws instead of answering may have been halfway through.
    outcome = { kind: 'unknown', error: `the channel failed unexpectedly: ${(error as Error).message ?? String(error)}` };
  }
  const attempts = row.attempts + 1;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  switch (outcome.kind) {
    case 'sent':
      if (await settle({ status: 'sent', sent_at: nowIso, provider_message_id: outcome.providerMessageId ?? null, document_path: outcome.documentPath ?? null, last_error: null })) summary.sent += 1;
      return;
    case 'kept':
      if (await settle({ status: 'kept', document_path: outcome.documentPath, last_error: outcome.reason })) summary.kept += 1;
      return;
    case 'transient':
      if (attempts < maxAttempts) {
        const next = new Date(options.now.getTime() + retryDelaySeconds(attempts) * 1000).toISOString();
        if (await settle({ status: 'queued', next_attempt_at: next, last_error: outcome.error })) summary.retried += 1;
        return;
      }
      await fail(`gave up after ${attempts} attempts: ${outcome.error}`);
      return;
    case 'permanent':
      await fail(outcome.error);
      return;
    case 'unknown':
      if (await settle({ status: 'unknown', failure_kind: 'unknown', last_error: outcome.error })) {
        summary.unknown += 1;
        await options.onOutcomeUnknown?.({ ...row, status: 'unknown', attempts, last_error: outcome.error }, outcome.error);
      }
      return;
  }

  async function fail(error: string): Promise<void> {
    if (await settle({ status: 'failed', failure_kind: 'permanent', last_error: error })) {
      summary.failed += 1;
      await options.onPermanentFailure?.({ ...row, status: 'failed', attempts, last_error: error }, error);
    }
  }
}
