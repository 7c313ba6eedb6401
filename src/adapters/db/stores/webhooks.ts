import type { Db } from '../database.js';
import { newId, nowIso } from '../ids.js';
import type { WebhookDeliveryRow, WebhookEndpointRow } from '../schema.js';

export const WEBHOOK_EVENTS = ['action.sent', 'action.failed', 'task.created', 'case.opened', 'case.closed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface NewWebhookEndpoint {
  url: string;
  events: readonly WebhookEvent[];
  secret: string;
  createdBy: string | null;
}

export async function insertWebhookEndpoint(db: Db, organizationId: string, endpoint: NewWebhookEndpoint): Promise<WebhookEndpointRow> {
  const row: WebhookEndpointRow = {
    id: newId(),
    organization_id: organizationId,
    url: endpoint.url,
    events: JSON.stringify(endpoint.events),
    secret: endpoint.secret,
    created_by: endpoint.createdBy,
    created_at: nowIso(),
    deleted_at: null,
  };
  await db.kysely.insertInto('webhook_endpoints').values(row).execute();
  return row;
}

export async function listWebhookEndpoints(db: Db, organizationId: string): Promise<WebhookEndpointRow[]> {
  return db.kysely
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .execute();
}

export async function getWebhookEndpoint(db: Db, organizationId: string, endpointId: string): Promise<WebhookEndpointRow | undefined> {
  return db.kysely
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', endpointId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** Stops deliveries to the endpoint; its log stays for the record. Returns false when there was none. */
export async function deleteWebhookEndpoint(db: Db, organizationId: string, endpointId: string): Promise<boolean> {
  const now = nowIso();
  const result = await db.kysely
    .updateTable('webhook_endpoints')
    .set({ deleted_at: now })
    .where('organization_id', '=', organizationId)
    .where('id', '=', endpointId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  await db.kysely
    .updateTable('webhook_deliveries')
    .set({ status: 'failed', last_error: 'the endpoint was deleted', updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('endpoint_id', '=', endpointId)
    .where('status', '=', 'pending')
    .execute();
  return true;
}

/**
 * Queues one delivery of the event per endpoint of the organization subscribed to it. Only
 * inserts rows, so it joins the caller's transaction: the event exists exactly when the change
 * it reports was committed.
 */
// A new delivery is due at once whatever clock the sending worker runs on (tests and replays
// pass their own `now`), so its first attempt is not tied to the instant of the event.
const DUE_AT_ONCE = new Date(0).toISOString();

export async function queueWebhookEvent(db: Db, organizationId: string, type: WebhookEvent, data: Record<string, unknown>): Promise<number> {
  const endpoints = (await listWebhookEndpoints(db, organizationId)).filter((endpoint) => (JSON.parse(endpoint.events) as string[]).includes(type));
  if (endpoints.length === 0) return 0;
  const now = nowIso();
  const eventId = newId();
  const payload = JSON.stringify({ id: eventId, type, created_at: now, data });
  const rows: WebhookDeliveryRow[] = endpoints.map((endpoint) => ({
    id: newId(),
    organization_id: organizationId,
    endpoint_id: endpoint.id,
    event_id: eventId,
    event_type: type,
    payload,
    status: 'pending',
    attempts: 0,
    response_code: null,
    last_error: null,
    next_attempt_at: DUE_AT_ONCE,
    delivered_at: null,
    created_at: now,
    updated_at: now,
  }));
  await db.kysely.insertInto('webhook_deliveries').values(rows).execute();
  return rows.length;
}

export async function listWebhookDeliveries(db: Db, organizationId: string, endpointId: string, limit = 100): Promise<WebhookDeliveryRow[]> {
  return db.kysely
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('endpoint_id', '=', endpointId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export type DueWebhookDelivery = WebhookDeliveryRow & { url: string; secret: string };

/** Pending deliveries of every organization whose time has come, oldest first (the sending worker's view). */
export async function listDueWebhookDeliveries(db: Db, now: string, limit: number): Promise<DueWebhookDelivery[]> {
  return db.kysely
    .selectFrom('webhook_deliveries')
    .innerJoin('webhook_endpoints', (join) => join.onRef('webhook_endpoints.id', '=', 'webhook_deliveries.endpoint_id').onRef('webhook_endpoints.organization_id', '=', 'webhook_deliveries.organization_id'))
    .selectAll('webhook_deliveries')
    .select(['webhook_endpoints.url', 'webhook_endpoints.secret'])
    .where('webhook_deliveries.status', '=', 'pending')
    .where('webhook_deliveries.next_attempt_at', '<=', now)
    .where('webhook_endpoints.deleted_at', 'is', null)
    .orderBy('webhook_deliveries.next_attempt_at')
    .orderBy('webhook_deliveries.id')
    .limit(limit)
    .execute();
}

/**
 * Takes a delivery for one attempt by moving its next attempt to `leaseUntil`, on condition
 * that nobody moved it first: two workers never post the same attempt, and a worker that dies
 * mid-attempt leaves the delivery due again once the lease runs out.
 */
export async function claimWebhookDelivery(db: Db, delivery: WebhookDeliveryRow, leaseUntil: string): Promise<boolean> {
  const result = await db.kysely
    .updateTable('webhook_deliveries')
    .set({ next_attempt_at: leaseUntil, updated_at: nowIso() })
    .where('organization_id', '=', delivery.organization_id)
    .where('id', '=', delivery.id)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '=', delivery.next_attempt_at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function settleWebhookDelivery(
  db: Db,
  delivery: WebhookDeliveryRow,
  outcome: Pick<WebhookDeliveryRow, 'status' | 'attempts' | 'response_code' | 'last_error' | 'next_attempt_at' | 'delivered_at'>,
): Promise<void> {
  await db.kysely
    .updateTable('webhook_deliveries')
    .set({ ...outcome, updated_at: nowIso() })
    .where('organization_id', '=', delivery.organization_id)
    .where('id', '=', delivery.id)
    .execute();
}
