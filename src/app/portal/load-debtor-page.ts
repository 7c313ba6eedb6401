import { computeAging } from '../../core/aging.js';
import { AppError } from '../../core/app-error.js';
import { moneyFromJson, toMoneyJson, type MoneyJson } from '../../core/money.js';
import { templatePaymentLinkProvider, type PaymentLinkProvider, type PaymentLinkRequest } from '../../core/payments/payment-link.js';
import { readPaymentReference } from '../../core/payments/payment-reference.js';
import type { PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { CustomerRow, OrganizationRow } from '../../adapters/db/schema.js';
import { readDebtorPageParties } from '../../adapters/db/stores/debtor-page-parties.js';
import { DEFAULT_DEBTOR_REQUEST_POLICY } from '../../adapters/db/stores/debtor-requests.js';
import type { PortalSettingsInfo } from '../../adapters/db/stores/portal-settings.js';
import { printedBankDetails } from '../bank-details.js';
import { getCustomerOpenItems, type OpenItemJson } from '../get-customer-open-items.js';
import { paymentQrPayload, type MessagePayment } from '../payment-qr.js';

/** Whom a debtor page is about: one customer of one organization (an opened link). */
export interface DebtorPageAccess {
  organizationId: string;
  customerId: string;
}

/** What the page knows before it is written: the ledger's figures as the API gives them. */
export interface DebtorFacts {
  organization: OrganizationRow;
  customer: CustomerRow;
  settings: PortalSettingsInfo;
  /** The last day a promise may name is this many days after today (the creditor's policy). */
  promiseMaxDays: number;
  asOf: PlainDate;
  items: OpenItemJson[];
  unappliedCredits: MoneyJson[];
}

/**
 * Reads what a debtor page shows: the organization, the customer, the page settings and the
 * promise limit (one read), then the customer's open items, through the function behind
 * GET /api/customers/:id/open-items. A handful of indexed reads, nothing drawn or rendered: the
 * page is opened on every reminder.
 */
export async function loadDebtorFacts(db: Db, access: DebtorPageAccess, now: Date): Promise<DebtorFacts> {
  const parties = await readDebtorPageParties(db, access.organizationId, access.customerId);
  if (!parties) throw new AppError('not_found', 'this page does not exist');
  const { organization, customer, settings } = parties;
  const open = await getCustomerOpenItems(db, organization, customer.id, { now });
  return {
    organization,
    customer,
    settings,
    promiseMaxDays: parties.promiseMaxDays ?? DEFAULT_DEBTOR_REQUEST_POLICY.promiseMaxDays,
    asOf: open.as_of,
    items: open.items,
    unappliedCredits: open.unapplied_credits,
  };
}

/** One invoice as the debtor sees it. */
export interface DebtorInvoiceJson extends OpenItemJson {
  /** Where the invoice's document is downloaded; null when none is on file. */
  document_url: string | null;
  /** The EPC QR code (PNG) of a transfer paying this invoice; null when a code cannot carry it. */
  qr_code_url: string | null;
  /** A card or direct-debit payment page for this invoice, when the creditor has one. */
  payment_link: string | null;
}

/** What the customer owes in one currency. */
export interface DebtorBalanceJson {
  currency: string;
  /** Open invoices minus unapplied credit, as the aging report and the customer page compute it. */
  balance: MoneyJson;
  overdue: MoneyJson;
  unapplied_credit: MoneyJson;
  /** What to quote to pay all of it: the only invoice's reference, else the customer number. */
  reference: string;
  qr_code_url: string | null;
  payment_link: string | null;
}

/** The debtor page as JSON (GET /p/:token with Accept: application/json); the HTML shows the same. */
export interface DebtorPageJson {
  as_of: PlainDate;
  creditor: { name: string; legal_name: string; address: string | null; logo_url: string | null };
  customer: { reference: string; name: string; language: string };
  bank_account: { beneficiary: string; iban: string; bic: string | null } | null;
  balances: DebtorBalanceJson[];
  invoices: DebtorInvoiceJson[];
  statement_url: string;
}

/** The payment-link providers an organization has set up; the built-in one is its template. */
export function paymentLinkProvidersOf(settings: PortalSettingsInfo): PaymentLinkProvider[] {
  return settings.paymentLinkTemplate ? [templatePaymentLinkProvider(settings.paymentLinkTemplate)] : [];
}

function firstLink(providers: readonly PaymentLinkProvider[], request: PaymentLinkRequest): string | null {
  for (const provider of providers) {
    const link = provider.linkFor(request);
    if (link) return link;
  }
  return null;
}

/** The stored (electronic) form of a reference printed by the open items. */
function electronicReference(printed: string | null): string | null {
  return printed ? (readPaymentReference(printed)?.reference ?? null) : null;
}

const minorOf = (json: MoneyJson) => moneyFromJson(json, 'amount').minor;

/** Per currency, the balance and the overdue part by the aging rules (core/aging.ts), from the open items. */
function balancesOf(facts: DebtorFacts): { currency: string; balanceMinor: number; overdueMinor: number; creditMinor: number; items: OpenItemJson[] }[] {
  const currencies = [...new Set([...facts.items.map((item) => item.open.currency), ...facts.unappliedCredits.map((credit) => credit.currency)])].sort((a, b) =>
    a === facts.organization.currency ? -1 : b === facts.organization.currency ? 1 : a.localeCompare(b),
  );
  const openItems = facts.items.map((item) => ({ customerId: facts.customer.id, dueDate: item.due_date, openMinor: minorOf(item.open), currency: item.open.currency }));
  const credits = facts.unappliedCredits.map((credit) => ({ customerId: facts.customer.id, minor: minorOf(credit), currency: credit.currency }));
  return currencies.map((currency) => {
    const { total } = computeAging(currency, openItems, credits, facts.asOf);
    return { currency, balanceMinor: total.balance, overdueMinor: total.overdue, creditMinor: total.unappliedCredit, items: facts.items.filter((item) => item.open.currency === currency) };
  });
}

type BalanceLine = ReturnType<typeof balancesOf>[number];

/** The transfer paying one invoice: what its QR code carries. */
function invoicePayment(item: OpenItemJson): MessagePayment {
  return { currency: item.open.currency, balanceMinor: minorOf(item.open), invoices: [{ number: item.number, paymentReference: electronicReference(item.payment_reference) }] };
}

/** The transfer paying a whole balance: every invoice it owes, by number or reference. */
function balancePayment(line: BalanceLine): MessagePayment {
  const invoices = line.items.filter((item) => minorOf(item.open) > 0).map((item) => ({ number: item.number, paymentReference: electronicReference(item.payment_reference) }));
  return { currency: line.currency, balanceMinor: line.balanceMinor, invoices };
}

/**
 * The text of the EPC QR code paying one invoice (or, with null, the whole balance in the
 * organization's currency), or null when none can be drawn: the same function as the codes of
 * the reminders, so the page and the emails ask for the same transfer.
 */
export function debtorQrPayload(facts: DebtorFacts, invoiceId: string | null): string | null {
  if (invoiceId !== null) {
    const item = facts.items.find((candidate) => candidate.id === invoiceId);
    return item ? paymentQrPayload(facts.organization, invoicePayment(item)) : null;
  }
  const line = balancesOf(facts).find((candidate) => candidate.currency === facts.organization.currency);
  return line ? paymentQrPayload(facts.organization, balancePayment(line)) : null;
}

/** The page's content; `base` is the page's own path (/p/<token>), which every link it gives starts with. */
export function debtorPageJson(facts: DebtorFacts, base: string): DebtorPageJson {
  const { organization, customer, settings } = facts;
  const providers = paymentLinkProvidersOf(settings);
  const bank = printedBankDetails(organization);
  const invoices = facts.items.map((item): DebtorInvoiceJson => {
    const reference = electronicReference(item.payment_reference);
    const open = minorOf(item.open);
    return {
      ...item,
      document_url: item.pdf ? `${base}/invoices/${encodeURIComponent(item.id)}/document` : null,
      qr_code_url: paymentQrPayload(organization, invoicePayment(item)) ? `${base}/qr.png?invoice=${encodeURIComponent(item.id)}` : null,
      payment_link: firstLink(providers, { reference: reference ?? item.number, amountMinor: open, currency: item.open.currency, invoiceNumber: item.number }),
    };
  });
  const balances = balancesOf(facts).map((balance): DebtorBalanceJson => {
    const owed = balance.items.filter((item) => minorOf(item.open) > 0);
    const only = owed.length === 1 ? owed[0]! : null;
    const reference = only?.payment_reference ?? customer.external_ref;
    const qr = balance.currency === organization.currency && paymentQrPayload(organization, balancePayment(balance)) !== null;
    return {
      currency: balance.currency,
      balance: toMoneyJson(balance.balanceMinor, balance.currency),
      overdue: toMoneyJson(balance.overdueMinor, balance.currency),
      unapplied_credit: toMoneyJson(balance.creditMinor, balance.currency),
      reference,
      qr_code_url: qr ? `${base}/qr.png` : null,
      payment_link: firstLink(providers, { reference: electronicReference(only?.payment_reference ?? null) ?? customer.external_ref, amountMinor: balance.balanceMinor, currency: balance.currency, invoiceNumber: null }),
    };
  });
  return {
    as_of: facts.asOf,
    creditor: {
      name: organization.name,
      legal_name: organization.legal_name,
      address: organization.address,
      logo_url: settings.logo ? `${base}/logo?v=${settings.logo.sha256.slice(0, 16)}` : null,
    },
    customer: { reference: customer.external_ref, name: customer.name, language: customer.language },
    bank_account: bank ? { beneficiary: bank.beneficiary, iban: bank.iban, bic: bank.bic || null } : null,
    balances,
    invoices,
    statement_url: `${base}/statement.pdf`,
  };
}
