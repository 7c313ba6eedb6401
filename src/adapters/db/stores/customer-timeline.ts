import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../database.js';

/**
 * The groups a person filters the timeline by. `case` gathers what the collection run itself
 * records (a case opened or closed, a step taken without a message, a notice to the owner).
 */
export const TIMELINE_KINDS = ['message', 'call', 'contact', 'note', 'pause', 'approval', 'payment', 'import', 'case'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** One row of the merged feed, as the database gives it; the use case turns it into sentences. */
export interface TimelineSourceRow {
  id: string;
  kind: TimelineKind;
  /** What happened, finer than the kind: `message`, `note`, `payment`, `allocation`, `import`, or a timeline event's own kind. */
  type: string;
  occurred_on: string;
  occurred_at: string;
  summary_en: string | null;
  summary_fr: string | null;
  author_user_id: string | null;
  author_name: string | null;
  author_api_key_name: string | null;
  /** The message, note, payment, allocation or import the entry is about. */
  subject_id: string | null;
  /** A message: its channel and status; an allocation: what was allocated (payment reference or credit note number). */
  channel: string | null;
  status: string | null;
  subject: string | null;
  has_document: number | null;
  amount_minor: number | null;
  currency: string | null;
  reference: string | null;
  file_name: string | null;
}

/** Where the read is narrowed: the kinds kept (all when empty) and the page. */
export interface TimelineQuery {
  kinds: readonly TimelineKind[];
  limit: number;
  offset: number;
}

// A NULL of a given type, so every branch of the UNION has the same column types on PostgreSQL.
const noText = sql`cast(null as text)`;
const noNumber = sql`cast(null as bigint)`;

// Steps that produce a message are shown by the message itself (its status, its document): the
// event the run wrote when it decided the step would show the same exchange twice.
const ACTION_EVENTS = ['action_planned', 'action_sent', 'action_failed'];

/**
 * The timeline group of an event the collection use cases wrote. Unknown kinds land in `case`
 * rather than disappearing: a new event kind shows up before anyone classifies it.
 */
function eventKind(): RawBuilder<string> {
  return sql<string>`case
    when te.kind like 'call_%' then 'call'
    when te.kind in ('action_planned', 'action_sent', 'action_failed') and ca.channel = 'call_task' then 'call'
    when te.kind = 'contact_logged' then 'contact'
    when te.kind in ('email_reply', 'email_automatic_reply', 'email_bounce') then 'message'
    when te.kind in ('promise_added', 'payment_plan_added', 'hold_added', 'dispute_opened', 'dispute_resolved', 'invoice_excluded', 'invoice_included', 'payment_claim_added', 'payment_claim_found', 'payment_claim_not_found') then 'pause'
    when te.kind in ('approval', 'action_awaiting_approval', 'action_rejected') then 'approval'
    when te.kind in ('action_planned', 'action_sent', 'action_failed') and ca.channel in ('email', 'sms', 'letter', 'registered_letter') then 'message'
    else 'case' end`;
}

/**
 * Every source of one customer's timeline as one UNION ALL, newest first, paged in the
 * database: the collection events (with their author where the source row keeps one),
 * messages, notes, payments, allocations and the imports that brought the customer's documents.
 */
export async function readCustomerTimeline(db: Db, organizationId: string, customerId: string, query: TimelineQuery): Promise<{ rows: TimelineSourceRow[]; total: number }> {
  const org = organizationId;
  const customer = customerId;
  const events = sql`
    select te.id, ${eventKind()} as kind, te.kind as type, te.occurred_on, te.created_at as occurred_at,
      te.summary_en, te.summary_fr,
      coalesce(cl.author_user_id, call_log.author_user_id, d.created_by, pr.created_by, pl.created_by, h.created_by) as author_user_id,
      te.subject_id, ca.channel, ca.status, ${noText} as subject, ${noNumber} as has_document, ${noNumber} as amount_minor,
      ${noText} as currency, ${noText} as reference, ${noText} as file_name
    from timeline_events te
    left join collection_actions ca on ca.organization_id = te.organization_id and ca.id = te.subject_id and te.kind like 'action_%'
    left join contact_logs cl on cl.organization_id = te.organization_id and cl.id = te.subject_id and te.kind = 'contact_logged'
    left join contact_logs call_log on call_log.organization_id = te.organization_id and call_log.task_id = te.subject_id and te.kind like 'call_%'
    left join disputes d on d.organization_id = te.organization_id and d.id = te.subject_id and te.kind = 'dispute_opened'
    left join payment_promises pr on pr.organization_id = te.organization_id and pr.id = te.subject_id and te.kind = 'promise_added'
    left join payment_plans pl on pl.organization_id = te.organization_id and pl.id = te.subject_id and te.kind = 'payment_plan_added'
    left join collection_holds h on h.organization_id = te.organization_id and h.id = te.subject_id and te.kind = 'hold_added'
    where te.organization_id = ${org} and te.customer_id = ${customer}
      and not (te.kind in (${sql.join(ACTION_EVENTS)}) and exists (
        select 1 from outbox_messages x where x.organization_id = te.organization_id and x.action_id = te.subject_id))`;
  // Messages leave inside the organization's business hours, so the UTC day of the instant is
  // the organization's day for the European time zones Relance serves.
  const messages = sql`
    select om.id, 'message' as kind, 'message' as type,
      substr(coalesce(om.sent_at, om.transport_called_at, om.not_before), 1, 10) as occurred_on,
      coalesce(om.sent_at, om.transport_called_at, om.not_before) as occurred_at,
      ${noText} as summary_en, ${noText} as summary_fr, ${noText} as author_user_id, om.id as subject_id,
      om.channel, om.status, om.subject, case when om.document_path is null then 0 else 1 end as has_document,
      ${noNumber} as amount_minor, ${noText} as currency, ${noText} as reference, ${noText} as file_name
    from outbox_messages om
    where om.organization_id = ${org} and om.customer_id = ${customer}`;
  const notes = sql`
    select n.id, 'note' as kind, 'note' as type, n.written_on as occurred_on, n.created_at as occurred_at,
      n.text as summary_en, n.text as summary_fr, n.author_user_id, n.id as subject_id,
      ${noText} as channel, ${noText} as status, ${noText} as subject, ${noNumber} as has_document,
      ${noNumber} as amount_minor, ${noText} as currency, n.author_api_key_id as reference, ${noText} as file_name
    from customer_notes n
    where n.organization_id = ${org} and n.customer_id = ${customer}`;
  const payments = sql`
    select p.id, 'payment' as kind, 'payment' as type, p.received_on as occurred_on, p.created_at as occurred_at,
      ${noText} as summary_en, ${noText} as summary_fr, ${noText} as author_user_id, p.id as subject_id,
      p.method as channel, ${noText} as status, ${noText} as subject, ${noNumber} as has_document,
      p.amount_minor, p.currency, p.reference, ${noText} as file_name
    from payments p
    where p.organization_id = ${org} and p.customer_id = ${customer}`;
  // What was allocated: the payment's reference or the credit note's number; the invoice's
  // number is the subject. The customer's invoices lead (CROSS JOIN keeps SQLite from reading
  // the organization's allocations first), each allocation found by its invoice.
  const allocations = sql`
    select a.id, 'payment' as kind, 'allocation' as type, a.allocated_on as occurred_on, a.created_at as occurred_at,
      ${noText} as summary_en, ${noText} as summary_fr, ${noText} as author_user_id, a.invoice_id as subject_id,
      case when a.payment_id is not null then 'payment' when a.credit_note_id is not null then 'credit_note' else 'outside' end as channel,
      ${noText} as status, i.number as subject, ${noNumber} as has_document,
      a.amount_minor, i.currency, coalesce(ap.reference, ac.number) as reference, ${noText} as file_name
    from invoices i
    cross join allocations a
    left join payments ap on ap.organization_id = a.organization_id and ap.id = a.payment_id
    left join credit_notes ac on ac.organization_id = a.organization_id and ac.id = a.credit_note_id
    where i.organization_id = ${org} and i.customer_id = ${customer} and a.organization_id = i.organization_id and a.invoice_id = i.id`;
  const imports = sql`
    select im.id, 'import' as kind, 'import' as type, substr(im.created_at, 1, 10) as occurred_on, im.created_at as occurred_at,
      ${noText} as summary_en, ${noText} as summary_fr, ${noText} as author_user_id, im.id as subject_id,
      im.kind as channel, ${noText} as status, ${noText} as subject, ${noNumber} as has_document,
      ${noNumber} as amount_minor, ${noText} as currency, ${noText} as reference, im.file_name
    from imports im
    where im.organization_id = ${org} and im.id in (${importsOfCustomer(org, customer)})`;

  const optional: Record<'message' | 'note' | 'payment' | 'import', RawBuilder<unknown>> = {
    message: messages,
    note: notes,
    payment: sql`${payments} union all ${allocations}`,
    import: imports,
  };
  const wanted = query.kinds.length === 0 ? [...TIMELINE_KINDS] : query.kinds;
  const parts = [events, ...Object.entries(optional).filter(([kind]) => wanted.includes(kind as TimelineKind)).map(([, source]) => source)];
  const feed = sql`select * from (${sql.join(parts, sql` union all `)}) feed where feed.kind in (${sql.join([...wanted])})`;
  // The total comes with the page (a window over the whole feed): one query to plan and run,
  // not two; planning this UNION took PostgreSQL as long as running it. A page past the end
  // has no row to carry it and counts on its own.
  const page = await sql<TimelineSourceRow & { feed_total: number | string }>`
    select feed.*, u.name as author_name, k.name as author_api_key_name, count(*) over () as feed_total
    from (${feed}) feed
    left join users u on u.organization_id = ${org} and u.id = feed.author_user_id
    left join api_keys k on k.organization_id = ${org} and feed.type = 'note' and k.id = feed.reference
    order by feed.occurred_on desc, feed.occurred_at desc, feed.id desc
    limit ${query.limit} offset ${query.offset}`.execute(db.kysely);
  const first = page.rows[0];
  const total = first
    ? Number(first.feed_total)
    : query.offset === 0
      ? 0
      : Number((await sql<{ n: number | string }>`select count(*) as n from (${feed}) counted`.execute(db.kysely)).rows[0]?.n ?? 0);
  return {
    rows: page.rows.map(({ feed_total: _, ...row }) => ({ ...row, amount_minor: row.amount_minor === null ? null : Number(row.amount_minor), has_document: row.has_document === null ? null : Number(row.has_document) })),
    total,
  };
}

/**
 * The imports that brought this customer's invoices, credit notes or payments. An import
 * writes its documents and then, in the same transaction, its own row: each document belongs
 * to the first import recorded at or after it was written. (Documents typed in the app or
 * through the API, or loaded by the demo, came from no file.)
 */
function importsOfCustomer(org: string, customer: string): RawBuilder<unknown> {
  const fromFiles = (table: 'invoices' | 'credit_notes' | 'payments') =>
    sql`select created_at from ${sql.table(table)} where organization_id = ${org} and customer_id = ${customer} and source not in ('api', 'demo')`;
  return sql`
    select (select im2.id from imports im2 where im2.organization_id = ${org} and im2.created_at >= written.created_at order by im2.created_at limit 1)
    from (${fromFiles('invoices')} union all ${fromFiles('credit_notes')} union all ${fromFiles('payments')}) written`;
}
