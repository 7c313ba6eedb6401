import type { MoneyJson } from './api-types.js';

export const WORK_KINDS = ['approval', 'call', 'broken_promise', 'missed_instalment', 'dispute', 'delivery', 'small_claim', 'handoff', 'owner_notice', 'debtor_request', 'reply'] as const;
export type WorkKind = (typeof WORK_KINDS)[number];

export type WorkAction =
  | { action: 'approve' | 'call' | 'answer_dispute' | 'fix_delivery' | 'open_task'; task_id: string }
  | { action: 'open_customer'; customer_id: string };

/** A line of GET /api/worklist. */
export interface WorklistLine {
  key: string;
  kind: WorkKind;
  task_id: string | null;
  attempt: number | null;
  customer: { id: string; reference: string; name: string; segment: string | null };
  owner_user_id: string | null;
  amount: MoneyJson;
  days_late: number;
  due_on: string;
  risk: { level: 'low' | 'medium' | 'high'; invoices_considered: number; late_count: number; likelihood: number };
  expected: MoneyJson;
  why: { en: string; fr: string };
  ranking: { en: string; fr: string };
  action: WorkAction;
}

export interface Worklist {
  as_of: string;
  total: number;
  limit: number;
  offset: number;
  counts: Record<WorkKind, number>;
  /** When the day's collection run worked out the lines' figures; null when worked out on asking. */
  figures_computed_at: string | null;
  ranking_rule: { en: string; fr: string };
  items: WorklistLine[];
}
