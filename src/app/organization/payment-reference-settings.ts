import { AppError } from '../../core/app-error.js';
import { defaultPaymentReferenceScheme, PAYMENT_REFERENCE_SCHEMES, type PaymentReferenceScheme } from '../../core/payments/payment-reference.js';
import type { Db } from '../../adapters/db/database.js';
import type { OrganizationRow } from '../../adapters/db/schema.js';
import { getPaymentReferenceScheme, setPaymentReferenceScheme } from '../../adapters/db/stores/payment-references.js';

/** How the organization's invoices' payment references are written, and its country's default. */
export interface PaymentReferenceSettings {
  scheme: PaymentReferenceScheme;
  /** True when the organization chose it; false while it follows its country's default. */
  chosen: boolean;
  countryDefault: PaymentReferenceScheme;
}

export async function getPaymentReferenceSettings(db: Db, organization: OrganizationRow): Promise<PaymentReferenceSettings> {
  const { scheme, chosen } = await getPaymentReferenceScheme(db, organization.id);
  return { scheme, chosen, countryDefault: defaultPaymentReferenceScheme(organization.country) };
}

/**
 * Chooses how the references of invoices recorded from now on are written; null goes back to
 * the country's default. Invoices already recorded keep theirs: it may be printed on a message
 * or a letter the customer holds, and payments quoting it must still find the invoice.
 */
export async function savePaymentReferenceScheme(db: Db, organization: OrganizationRow, scheme: string | null, field = 'scheme'): Promise<PaymentReferenceSettings> {
  if (scheme !== null && !(PAYMENT_REFERENCE_SCHEMES as readonly string[]).includes(scheme)) {
    throw new AppError(
      'validation_failed',
      `"${scheme}" is not a payment reference scheme: structured_communication (Belgian +++123/4567/89002+++) or creditor_reference (RF18 5390 0754 7034)`,
      { field },
    );
  }
  await setPaymentReferenceScheme(db, organization.id, scheme as PaymentReferenceScheme | null);
  return getPaymentReferenceSettings(db, organization);
}
