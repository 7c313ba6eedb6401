import type { Db } from '../../adapters/db/database.js';
import type { DebtorRequestKind, DebtorRequestRow, DebtorRequestStatus } from '../../adapters/db/debtor-request-schema.js';
import { listDebtorRequestFileInfo } from '../../adapters/db/stores/debtor-requests.js';
import { toMoneyJson, type MoneyJson } from '../../core/money.js';

/** One request as the API and the pages show it: what was asked, where it stands, what was answered. */
export interface DebtorRequestView {
  id: string;
  customer_id: string;
  kind: DebtorRequestKind;
  status: DebtorRequestStatus;
  asked_on: string;
  /** The customer's own words, as typed. */
  message: string | null;
  invoice_numbers: string[];
  paid_on: string | null;
  amount: MoneyJson | null;
  reference: string | null;
  promised_on: string | null;
  reason: string | null;
  /** A plan request's monthly instalments, as set up or as asked for. */
  schedule: { due_date: string; amount: MoneyJson }[] | null;
  /** Why a plan request waits for a person: the parts of the policy it goes beyond. */
  beyond_policy: string[];
  contact: { name: string | null; email: string | null; phone: string | null } | null;
  answer: string | null;
  answered_on: string | null;
  files: { id: string; file_name: string; content_type: string; size_bytes: number }[];
}

type Payload = Record<string, unknown>;
const text = (payload: Payload, key: string): string | null => (typeof payload[key] === 'string' ? (payload[key] as string) : null);

export async function debtorRequestViews(db: Db, organizationId: string, rows: readonly DebtorRequestRow[]): Promise<DebtorRequestView[]> {
  const files = await listDebtorRequestFileInfo(db, organizationId, rows.map((row) => row.id));
  return rows.map((row) => {
    const payload = JSON.parse(row.payload) as Payload;
    const amount = payload.amount as { minor: number; currency: string } | null | undefined;
    const numbers = Array.isArray(payload.invoice_numbers) ? (payload.invoice_numbers as string[]) : typeof payload.invoice_number === 'string' ? [payload.invoice_number] : [];
    return {
      id: row.id,
      customer_id: row.customer_id,
      kind: row.kind,
      status: row.status,
      asked_on: row.created_on,
      message: row.message,
      invoice_numbers: numbers,
      paid_on: text(payload, 'paid_on'),
      amount: amount ? toMoneyJson(amount.minor, amount.currency) : null,
      reference: text(payload, 'reference'),
      promised_on: text(payload, 'promised_on'),
      reason: text(payload, 'reason'),
      schedule: Array.isArray(payload.schedule) ? (payload.schedule as DebtorRequestView['schedule']) : null,
      beyond_policy: Array.isArray(payload.beyond_policy) ? (payload.beyond_policy as string[]) : [],
      contact: row.kind === 'contact' ? { name: text(payload, 'name'), email: text(payload, 'email'), phone: text(payload, 'phone') } : null,
      answer: row.answer,
      answered_on: row.answered_on,
      files: files.filter((file) => file.request_id === row.id).map((file) => ({ id: file.id, file_name: file.file_name, content_type: file.content_type, size_bytes: Number(file.size_bytes) })),
    };
  });
}
