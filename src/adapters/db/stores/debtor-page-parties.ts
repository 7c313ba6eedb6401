import type { Db } from '../database.js';
import type { CustomerRow, OrganizationRow } from '../schema.js';
import { portalSettingsInfoOf, type PortalSettingsInfo } from './portal-settings.js';

/** Who a debtor page is between, and what the creditor set for it, read together. */
export interface DebtorPageParties {
  organization: OrganizationRow;
  customer: CustomerRow;
  settings: PortalSettingsInfo;
  /** The creditor's limit on a promise's date (debtor_request_policies), null when it kept the default. */
  promiseMaxDays: number | null;
}

/**
 * The organization, the customer, the page settings and the promise limit in one indexed read
 * (primary keys all), where four separate look-ups would each cost a round through the query
 * builder: the page is opened on every reminder click. Undefined when the customer is not the
 * organization's.
 */
export async function readDebtorPageParties(db: Db, organizationId: string, customerId: string): Promise<DebtorPageParties | undefined> {
  const row = await db.kysely
    .selectFrom('customers as c')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .leftJoin('portal_settings as s', 's.organization_id', 'o.id')
    .leftJoin('debtor_request_policies as p', 'p.organization_id', 'o.id')
    .select([
      'o.id as o_id',
      'o.name as o_name',
      'o.legal_name as o_legal_name',
      'o.country as o_country',
      'o.currency as o_currency',
      'o.time_zone as o_time_zone',
      'o.locale as o_locale',
      'o.registration_id as o_registration_id',
      'o.vat_id as o_vat_id',
      'o.address as o_address',
      'o.bank_accounts as o_bank_accounts',
      'o.default_terms as o_default_terms',
      'o.holiday_region as o_holiday_region',
      'o.payment_reference_scheme as o_payment_reference_scheme',
      'o.created_at as o_created_at',
      'c.id as c_id',
      'c.external_ref as c_external_ref',
      'c.name as c_name',
      'c.registration_id as c_registration_id',
      'c.vat_id as c_vat_id',
      'c.language as c_language',
      'c.segment as c_segment',
      'c.owner_user_id as c_owner_user_id',
      'c.credit_limit_minor as c_credit_limit_minor',
      'c.payment_terms as c_payment_terms',
      'c.created_at as c_created_at',
      'c.updated_at as c_updated_at',
      's.payment_link_template',
      's.logo_content_type',
      's.logo_size_bytes',
      's.logo_sha256',
      's.updated_at as s_updated_at',
      'p.promise_max_days',
    ])
    .where('c.organization_id', '=', organizationId)
    .where('c.id', '=', customerId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    organization: {
      id: row.o_id,
      name: row.o_name,
      legal_name: row.o_legal_name,
      country: row.o_country,
      currency: row.o_currency,
      time_zone: row.o_time_zone,
      locale: row.o_locale,
      registration_id: row.o_registration_id,
      vat_id: row.o_vat_id,
      address: row.o_address,
      bank_accounts: row.o_bank_accounts,
      default_terms: row.o_default_terms,
      holiday_region: row.o_holiday_region,
      payment_reference_scheme: row.o_payment_reference_scheme ?? null,
      created_at: row.o_created_at,
    },
    customer: {
      id: row.c_id,
      organization_id: row.o_id,
      external_ref: row.c_external_ref,
      name: row.c_name,
      registration_id: row.c_registration_id,
      vat_id: row.c_vat_id,
      language: row.c_language,
      segment: row.c_segment,
      owner_user_id: row.c_owner_user_id,
      credit_limit_minor: row.c_credit_limit_minor === null ? null : Number(row.c_credit_limit_minor),
      payment_terms: row.c_payment_terms,
      created_at: row.c_created_at,
      updated_at: row.c_updated_at,
    },
    settings: portalSettingsInfoOf({
      payment_link_template: row.payment_link_template,
      logo_content_type: row.logo_content_type,
      logo_size_bytes: row.logo_size_bytes,
      logo_sha256: row.logo_sha256,
      updated_at: row.s_updated_at,
    }),
    promiseMaxDays: row.promise_max_days === null || row.promise_max_days === undefined ? null : Number(row.promise_max_days),
  };
}
