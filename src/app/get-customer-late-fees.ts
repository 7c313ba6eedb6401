import { lateFeesForInvoices, type LateFeePolicy, type LateFeesForInvoices } from '../core/late-fees-policy.js';
import { halfYearId, type LateInterestLaw } from '../core/late-interest.js';
import { formatMinor, toMoneyJson, type MoneyJson } from '../core/money.js';
import { asOfIn, type AsOf, type PlainDate } from '../core/plain-date.js';
import type { Db } from '../adapters/db/database.js';
import type { CustomerRow, OrganizationRow } from '../adapters/db/schema.js';
import { getLateFeePolicy } from '../adapters/db/stores/late-fee-policies.js';
import { listOpenInvoices } from '../adapters/db/stores/open-items.js';
import { getRateTable } from './get-late-payment-rates.js';

export interface CustomerLateFeesJson {
  customer: { id: string; reference: string; name: string };
  as_of: PlainDate;
  law: LateInterestLaw;
  claim_interest: boolean;
  claim_indemnity: boolean;
  invoices: Array<{
    id: string;
    number: string;
    due_date: PlainDate;
    days_late: number;
    open: MoneyJson;
    /** Null when some late day has no rate on file. */
    interest: MoneyJson | null;
    /** The interest of the late days with a rate on file (the periods); equals `interest` when every day has one. */
    interest_on_file: MoneyJson;
    indemnity: MoneyJson;
    periods: Array<{ from: PlainDate; to: PlainDate; days: number; rate: string; interest: string }>;
  }>;
  totals: Array<{ open: MoneyJson; interest: MoneyJson | null; interest_on_file: MoneyJson; indemnity: MoneyJson; fees: MoneyJson | null; fees_on_file: MoneyJson }>;
  /** First late day with no rate on file, when interest is claimed; the interest is then null. */
  unknown_from: PlainDate | null;
  /** The half-years ("2026-H2") a late day falls in without a rate on file. */
  missing_rates: string[];
}

/**
 * The late fees of a customer's open overdue invoices under the organization's policy and rates,
 * in the core's form: what the collection run states in a message.
 */
export async function computeCustomerLateFees(db: Db, organization: OrganizationRow, customerId: string, asOf: PlainDate): Promise<LateFeesForInvoices & { policy: LateFeePolicy }> {
  const [{ policy }, open] = await Promise.all([getLateFeePolicy(db, organization), listOpenInvoices(db, organization.id, { customerId })]);
  const rates = await getRateTable(db, organization.id, policy.law);
  return { ...lateFeesForInvoices(policy, rates, open, asOf), policy };
}

export async function getCustomerLateFees(
  db: Db,
  organization: OrganizationRow,
  customer: CustomerRow,
  when: AsOf,
): Promise<CustomerLateFeesJson> {
  const asOf = asOfIn(organization.time_zone, when);
  const fees = await computeCustomerLateFees(db, organization, customer.id, asOf);
  const { policy } = fees;
  const maybe = (minor: number | null, currency: string) => (minor === null ? null : toMoneyJson(minor, currency));
  return {
    customer: { id: customer.id, reference: customer.external_ref, name: customer.name },
    as_of: asOf,
    law: fees.law,
    claim_interest: policy.claimInterest,
    claim_indemnity: policy.claimIndemnity,
    invoices: fees.invoices.map((i) => ({
      id: i.invoiceId,
      number: i.number,
      due_date: i.dueDate,
      days_late: i.daysLate,
      open: toMoneyJson(i.openMinor, i.currency),
      interest: maybe(i.interestMinor, i.currency),
      interest_on_file: toMoneyJson(i.interestOnFileMinor, i.currency),
      indemnity: toMoneyJson(i.indemnityMinor, i.currency),
      periods: i.periods.map((p) => ({ from: p.from, to: p.to, days: p.days, rate: p.percent, interest: formatMinor(p.interestMinor, i.currency) })),
    })),
    totals: fees.totals.map((t) => ({
      open: toMoneyJson(t.openMinor, t.currency),
      interest: maybe(t.interestMinor, t.currency),
      interest_on_file: toMoneyJson(t.interestOnFileMinor, t.currency),
      indemnity: toMoneyJson(t.indemnityMinor, t.currency),
      fees: maybe(t.feesMinor, t.currency),
      fees_on_file: toMoneyJson(t.feesOnFileMinor, t.currency),
    })),
    unknown_from: fees.unknownFrom,
    missing_rates: fees.missingHalfYears.map(halfYearId),
  };
}
