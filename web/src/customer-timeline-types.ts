import type { PlainDate } from './api-types.js';

/** The groups `GET /api/customers/:id/timeline?kind=` filters by. */
export const TIMELINE_KINDS = ['message', 'call', 'contact', 'note', 'pause', 'approval', 'payment', 'import', 'case'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** One line of a customer's timeline, as the API answers it. */
export interface TimelineEntry {
  id: string;
  kind: TimelineKind;
  type: string;
  occurred_on: PlainDate;
  occurred_at: string;
  summary: { en: string; fr: string };
  author: { type: 'user'; id: string; name: string } | { type: 'api_key'; name: string } | null;
  status: string | null;
  links: { message?: string; document?: string };
}

export const CUSTOMER_STATUSES = ['in_dispute', 'promise', 'plan', 'hold', 'handed_off'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

export const NEXT_ACTION_KINDS = ['email', 'sms', 'letter', 'registered_letter', 'call', 'approval', 'handoff', 'dispute', 'owner_notice', 'small_claim', 'promise_due', 'hold_ends'] as const;
export type NextActionKind = (typeof NEXT_ACTION_KINDS)[number];

/** What `GET /api/customers` adds to each customer for the list's status columns. */
export interface CustomerListStatus {
  status: CustomerStatus[];
  next_action: { kind: NextActionKind; on: PlainDate } | null;
  last_contact_on: PlainDate | null;
}

/**
 * The event any part of the customer page dispatches after it changed the account (a promise,
 * a dispute, a plan, a hold, a note…): `window.dispatchEvent(new Event(CUSTOMER_CHANGED_EVENT))`.
 * The timeline reads itself again when it hears it.
 */
export const CUSTOMER_CHANGED_EVENT = 'relance:customer-changed';
