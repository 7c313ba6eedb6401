import { AppError } from '../../core/app-error.js';
import type { PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import { DISPUTE_RESOLUTIONS, getDispute, resolveDispute as storeResolution, type DisputeResolution, type DisputeWithInvoice } from '../../adapters/db/stores/collection-pauses.js';
import { completeTask } from '../../adapters/db/stores/collection-tasks.js';
import { addTimelineEvent } from '../../adapters/db/stores/collection-timeline.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';

const RESOLUTION_WORDS: Record<DisputeResolution, { en: string; fr: string }> = {
  credit_note: { en: 'settled by a credit note', fr: 'réglé par un avoir' },
  partial_write_off: { en: 'settled by a partial write-off', fr: 'réglé par un abandon partiel' },
  rejected: { en: 'rejected: the invoice is due as issued', fr: 'rejeté : la facture est due telle quelle' },
};

/** Ends a dispute; whatever stays open on the invoice is reminded again from the next run. */
export async function resolveDispute(
  db: Db,
  organizationId: string,
  disputeId: string,
  input: { resolution: string; note?: string | null },
  on: PlainDate,
): Promise<DisputeWithInvoice> {
  if (!(DISPUTE_RESOLUTIONS as readonly string[]).includes(input.resolution)) {
    throw new AppError('validation_failed', `resolution must be one of ${DISPUTE_RESOLUTIONS.join(', ')}`, { field: 'resolution' });
  }
  const resolution = input.resolution as DisputeResolution;
  return inTransaction(db, async (tx) => {
    const dispute = await getDispute(tx, organizationId, disputeId);
    if (!dispute) throw new AppError('not_found', `dispute ${disputeId} does not exist`, { field: 'id' });
    if (dispute.status !== 'open') throw new AppError('conflict', `the dispute on invoice ${dispute.invoice_number} is already resolved`);
    await storeResolution(tx, organizationId, disputeId, { resolution, note: input.note ?? null, resolvedOn: on });
    const task = await tx.kysely.selectFrom('collection_tasks').select('id').where('organization_id', '=', organizationId).where('dedupe_key', '=', `dispute:${disputeId}`).executeTakeFirst();
    if (task) await completeTask(tx, organizationId, task.id, resolution);
    const words = RESOLUTION_WORDS[resolution];
    await addTimelineEvent(tx, organizationId, {
      customerId: dispute.customer_id,
      occurredOn: on,
      kind: 'dispute_resolved',
      summary: { en: `Dispute on invoice ${dispute.invoice_number} ${words.en}`, fr: `Litige sur la facture ${dispute.invoice_number} ${words.fr}` },
      subjectId: disputeId,
    });
    return (await getDispute(tx, organizationId, disputeId))!;
  });
}
