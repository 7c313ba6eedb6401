import type { DebtorRefusalCode } from '../../../app/portal/debtor-refusal.js';
import type { DebtorRequestKind, DebtorRequestStatus } from '../../../adapters/db/debtor-request-schema.js';

/** What the debtor's forms send to, each named by its path under /p/:token. */
export const PORTAL_ACTIONS = ['claims', 'promises', 'plan-requests', 'disputes', 'questions', 'contact'] as const;
export type PortalAction = (typeof PORTAL_ACTIONS)[number];

/** The reasons a customer may give for disputing an invoice. */
export const DISPUTE_REASONS = ['invoice_error', 'not_delivered', 'price', 'other'] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];

/**
 * Every word of the debtor's page, in one language. Each language file is typed by this
 * interface, so none can miss a sentence; values that depend on a figure are functions, given
 * the figure already written in words (a date, an amount).
 */
export interface PortalWords {
  title(creditor: string): string;
  languageLabel: string;
  intro(customer: string, creditor: string): string;
  asOf(date: string): string;
  customerNumber(reference: string): string;
  summaryHeading: string;
  totalToPay: string;
  overdue: string;
  creditDeducted: string;
  nothingToPay: string;
  invoicesHeading: string;
  invoiceHeading(number: string): string;
  issuedOn: string;
  dueOn: string;
  invoiceAmount: string;
  amountOpen: string;
  status: string;
  daysLate(days: number): string;
  dueToday: string;
  dueIn(days: number): string;
  paymentReference: string;
  downloadInvoice(number: string): string;
  qrForInvoice(number: string): string;
  qrAlt(amount: string): string;
  payOnline: string;
  payInvoiceOnline(number: string): string;
  howToPayHeading: string;
  howToPayIntro: string;
  beneficiary: string;
  iban: string;
  bic: string;
  referenceForBalance: string;
  referencePerInvoice: string;
  qrForBalance: string;
  qrNotPossible: string;
  noBankDetails(creditor: string): string;
  statementLink: string;
  requestsHeading: string;
  requestKinds: Record<DebtorRequestKind, string>;
  requestStatuses: Record<DebtorRequestStatus, string>;
  sentOn(date: string): string;
  answerOf(creditor: string): string;
  planSchedule: string;
  instalmentLine(date: string, amount: string): string;
  actionsHeading: string;
  actionsIntro: string;
  forms: Record<PortalAction, string>;
  paidOn: string;
  amountIn(currency: string): string;
  transferReference: string;
  invoicesConcerned: string;
  invoicesHint: string;
  proof: string;
  fileHint: string;
  promisedOn: string;
  promiseHint(lastDay: string): string;
  instalments: string;
  instalmentsHint: string;
  firstOn: string;
  invoice: string;
  reason: string;
  reasons: Record<DisputeReason, string>;
  message: string;
  attachment: string;
  questionKind: string;
  questionKinds: { question: string; missing_document: string };
  aboutInvoice: string;
  noInvoiceInParticular: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  send: string;
  done: Record<PortalAction, string>;
  refusedIntro(form: string): string;
  refusals: Record<DebtorRefusalCode, string>;
  personalLink(customer: string): string;
}
