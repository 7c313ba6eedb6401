import type { MoneyJson, PlainDate } from '../api-types.js';

/** GET /api/agency/cases items: one case an agency holds, with the API's figures. */
export interface AgencyCase {
  id: string;
  creditor: { id: string; name: string };
  customer: { id: string; name: string; external_ref: string };
  acting_as: 'creditor' | 'agency';
  starts_on: PlainDate;
  ends_on: PlainDate | null;
  fee_percent: string;
  fee_fixed: MoneyJson;
  handed: MoneyJson;
  recovered: MoneyJson;
  outstanding: MoneyJson;
  fee: MoneyJson;
  recovery_rate_percent: string;
}

/** GET /api/agency/cases/:id */
export interface AgencyCaseDetail extends AgencyCase {
  as_of: PlainDate;
  note: string | null;
  overdue_days_at_handoff: number;
  contacts: { id: string; name: string | null; email: string | null; phone: string | null; address: string | null; role: string }[];
  open_invoices: { id: string; number: string; due_date: PlainDate; days_late: number; open: MoneyJson }[];
  balance: MoneyJson;
  timeline: { id: string; occurred_on: PlainDate; summary: { en: string; fr: string }; author: string | null }[];
  messages: { id: string; created_at: string; channel: string; sender: MessageParty; recipient: MessageParty; subject: string; status: string }[];
  payments: { id: string; reference: string; received_on: PlainDate; amount: MoneyJson; recorded_by_agency: boolean }[];
}

/** GET /api/agency/tasks items */
export interface AgencyTask {
  id: string;
  case_id: string;
  title: { en: string; fr: string };
  detail: string | null;
  due_on: PlainDate;
  creditor: { id: string; name: string };
  customer: { id: string; name: string; external_ref: string };
}

/** Who a message is from or to. */
export interface MessageParty {
  name: string | null;
  email: string | null;
}
