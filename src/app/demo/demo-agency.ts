import type { PlainDate } from '../../core/plain-date.js';
import { addDays } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import { newId, nowIso } from '../../adapters/db/ids.js';
import type { OrganizationRow, UserRow } from '../../adapters/db/schema.js';
import { saveCollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { getCustomer } from '../../adapters/db/stores/customers.js';
import { createOrganization } from '../../adapters/db/stores/organizations.js';
import { handOffCaseBy, type HandOffInput } from '../mandates/hand-off-case.js';
import { frenchVatId, withLuhnDigit } from './company-identifiers.js';
import { DEMO_COLLECTION_PARTNER, type DemoUser } from './demo-organization.js';

/**
 * The collection agency the demo runs on the same instance: the firm the demo creditor's
 * formal notices already name, as an organization of its own that works the cases handed to it.
 */
const AGENCY_SIREN = withLuhnDigit('91234568');

export const DEMO_AGENCY = {
  name: 'Cabinet Recouvrement Rhône',
  legalName: DEMO_COLLECTION_PARTNER.agencyName,
  country: 'FR',
  currency: 'EUR',
  timeZone: 'Europe/Paris',
  locale: 'fr',
  registrationId: withLuhnDigit(`${AGENCY_SIREN}0001`),
  vatId: frenchVatId(AGENCY_SIREN),
  address: '5 quai Saint-Antoine, 69002 Lyon, France',
  defaultTerms: 'net 30',
  kind: 'agency',
} as const;

/** The agency's one user; its password is generated at load like the creditor's users'. */
export const DEMO_AGENCY_USERS: readonly DemoUser[] = [{ email: 'nadia.roussel@recouvrement-rhone.example', name: 'Nadia Roussel', role: 'admin' }];

/** The demo creditor's customers owing the most overdue money at load are handed to the agency: this many. */
export const DEMO_HANDED_CASES = 2;

/** The mandate's terms: the agency writes in its own name for 15 % of what it recovers, for six months. */
const DEMO_MANDATE_DAYS = 182;
const DEMO_TERMS = { acting_as: 'agency', fee_percent: '15' } as const satisfies Partial<HandOffInput>;

export interface LoadedDemoAgency {
  organizationId: string;
  organizationName: string;
  /** The mandates of the cases handed at load, most owed first. */
  mandateIds: string[];
  /** Their customers' references. */
  customerRefs: string[];
}

/** The customers owing the most overdue money on `on`, most first (a tie goes by reference, so the same seed hands the same cases). */
async function mostOverdueCustomers(db: Db, organizationId: string, on: PlainDate, count: number): Promise<string[]> {
  const rows = await db.kysely
    .selectFrom('invoices as i')
    .innerJoin('customers as c', (join) => join.onRef('c.id', '=', 'i.customer_id').onRef('c.organization_id', '=', 'i.organization_id'))
    .select(['c.id', 'c.external_ref', (eb) => eb.fn.sum<number | string>('i.open_minor').as('overdue')])
    .where('i.organization_id', '=', organizationId)
    .where('i.due_date', '<', on)
    .where('i.open_minor', '>', 0)
    .groupBy(['c.id', 'c.external_ref'])
    .execute();
  return rows
    .map((row) => ({ id: row.id, ref: row.external_ref, overdue: Number(row.overdue) }))
    .sort((a, b) => b.overdue - a.overdue || a.ref.localeCompare(b.ref))
    .slice(0, count)
    .map((row) => row.id);
}

/**
 * The agency, its users (with the password hashes made by the caller) and its sender identity,
 * then the hand-off of the creditor's most overdue customers to it on `on`, handed by `handedBy`:
 * each a live mandate, with the timeline event, the account owner's notice and the agency's
 * "new case" task a hand-off writes. Runs inside the demo's load transaction.
 */
export async function loadDemoAgency(
  db: Db,
  creditor: OrganizationRow,
  input: { users: readonly (DemoUser & { passwordHash: string })[]; handedBy: string | null; on: PlainDate; now: Date },
): Promise<LoadedDemoAgency> {
  const agency = await createOrganization(db, DEMO_AGENCY);
  await saveCollectionSettings(db, agency.id, { senderName: DEMO_AGENCY.name, senderEmail: DEMO_COLLECTION_PARTNER.agencyEmail, senderPhone: DEMO_COLLECTION_PARTNER.agencyPhone });
  const created = nowIso();
  const users: UserRow[] = input.users.map((user) => ({
    id: newId(),
    organization_id: agency.id,
    email: user.email,
    name: user.name,
    password_hash: user.passwordHash,
    role: user.role,
    locale: 'fr',
    created_at: created,
  }));
  if (users.length > 0) await db.kysely.insertInto('users').values(users).execute();

  const mandateIds: string[] = [];
  const customerRefs: string[] = [];
  for (const customerId of await mostOverdueCustomers(db, creditor.id, input.on, DEMO_HANDED_CASES)) {
    const customer = (await getCustomer(db, creditor.id, customerId))!;
    const terms: HandOffInput = { ...DEMO_TERMS, agency_organization_id: agency.id, ends_on: addDays(input.on, DEMO_MANDATE_DAYS) };
    const mandate = await handOffCaseBy(db, customer, terms, input.now, { userId: input.handedBy, on: input.on });
    mandateIds.push(mandate.id);
    customerRefs.push(customer.external_ref);
  }
  return { organizationId: agency.id, organizationName: agency.name, mandateIds, customerRefs };
}
