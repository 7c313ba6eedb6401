import type { OutboxStatus } from '../collection-types.js';
import { useI18n } from '../i18n.js';
import { statusLabel } from '../spoken-codes.js';

const TONE: Partial<Record<OutboxStatus, string>> = { failed: 'badge-danger', unknown: 'badge-warning' };

/** The status in words; failed and unknown are coloured because a person has to act. */
export function OutboxStatusBadge({ status }: { status: OutboxStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge ${TONE[status] ?? 'badge-neutral'}`} data-status={status}>
      {statusLabel('outbox', status, t)}
    </span>
  );
}
