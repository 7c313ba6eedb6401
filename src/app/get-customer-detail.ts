import { AGING_BUCKETS, type AgingBucket } from '../core/aging.js';
import { toMoneyJson, type MoneyJson } from '../core/money.js';
import { asOfIn, type AsOf, type PlainDate } from '../core/plain-date.js';
import type { Db } from '../adapters/db/database.js';
import type { ContactRow, CustomerRow, OrganizationRow } from '../adapters/db/schema.js';
import { listContacts } from '../adapters/db/stores/contacts.js';
import { getUser } from '../adapters/db/stores/users.js';
import { getCustomerBalances } from './get-customer-balances.js';

export interface ContactJson {
  id: string;
  customer_id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  role: string;
  created_at: string;
}

export function contactJson(c: ContactRow): ContactJson {
  return { id: c.id, customer_id: c.customer_id, name: c.name, email: c.email, phone: c.phone, address: c.address, role: c.role, created_at: c.created_at };
}

export interface CustomerDetail {
  id: string;
  reference: string;
  name: string;
  registration_id: string | null;
  vat_id: string | null;
  language: string;
  segment: string | null;
  owner: { id: string; name: string } | null;
  credit_limit: MoneyJson | null;
  payment_terms: string | null;
  created_at: string;
  updated_at: string;
  contacts: ContactJson[];
  as_of: PlainDate;
  balance: MoneyJson;
  overdue: MoneyJson;
  unapplied_credit: MoneyJson;
  buckets: Record<AgingBucket, MoneyJson>;
  oldest_due_date: PlainDate | null;
}

/** A customer with contacts and the same balance figures as the aging report. */
export async function getCustomerDetail(
  db: Db,
  organization: OrganizationRow,
  customer: CustomerRow,
  when: AsOf,
): Promise<CustomerDetail> {
  const asOf = asOfIn(organization.time_zone, when);
  const currency = organization.currency;
  const [contacts, owner, balances] = await Promise.all([
    listContacts(db, organization.id, customer.id),
    customer.owner_user_id ? getUser(db, organization.id, customer.owner_user_id) : undefined,
    getCustomerBalances(db, organization.id, { asOf, currency, customerId: customer.id }),
  ]);
  const line = balances.aging.byCustomer.get(customer.id);
  const money = (minor: number) => toMoneyJson(minor, currency);
  return {
    id: customer.id,
    reference: customer.external_ref,
    name: customer.name,
    registration_id: customer.registration_id,
    vat_id: customer.vat_id,
    language: customer.language,
    segment: customer.segment,
    owner: owner ? { id: owner.id, name: owner.name } : null,
    credit_limit: customer.credit_limit_minor === null ? null : money(Number(customer.credit_limit_minor)),
    payment_terms: customer.payment_terms,
    created_at: customer.created_at,
    updated_at: customer.updated_at,
    contacts: contacts.map(contactJson),
    as_of: asOf,
    balance: money(line?.balance ?? 0),
    overdue: money(line?.overdue ?? 0),
    unapplied_credit: money(line?.unappliedCredit ?? 0),
    buckets: Object.fromEntries(AGING_BUCKETS.map((b) => [b, money(line?.buckets[b] ?? 0)])) as Record<AgingBucket, MoneyJson>,
    oldest_due_date: line?.oldestDueDate ?? null,
  };
}
