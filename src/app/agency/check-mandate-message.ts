import { mandateIsLive } from '../../core/mandates/mandate-terms.js';
import { todayIn } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { OutboxMessageRow } from '../../adapters/db/schema.js';
import { getCreditorMandate } from '../../adapters/db/stores/mandates.js';
import { getOrganization } from '../../adapters/db/stores/organizations.js';
import { findOutboxMessage } from '../../adapters/db/stores/outbox.js';

/**
 * The last check of a message a partner wrote on a case: it leaves only while the mandate is
 * live. A case taken back (or a mandate ended) before its message left keeps the message from
 * going: the creditor is collecting again, in its own words.
 */
export async function checkMandateMessageLive(db: Db, message: Pick<OutboxMessageRow, 'organization_id' | 'mandate_id'>, now: Date): Promise<{ send: true } | { send: false; reason: string }> {
  if (!message.mandate_id) return { send: true };
  const mandate = await getCreditorMandate(db, message.organization_id, message.mandate_id);
  const creditor = await getOrganization(db, message.organization_id);
  if (mandate && creditor && mandateIsLive(mandate, todayIn(creditor.time_zone, now))) return { send: true };
  return { send: false, reason: 'the case is no longer with the partner that wrote this message (mandate ended or case taken back)' };
}

/**
 * The organization whose mail server sends an outbox row: the agency's when it writes on a case
 * in its own name, else the row's own organization (the creditor's, in whose outbox it waits).
 */
export async function sendingOrganizationOf(db: Db, message: { id: string; organizationId: string }): Promise<string> {
  const row = await findOutboxMessage(db, message.organizationId, message.id);
  const mandate = row?.mandate_id ? await getCreditorMandate(db, message.organizationId, row.mandate_id) : undefined;
  return mandate?.acting_as === 'agency' && mandate.agency_organization_id ? mandate.agency_organization_id : message.organizationId;
}
