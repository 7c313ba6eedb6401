import type { Db } from '../../adapters/db/database.js';
import type { OutboxMessageRow } from '../../adapters/db/schema.js';
import { replanActionOfRetriedMessage } from '../../adapters/db/stores/collection-actions.js';
import { changeOutboxStatus, findOutboxMessage } from '../../adapters/db/stores/outbox.js';
import { AppError } from '../../core/app-error.js';

const RETRYABLE = ['failed', 'unknown', 'cancelled', 'kept'] as const;

/**
 * A person puts a message back in the queue — after fixing an address, configuring SMTP, or
 * checking with the customer that an "unknown" message never arrived. Attempts start over, and
 * the collection action behind it is planned again.
 */
export async function retryOutboxMessage(db: Db, organizationId: string, id: string, now: Date): Promise<OutboxMessageRow> {
  const at = now.toISOString();
  const moved = await changeOutboxStatus(db, organizationId, id, RETRYABLE, {
    now: at,
    status: 'queued',
    next_attempt_at: at,
    failure_kind: null,
    last_error: null,
  });
  return afterChange(db, organizationId, id, moved, 'retried', RETRYABLE, async () => {
    await db.kysely.updateTable('outbox_messages').set({ attempts: 0 }).where('organization_id', '=', organizationId).where('id', '=', id).execute();
    // The last check before sending lets only a planned action's message go: without this, a
    // message retried after a refusal would be cancelled at once because its action had failed.
    const row = await findOutboxMessage(db, organizationId, id);
    if (row) await replanActionOfRetriedMessage(db, organizationId, row.action_id);
  });
}

const CANCELLABLE = ['queued', 'failed', 'unknown', 'kept'] as const;

/** A person decides a message must not go out (or stops trying); it stays on record as cancelled. */
export async function cancelOutboxMessage(db: Db, organizationId: string, id: string, now: Date, reason = 'cancelled by a person'): Promise<OutboxMessageRow> {
  const moved = await changeOutboxStatus(db, organizationId, id, CANCELLABLE, { now: now.toISOString(), status: 'cancelled', failure_kind: 'cancelled', last_error: reason });
  return afterChange(db, organizationId, id, moved, 'cancelled', CANCELLABLE);
}

async function afterChange(
  db: Db,
  organizationId: string,
  id: string,
  moved: boolean,
  verb: string,
  allowed: readonly string[],
  then?: () => Promise<void>,
): Promise<OutboxMessageRow> {
  if (moved && then) await then();
  const row = await findOutboxMessage(db, organizationId, id);
  if (!row) throw new AppError('not_found', `outbox message ${id} does not exist`, { field: 'id' });
  if (!moved) throw new AppError('conflict', `a ${row.status} message cannot be ${verb}; only ${allowed.join(', ')} ones can`);
  return row;
}
