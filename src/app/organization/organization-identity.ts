import { AppError } from '../../core/app-error.js';
import type { Db } from '../../adapters/db/database.js';
import type { OrganizationRow } from '../../adapters/db/schema.js';
import { getOrganization } from '../../adapters/db/stores/organizations.js';
import { updateOrganizationIdentity, type OrganizationIdentityChanges } from '../../adapters/db/stores/organization-identity.js';

/** Who the creditor is, as letters, statements and the debtor's page name it. */
export interface OrganizationIdentity {
  name: string;
  legal_name: string;
  address: string | null;
  registration_id: string | null;
  vat_id: string | null;
  /** Set when the organization is created: changing them would change the law and the money of every figure. */
  country: string;
  currency: string;
  time_zone: string;
  locale: string;
}

export type OrganizationIdentityInput = Partial<Pick<OrganizationIdentity, 'name' | 'legal_name' | 'address' | 'registration_id' | 'vat_id' | 'locale'>>;

export function organizationIdentityOf(organization: OrganizationRow): OrganizationIdentity {
  return {
    name: organization.name,
    legal_name: organization.legal_name,
    address: organization.address,
    registration_id: organization.registration_id,
    vat_id: organization.vat_id,
    country: organization.country,
    currency: organization.currency,
    time_zone: organization.time_zone,
    locale: organization.locale,
  };
}

function optional(value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  return value.trim() === '' ? null : value.trim();
}

function required(value: string | undefined, field: string, en: string, fr: string): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (!trimmed) throw new AppError('validation_failed', `${field} must not be empty`, { field }, { localized: { en, fr } });
  return trimmed;
}

/** Changes the identity fields given; the others keep their value. */
export async function updateIdentity(db: Db, organization: OrganizationRow, input: OrganizationIdentityInput): Promise<OrganizationIdentity> {
  const changes: OrganizationIdentityChanges = {};
  const name = required(input.name, 'name', 'Type the name people know the organization by.', 'Saisissez le nom sous lequel on connaît l’organisation.');
  if (name !== undefined) changes.name = name;
  const legalName = required(input.legal_name, 'legal_name', 'Type the legal name, as registered.', 'Saisissez la raison sociale, telle qu’enregistrée.');
  if (legalName !== undefined) changes.legal_name = legalName;
  for (const key of ['address', 'registration_id', 'vat_id'] as const) {
    const value = optional(input[key]);
    if (value !== undefined) changes[key] = value;
  }
  if (input.locale !== undefined) changes.locale = input.locale;
  await updateOrganizationIdentity(db, organization.id, changes);
  return organizationIdentityOf((await getOrganization(db, organization.id))!);
}
